"""docs/reference/cli.md is generated from --help; it must match what the generator writes now."""

from __future__ import annotations

import difflib
import functools
import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


@functools.cache
def _generator() -> ModuleType:
    path = REPO / "scripts" / "gen_cli_docs.py"
    spec = importlib.util.spec_from_file_location("gen_cli_docs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _page() -> str:
    return str(_generator().render())


def test_committed_cli_reference_matches_every_commands_help() -> None:
    gen = _generator()
    page = _page()
    committed = gen.OUTPUT.read_text(encoding="utf-8")
    if committed != page:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    page.splitlines(keepends=True),
                    "docs/reference/cli.md (committed)",
                    "from --help now",
                )
            )[:60]
        )
        raise AssertionError(
            f"docs/reference/cli.md is out of date: run `{gen.REGENERATE}` and commit it\n{diff}"
        )


def test_cli_reference_covers_every_subcommand() -> None:
    page = _page()
    for heading in (
        "## livegen run\n",
        "## livegen models install\n",
        "## livegen spec import\n",
        "## livegen templates show\n",
        "## livegen config show\n",
    ):
        assert heading in page
    assert "\x1b[" not in page  # no colour codes
