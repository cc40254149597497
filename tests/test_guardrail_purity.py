"""The guardrail is pure: no network, terminal or file I/O modules, no open() calls."""

from __future__ import annotations

import ast

from tests.conftest import REPO, python_process

FORBIDDEN = (
    "socket",
    "ssl",
    "httpx",
    "http.client",
    "urllib.request",
    "anthropic",
    "prompt_toolkit",
    "rich",
    "subprocess",
)
PURE_FILES = ("assistant/guardrail.py", "assistant/policy_data.py")


def test_importing_the_guardrail_loads_no_io_modules() -> None:
    probe = (
        "import sys, assistant.guardrail, assistant.policy_data\n"
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    )
    done = python_process("-c", probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_pure_modules_neither_import_io_nor_call_open() -> None:
    for relative in PURE_FILES:
        tree = ast.parse((REPO / relative).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(
                    n.split(".")[0] in {"os", "io", "pathlib", *FORBIDDEN} for n in names
                ), relative
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"open", "print", "input", "exec", "eval"}, relative
