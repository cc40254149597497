"""The catalog commands through `assistant.cli.run`, and a few real processes."""

from __future__ import annotations

import json
import os
import socket
from io import StringIO
from pathlib import Path

import pytest

from assistant import spec
from assistant.cli import run
from assistant.environment import Environment
from tests.conftest import HERE, SPECS_DIR, cli_process

MINI = HERE / "data" / "mini.yml"


@pytest.fixture
def call(tmp_path: Path):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    base_env = {
        "CLERK_ASSISTANT_SPECS_DIR": str(SPECS_DIR),
        "CLERK_ASSISTANT_CACHE_DIR": os.environ["CLERK_ASSISTANT_CACHE_DIR"],
        "CLERK_ASSISTANT_CONFIG": str(tmp_path / "none.env"),
    }

    def _call(*argv: str, stdin: str = "", env: dict[str, str] | None = None):
        out, err = StringIO(), StringIO()
        environment = Environment(
            stdin=StringIO(stdin), stdout=out, stderr=err, env=base_env | (env or {}), cwd=tmp_path
        )
        code = run(list(argv), environment)
        return code, out.getvalue(), err.getvalue()

    return _call


def test_search_text_and_explain(call) -> None:
    code, out, err = call("search", "ban a user", "-k", "3", "--explain")
    assert code == 0 and not err
    assert out.splitlines()[0].startswith(" 1. POST   /users/{user_id}/ban")
    assert "fits 'ban'" in out


def test_search_json_shape(call) -> None:
    code, out, _ = call("search", "--json", "-k", "2", "kick user_2x out of org_3y")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2
    assert set(rows[0]) == {"method", "path", "operation_id", "summary", "score"}
    assert rows[0]["operation_id"] == "DeleteOrganizationMembership"


def test_search_batch_reads_stdin_one_json_line_per_request(call) -> None:
    code, out, _ = call("search", "-k", "1", "-", stdin="ban a user\n\ncount users\n")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert [json.loads(line)[0]["path"] for line in lines] == [
        "/users/{user_id}/ban",
        "/users/count",
    ]


def test_search_bad_k_or_empty_text_is_a_usage_error(call) -> None:
    code, out, err = call("search", "-k", "0", "ban")
    assert (code, out) == (2, "") and err.startswith("clerk-assistant: -k must be")
    code, out, err = call("search", "  ")
    assert (code, out) == (2, "") and "nothing to search for" in err


def test_tags_lists_counts(call) -> None:
    code, out, _ = call("tags")
    assert code == 0 and any(line.split() == ["Users", "35"] for line in out.splitlines())
    code, out, _ = call("tags", "--json")
    assert {"tag": "Users", "endpoints": 35}.items() <= next(
        r for r in json.loads(out) if r["tag"] == "Users"
    ).items()


@pytest.mark.parametrize(
    ("wanted", "tag"),
    [
        ("users", "Users"),
        ("USER", "Users"),
        ("allow list block list", "Allow-list / Block-list"),
        ("organization-memberships", "Organization Memberships"),
        ("org", "Organizations"),
        ("jwt template", "JWT Templates"),
    ],
)
def test_browse_forgives_case_punctuation_plurals(call, wanted: str, tag: str) -> None:
    code, out, _ = call("browse", wanted)
    assert code == 0 and out.startswith(f"{tag} (")


def test_browse_unknown_tag_suggests_and_exits_2(call) -> None:
    code, out, err = call("browse", "Organisation Membrships")
    assert code == 2 and not out
    assert "closest: Organization Memberships" in err and len(err.splitlines()) == 1


def test_detail_shows_params_body_responses_and_curl(call) -> None:
    code, out, _ = call("detail", "post", "/v1/organizations/{organization_id}/invitations")
    assert code == 0
    assert "organization_id  string  required" in out
    assert "role  string  required" in out
    assert "Responses:" in out and "curl -X POST" in out
    assert "$CLERK_SECRET_KEY" in out and "sk_" not in out


def test_detail_accepts_concrete_paths_and_json(call) -> None:
    code, out, _ = call("detail", "DELETE", "users/user_123/", "--json")
    data = json.loads(out)
    assert code == 0 and data["operation_id"] == "DeleteUser"
    assert data["curl"].startswith('curl -X DELETE "https://api.clerk.com/v1/users/{user_id}"')


def test_detail_unknown_endpoint_suggests_and_exits_2(call) -> None:
    code, _, err = call("detail", "GET", "/userz")
    assert code == 2 and "closest: GET /users" in err
    code, _, err = call("detail", "FETCH", "/users")
    assert code == 2 and "unknown HTTP method" in err


def test_specs_list_marks_default_and_location(call) -> None:
    code, out, _ = call("specs", "list")
    assert code == 0
    assert f"* 2026-05-12  {SPECS_DIR / '2026-05-12.yml'}" in out
    rows = json.loads(call("specs", "--json")[1])
    assert [r["default"] for r in rows].count(True) == 1 and all(r["present"] for r in rows)


def test_specs_pull_unknown_version_exits_2(call) -> None:
    code, _, err = call("specs", "pull", "1999-01-01")
    assert code == 2 and "unknown spec version" in err


def test_unknown_version_and_bad_spec_file_exit_2_with_one_line(call, tmp_path: Path) -> None:
    code, _, err = call(
        "tags", "--spec-version", "1999-01-01", env={"CLERK_ASSISTANT_SPECS_DIR": ""}
    )
    assert code == 2 and "unknown spec version" in err and len(err.splitlines()) == 1
    bad = tmp_path / "bad.yml"
    bad.write_text("a: [unclosed\n")
    code, _, err = call("tags", "--spec", str(bad))
    assert code == 2 and "not valid YAML" in err and "Traceback" not in err


def test_spec_flag_uses_the_fixture(call) -> None:
    code, out, _ = call("search", "--spec", str(MINI), "--json", "-k", "1", "list the widgets")
    assert code == 0 and json.loads(out)[0]["path"] == "/widgets"


def test_offline_with_nothing_local_exits_2(
    call, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed when the block ends: refused at once
    manifest = tmp_path / "manifest.json"
    version = {"version": "2030-01-01", "url": f"http://127.0.0.1:{port}/x.yml", "sha256": "0"}
    manifest.write_text(json.dumps({"default": "2030-01-01", "versions": [version]}))
    monkeypatch.setattr(spec, "manifest_path", lambda: manifest)
    cache = {"CLERK_ASSISTANT_CACHE_DIR": str(tmp_path / "empty-cache")}
    for argv in (["tags"], ["specs", "pull"]):
        code, out, err = call(*argv, env=cache)
        assert code == 2 and not out and len(err.splitlines()) == 1
        assert "not available offline" in err and "download failed" in err


def test_real_process_search_json() -> None:
    done = cli_process("search", "--json", "ban a user")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["operation_id"] == "BanUser"


def test_real_process_error_is_one_line_exit_2() -> None:
    done = cli_process("detail", "GET", "/nope")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("clerk-assistant: no endpoint GET /nope")
    assert len(done.stderr.splitlines()) == 1


def test_warm_search_json_imports_no_heavy_module() -> None:
    cli_process("search", "--json", "warm the caches")
    done = cli_process("search", "--json", "ban a user", flags=("-X", "importtime"))
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    heavy = {"anthropic", "prompt_toolkit", "rich", "httpx", "yaml", "numpy", "rank_bm25"}
    assert done.returncode == 0 and imported, done.stderr[-500:]
    assert not imported & heavy
