"""`livegen doctor`: what this machine has, what it lacks, and how to fix it."""

from __future__ import annotations

import typer

from livegen.cli.console import echo, state
from livegen.cli.options import AsJson

MARK = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def doctor(
    as_json: AsJson = False,
    check_llm: bool = typer.Option(
        False,
        "--check-llm",
        help="Also contact the configured LLM endpoint (GET /models, 3 s timeout).",
    ),
) -> None:
    """Check ffmpeg, fonts, model weights, optional packages, the LLM endpoint and disk.

    Exit code 0 when nothing failed (warnings allowed), 1 otherwise.
    """
    import json

    from livegen.doctor import run_checks, summary

    checks = run_checks(state.config(), check_llm_reach=check_llm)
    data = summary(checks)
    if as_json:
        echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        width = max(len(c.name) for c in checks)
        for c in checks:
            echo(f"{MARK[c.status]}  {c.name:<{width}}  {c.detail}")
            if c.fix and c.status != "ok":
                echo(f"      {'':<{width}}  fix: {c.fix}")
        counts = data["counts"]
        assert isinstance(counts, dict)
        echo(f"\n{counts['ok']} ok, {counts['warn']} warning(s), {counts['fail']} failure(s)")
    if not data["ok"]:
        raise typer.Exit(1)
