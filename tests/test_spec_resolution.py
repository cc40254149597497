"""Where the spec comes from, and the one-line errors when it cannot be had."""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import threading
from pathlib import Path

import pytest

from assistant import spec
from assistant.errors import SpecError
from assistant.spec import load_catalog, open_catalog, resolve_spec
from tests.conftest import HERE

MINI = HERE / "data" / "mini.yml"
VERSION = "2030-01-01"


def _free_closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed on exit: connecting is refused at once


@pytest.fixture
def manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """A manifest of one made-up version whose URL points at a closed local port."""
    data = {
        "default": VERSION,
        "versions": [
            {
                "version": VERSION,
                "url": f"http://127.0.0.1:{_free_closed_port()}/{VERSION}.yml",
                "sha256": hashlib.sha256(MINI.read_bytes()).hexdigest(),
            }
        ],
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(data))
    monkeypatch.setattr(spec, "manifest_path", lambda: path)
    monkeypatch.setattr(spec, "REPO_SPECS_DIR", tmp_path / "repo-specs")
    return data


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    names = ("specs-dir", "repo-specs", "cache")
    made = {name: tmp_path / name for name in names}
    for folder in made.values():
        folder.mkdir()
    (made["cache"] / "specs").mkdir()
    return made


def _env(dirs: dict[str, Path], **extra: str) -> dict[str, str]:
    return {"CLERK_ASSISTANT_CACHE_DIR": str(dirs["cache"]), **extra}


def _place(folder: Path) -> Path:
    target = folder / f"{VERSION}.yml"
    target.write_bytes(MINI.read_bytes())
    return target


def test_resolution_order_first_hit_wins(manifest: dict, dirs: dict[str, Path]) -> None:
    explicit = _place(dirs["specs-dir"].parent)
    in_dir = _place(dirs["specs-dir"])
    in_repo = _place(dirs["repo-specs"])
    in_cache = _place(dirs["cache"] / "specs")
    env = _env(
        dirs, CLERK_ASSISTANT_SPEC=str(explicit), CLERK_ASSISTANT_SPECS_DIR=str(in_dir.parent)
    )
    other = dirs["specs-dir"].parent / "other.yml"
    other.write_bytes(MINI.read_bytes())
    expected = [
        (dict(spec_file=other, env=env), other, "--spec"),
        (dict(env=env), explicit, "CLERK_ASSISTANT_SPEC"),
        (dict(env={k: v for k, v in env.items() if k != "CLERK_ASSISTANT_SPEC"}), in_dir, None),
    ]
    for kwargs, path, origin in expected:
        found = resolve_spec(**kwargs)
        assert found.path == path and (origin is None or found.origin == origin)
    in_dir.unlink()
    assert resolve_spec(env=env | {"CLERK_ASSISTANT_SPEC": ""}).origin == "repo"
    in_repo.unlink()
    found = resolve_spec(env=_env(dirs))
    assert (found.path, found.origin) == (in_cache, "cache")


def test_download_is_last_and_is_verified(
    manifest: dict, dirs: dict[str, Path], tmp_path: Path
) -> None:
    with _serving(MINI.read_bytes()) as url:
        manifest["versions"][0]["url"] = f"{url}/{VERSION}.yml"
        (tmp_path / "manifest.json").write_text(json.dumps(manifest))
        found = resolve_spec(env=_env(dirs))
    assert (found.path, found.origin) == (dirs["cache"] / "specs" / f"{VERSION}.yml", "download")
    again = resolve_spec(env=_env(dirs))  # now cached: no server needed
    assert again.origin == "cache"
    assert len(load_catalog(again, env=_env(dirs))) == 9


def test_download_with_wrong_checksum_is_refused(manifest: dict, dirs: dict[str, Path]) -> None:
    with _serving(b"openapi: 3.0.0\npaths: {}\n") as url:
        known = spec.KnownVersion(VERSION, f"{url}/x.yml", manifest["versions"][0]["sha256"])
        with pytest.raises(SpecError, match="checksum mismatch"):
            spec.pull(known, env=_env(dirs))
    assert not (dirs["cache"] / "specs" / f"{VERSION}.yml").exists()


def test_tampered_cached_copy_is_a_checksum_error(manifest: dict, dirs: dict[str, Path]) -> None:
    cached = _place(dirs["cache"] / "specs")
    cached.write_bytes(cached.read_bytes() + b"\n# edited\n")
    with pytest.raises(SpecError, match=r"checksum mismatch.*specs pull"):
        open_catalog(env=_env(dirs))


def test_offline_with_nothing_local_fails_fast_naming_the_fixes(
    manifest: dict, dirs: dict[str, Path]
) -> None:
    with pytest.raises(SpecError) as caught:
        open_catalog(env=_env(dirs))
    message = str(caught.value)
    assert "not available offline" in message and "download failed" in message
    for fix in ("CLERK_ASSISTANT_SPECS_DIR", "CLERK_ASSISTANT_SPEC", "--spec", "specs pull"):
        assert fix in message
    assert "\n" not in message and caught.value.exit_code == 2


def test_no_download_flag_gives_the_offline_hint(manifest: dict, dirs: dict[str, Path]) -> None:
    with pytest.raises(SpecError, match="not available offline"):
        resolve_spec(env=_env(dirs), download=False)


def test_unknown_version(manifest: dict, dirs: dict[str, Path]) -> None:
    with pytest.raises(SpecError, match=r"unknown spec version '1999-01-01'.*2030-01-01"):
        resolve_spec("1999-01-01", env=_env(dirs))


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("openapi: 3.0.0\npaths: [unclosed\n", "is not valid YAML at line"),
        ('swagger: "2.0"\npaths: {}\n', "is not an OpenAPI 3 document"),
        ("just a string\n", "is not an OpenAPI 3 document"),
        ("openapi: 3.1.0\ninfo: {}\n", "has no `paths`"),
    ],
)
def test_bad_spec_files(tmp_path: Path, content: str, error: str) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(content)
    with pytest.raises(SpecError, match=error):
        open_catalog(spec_file=path, env={"CLERK_ASSISTANT_CACHE_DIR": str(tmp_path)})


def test_missing_spec_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="spec file not found"):
        open_catalog(spec_file=tmp_path / "nope.yml")


def test_compiled_catalog_is_cached_and_reused_without_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"CLERK_ASSISTANT_CACHE_DIR": str(tmp_path)}
    first = open_catalog(spec_file=MINI, env=env)
    assert list((tmp_path / "catalogs").glob("*.json"))

    def no_yaml(path: Path) -> None:
        raise AssertionError("a warm start must not parse YAML")

    monkeypatch.setattr(spec, "_load_yaml", no_yaml)
    second = open_catalog(spec_file=MINI, env=env)
    assert [e.key for e in second] == [e.key for e in first]


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


class _serving:
    """A one-file HTTP server on 127.0.0.1 for download tests."""

    def __init__(self, body: bytes) -> None:
        handler = type("Handler", (_Handler,), {"body": body})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
