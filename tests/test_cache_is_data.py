"""Caches hold data, never code (issue 11, attack 3).

The compiled catalog, the search index, the sandbox's spec document and the checked
language tables are JSON in the cache folder. A file planted there, such as a pickle whose
loading would run code, is never executed: it is a cache that does not read, so it is
rebuilt.
"""

from __future__ import annotations

import ast
import json
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import retrieval, spec
from assistant.datacache import read_data, write_data
from assistant.language import data as language
from assistant.sandbox.document import document_cache_file
from assistant.spec import Catalog, load_catalog, resolve_spec
from tests.conftest import ALL_VERSIONS, NEWEST, REPO, SPECS_DIR, cli_process

# Modules whose loading of a file can run code the file names.
CODE_LOADERS = frozenset({"pickle", "_pickle", "cPickle", "marshal", "shelve", "dill", "joblib"})


class _RunsCode:
    """Unpickling this writes the sentinel file: what a crafted cache would do."""

    def __init__(self, sentinel: Path) -> None:
        self.sentinel = sentinel

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"open({str(self.sentinel)!r}, 'w').write('ran')",)


def language_cache_paths(cache_dir: Path) -> list[Path]:
    """Where the language tables are cached (JSON) and where they were (a pickle)."""
    key = language._files_key()
    return [cache_dir / f"language-{key}.pickle", cache_dir / f"language-{key}.json"]


def plant_pickles(cache_dir: Path, sentinel: Path, catalog: Catalog) -> list[Path]:
    """The crafted pickle wherever a catalog, index, document or language cache is (or
    was) read."""
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
        *language_cache_paths(cache_dir),
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


def test_a_crafted_pickle_as_the_language_cache_never_runs(tmp_path: Path) -> None:
    cache, sentinel = tmp_path / "cache", tmp_path / "code-ran"
    for path in language_cache_paths(cache):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(_RunsCode(sentinel)))
    env = {**os.environ, "PYTHONPATH": str(REPO), "CLERK_ASSISTANT_CACHE_DIR": str(cache)}
    done = cli_process("search", "--json", "list users", env=env)
    assert done.returncode == 0, done.stderr
    assert not sentinel.exists(), "a language cache file ran code"
    assert json.loads(done.stdout)[0]["path"] == "/users"
    rebuilt = language_cache_paths(cache)[1]
    assert json.loads(rebuilt.read_bytes())["kind"] == language.CACHE_KIND  # rebuilt as data


def _imported_modules(source: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module.split(".")[0])
    return modules


def test_no_module_of_the_assistant_imports_a_code_loading_format() -> None:
    sources = sorted((REPO / "assistant").rglob("*.py"))
    assert len(sources) > 20
    found = {
        str(path.relative_to(REPO)): sorted(_imported_modules(path) & CODE_LOADERS)
        for path in sources
    }
    assert {path: names for path, names in found.items() if names} == {}


@pytest.fixture
def language_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The language cache file in an empty cache folder; `tables()` forgets its tables."""
    monkeypatch.setenv("CLERK_ASSISTANT_CACHE_DIR", str(tmp_path))
    language.tables.cache_clear()
    yield language_cache_paths(tmp_path)[1]
    language.tables.cache_clear()


def _cached_tables(rules: object = None, raw: object = None) -> dict[str, object]:
    """A language cache payload: the real tables, with `rules` or `raw` swapped in."""
    real = language.check(language.read_yaml(), language.content_digest())
    real_rules = [list(rule._fields()) for rule in real.rules]
    return {
        "digest": real.digest,
        "raw": real.raw if raw is None else raw,
        "rules": real_rules if rules is None else rules,
    }


@pytest.mark.parametrize(
    "junk",
    [
        b"\xff\xfe not utf-8",
        b"[" * 100_000,
        b'{"format": 2, "kind": "language-tables"}',
        b"cos\nsystem\n(S'true'\ntR.",  # a protocol-0 pickle
        json.dumps({"format": 2, "kind": "catalog", "key": "x", "data": {}}).encode(),
    ],
    ids=["not-utf8", "deep-nesting", "header-only", "pickle", "foreign-kind"],
)
def test_a_garbage_language_cache_is_rebuilt(junk: bytes, language_cache: Path) -> None:
    fresh = language.check(language.read_yaml(), language.content_digest())
    language_cache.write_bytes(junk)
    loaded = language.tables()
    assert (loaded.digest, loaded.raw, loaded.rules) == (fresh.digest, fresh.raw, fresh.rules)
    assert language._read_cache(language._files_key()) is not None  # written again, as data
    assert json.loads(language_cache.read_bytes())["kind"] == language.CACHE_KIND


@pytest.mark.parametrize(
    "payload",
    [
        {"rules": [["id", "kind"]]},  # a rule of two fields
        {"rules": [["r1", "shell", "both", "x", "", ""]]},  # a kind no rule has
        {"rules": [["r1", "alias", "both", "x", "", 7]]},  # a number for a string
        {"rules": "not a list"},
        {"raw": {"stopwords": {}}},  # tables missing
        {"raw": ["not", "a", "dict"]},
    ],
    ids=[
        "short-rule",
        "unknown-kind",
        "number-field",
        "rules-not-list",
        "tables-missing",
        "raw-list",
    ],
)
def test_a_language_cache_of_another_shape_is_rebuilt(
    payload: dict[str, object], language_cache: Path
) -> None:
    key = language._files_key()
    write_data(language_cache, language.CACHE_KIND, key, _cached_tables(**payload))
    assert language._read_cache(key) is None
    fresh = language.check(language.read_yaml(), language.content_digest())
    assert language.tables().rules == fresh.rules
    assert language._read_cache(key) is not None


def test_language_tables_cached_for_other_files_are_not_read(language_cache: Path) -> None:
    key = language._files_key()
    write_data(language_cache, language.CACHE_KIND, "other files", _cached_tables())
    assert language._read_cache(key) is None  # keyed by the data files' size and time
    write_data(language_cache, language.CACHE_KIND, key, _cached_tables())
    assert language._read_cache(key) is not None


def test_the_language_cache_equals_the_checked_yaml(language_cache: Path) -> None:
    fresh = language.check(language.read_yaml(), language.content_digest())
    assert not language_cache.exists()
    language.tables()  # cold: checked from the YAML and written
    cached = language._read_cache(language._files_key())
    assert cached is not None
    assert (cached.digest, cached.raw, cached.rules) == (fresh.digest, fresh.raw, fresh.rules)
    assert [rule.flags for rule in cached.rules] == [rule.flags for rule in fresh.rules]


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
