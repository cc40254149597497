"""Caches hold data, never code (issue 11, attack 3).

The compiled catalog, the search index and the sandbox's spec document are JSON in the
cache folder. A file planted there, such as a pickle whose loading would run code, is never
executed: it is a cache that does not read, so it is rebuilt.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from assistant import retrieval, spec
from assistant.datacache import read_data, write_data
from assistant.sandbox.document import document_cache_file
from assistant.spec import Catalog, load_catalog, resolve_spec
from tests.conftest import ALL_VERSIONS, NEWEST, REPO, SPECS_DIR, cli_process


class _RunsCode:
    """Unpickling this writes the sentinel file: what a crafted cache would do."""

    def __init__(self, sentinel: Path) -> None:
        self.sentinel = sentinel

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"open({str(self.sentinel)!r}, 'w').write('ran')",)


def plant_pickles(cache_dir: Path, sentinel: Path, catalog: Catalog) -> list[Path]:
    """The crafted pickle wherever a catalog, index or document cache is (or was) read."""
    env = {"CLERK_ASSISTANT_CACHE_DIR": str(cache_dir)}
    stem = cache_dir / "catalogs" / f"{catalog.sha256[:32]}-c{spec.COMPILER_VERSION}"
    index_stem = f"{stem}-r{retrieval.INDEX_VERSION}.index"
    planted = [
        spec._cache_file(catalog.sha256, env),
        Path(f"{stem}.pickle"),
        Path(f"{index_stem}.pickle"),
        Path(f"{index_stem}.json"),
        cache_dir / "documents" / f"{catalog.sha256[:32]}.pickle",
        cache_dir / "documents" / f"{catalog.sha256[:32]}.json",
    ]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(_RunsCode(sentinel)))
    return planted


def test_a_crafted_pickle_in_the_cache_never_runs_and_is_rebuilt(
    tmp_path: Path, catalog: Catalog
) -> None:
    cache, sentinel = tmp_path / "cache", tmp_path / "code-ran"
    plant_pickles(cache, sentinel, catalog)
    env = {**os.environ, "PYTHONPATH": str(REPO), "CLERK_ASSISTANT_CACHE_DIR": str(cache)}
    done = cli_process("search", "--json", "list users", env=env)
    assert done.returncode == 0, done.stderr
    assert not sentinel.exists(), "a file in the cache folder ran code"
    assert json.loads(done.stdout)[0]["path"] == "/users"
    rebuilt = spec._cache_file(catalog.sha256, {"CLERK_ASSISTANT_CACHE_DIR": str(cache)})
    assert json.loads(rebuilt.read_bytes())["kind"] == "catalog"  # rebuilt as data
    assert cli_process("search", "--json", "list users", env=env).stdout == done.stdout


def test_a_crafted_pickle_as_the_sandbox_document_never_runs(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.sandbox.document import cached_document

    monkeypatch.setenv("CLERK_ASSISTANT_CACHE_DIR", str(tmp_path))
    sentinel = tmp_path / "code-ran"
    plant_pickles(tmp_path, sentinel, catalog)
    assert cached_document(catalog)["openapi"].startswith("3")
    assert not sentinel.exists()
    assert read_data(document_cache_file(catalog), "document", catalog.sha256) is not None


@pytest.mark.parametrize("version", ALL_VERSIONS)
def test_the_cached_catalog_and_index_equal_the_freshly_built_ones(
    version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLERK_ASSISTANT_CACHE_DIR", str(tmp_path))
    source = resolve_spec(version, env={"CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)})
    fresh = load_catalog(source, use_cache=False)
    assert load_catalog(source) is not fresh  # compiled and written
    cached = load_catalog(source)
    assert (cached.endpoints, cached.tag_descriptions) == (fresh.endpoints, fresh.tag_descriptions)
    built = retrieval.build_index(fresh)
    retrieval._write_index(retrieval._index_file(fresh), fresh, built)
    assert retrieval._read_index(retrieval._index_file(fresh), cached) == built


def test_a_foreign_or_stale_cache_is_rebuilt(tmp_path: Path, catalog: Catalog) -> None:
    env = {"CLERK_ASSISTANT_CACHE_DIR": str(tmp_path)}
    source = resolve_spec(NEWEST, env={**env, "CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR)})
    path = spec._cache_file(catalog.sha256, env)
    write_data(path, "catalog", "another spec", spec.catalog_data(catalog))
    assert read_data(path, "catalog", "another spec") is not None
    assert spec._read_cache(path, catalog.sha256, "x") is None  # keyed by the spec digest
    short = spec.catalog_data(catalog)  # the right header, rows of another layout
    short["endpoints"] = [row[:-1] for row in short["endpoints"]]
    write_data(path, "catalog", spec._cache_key(catalog.sha256), short)
    assert spec._read_cache(path, catalog.sha256, "x") is None
    for junk in (b"\xff\xfe not utf-8", b"[1, 2]", b'{"kind": "catalog"}', b"[" * 100_000):
        path.write_bytes(junk)
        assert len(load_catalog(source, env=env)) == len(catalog)
        assert spec._read_cache(path, catalog.sha256, "x") is not None  # written again
