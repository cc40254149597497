"""Compiler details on a small fixture spec of our own (tests/data/mini.yml)."""

from __future__ import annotations

import pytest

from assistant.spec import Catalog, compile_summary, open_catalog
from tests.conftest import HERE

MINI = HERE / "data" / "mini.yml"


@pytest.fixture(scope="module")
def mini() -> Catalog:
    return open_catalog(spec_file=MINI)


def test_counts_skip_the_platform_api(mini: Catalog) -> None:
    summary = compile_summary(mini)
    assert summary == {
        "operations": 9,
        "tags": 2,
        "deprecated": 1,
        "delete": 1,
        "get": 3,
        "post": 5,
    }
    assert not [e for e in mini if e.path.startswith("/platform")]
    assert mini.tag_descriptions["Widgets"] == "Things we make."


def test_path_item_parameters_merge_and_operation_level_wins(mini: Catalog) -> None:
    get = mini.get("GET", "/widgets/{widget_id}")
    delete = mini.get("DELETE", "/widgets/{widget_id}")
    assert [p.name for p in get.params] == ["widget_id", "expand"]
    assert get.param("widget_id").required and get.param("widget_id").description == "The widget"
    # the operation's own `expand` replaces the path item's, enum and all
    assert get.param("expand").enum == ("parts", "owner")
    assert get.param("expand").description == "operation-level version"
    # an operation without its own keeps the path item's
    assert (
        delete.param("expand").description == "path-level version"
        and not delete.param("expand").enum
    )


def test_refs_resolved_for_parameters_and_array_items(mini: Catalog) -> None:
    listing = mini.get("GET", "/widgets")
    limit, color = listing.param("limit"), listing.param("color")
    assert (limit.type, limit.minimum, limit.maximum, limit.default) == ("integer", 1, 500, 10)
    assert color.is_array and color.type == "string" and color.enum == ("red", "green", "blue")


def test_object_body_flattens_all_of_with_required_and_enums(mini: Catalog) -> None:
    body = mini.get("POST", "/widgets").body
    assert body.required and not body.is_array and body.content_type == "application/json"
    assert [f.name for f in body.fields] == ["name", "color", "tags", "note"]
    assert body.field("name").required and not body.field("color").required
    assert body.field("color").enum == ("red", "green", "blue")
    assert body.field("tags").is_array and body.field("tags").item_type == "string"
    assert body.field("note").nullable


def test_array_body_describes_its_items(mini: Catalog) -> None:
    body = mini.get("POST", "/widgets/bulk").body
    assert body.is_array and body.max_items == 5 and body.field("name").required


def test_responses_shapes_and_schema_names(mini: Catalog) -> None:
    shapes = {
        r.status: (r.shape, r.schema_name)
        for r in mini.get("GET", "/widgets/{widget_id}").responses
    }
    assert shapes == {"200": ("object", "Widget"), "404": ("empty", None)}
    assert mini.get("GET", "/widgets").success.shape == "list"
    assert mini.get("POST", "/widgets/bulk").success.shape == "array"


def test_deprecated_flag_and_sdk_names(mini: Catalog) -> None:
    assert mini.get("POST", "/widgets/{widget_id}/archive").deprecated
    assert not mini.get("POST", "/widgets/{widget_id}/archived").deprecated
    create = mini.get("POST", "/widgets")
    assert (create.sdk_group, create.sdk_name) == ("widgets", "create")


def test_path_level_params_on_every_published_version(catalog: Catalog) -> None:
    # Real spec: path-level {organization_id} reaches operations that do not repeat it.
    endpoint = catalog.get("DELETE", "/organizations/{organization_id}/memberships/{user_id}")
    assert {p.name for p in endpoint.path_params} == {"organization_id", "user_id"}
    assert all(p.required for p in endpoint.path_params)
