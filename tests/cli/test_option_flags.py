"""Short flags mean one option in every command, and shared options read the same."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import typer

from livegen.cli.app import app

# `lint` predates the rule: its -f is --format (it has no --force); `batch`'s -t is
# --threads-per-worker (it takes no transcript).
EXCEPTIONS = {("lint", "-f"), ("batch", "-t")}


def _commands() -> dict[str, Any]:
    root = typer.main.get_command(app)
    out: dict[str, Any] = {}

    def walk(cmd: Any, path: str) -> None:
        if getattr(cmd, "commands", None):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}".strip())
        else:
            out[path] = cmd

    walk(root, "")
    return out


def _options(cmd: Any) -> list[Any]:
    return [p for p in cmd.params if p.param_type_name == "option"]


def test_each_short_flag_names_the_same_long_option_everywhere() -> None:
    meaning: dict[str, set[str]] = defaultdict(set)
    for path, cmd in _commands().items():
        for opt in _options(cmd):
            longs = sorted(o for o in opt.opts if o.startswith("--"))
            for short in (o for o in opt.opts if not o.startswith("--")):
                if (path.split()[0], short) not in EXCEPTIONS and short != "-h":
                    meaning[short].add(longs[0])
    assert meaning["-p"] == {"--platform"}
    clashes = {s: names for s, names in meaning.items() if len(names) > 1}
    # --out and --output are the same idea (a folder or a file); --top and --count too
    assert clashes == {"-o": {"--out", "--output"}, "-n": {"--count", "--top"}}


def test_shared_options_have_one_help_text() -> None:
    helps: dict[str, set[str]] = defaultdict(set)
    for cmd in _commands().values():
        for opt in _options(cmd):
            if opt.opts[0] in (
                "--chat",
                "--sales",
                "--platform",
                "--reframe",
                "--subtitles",
                "--size",
                "--json",
            ):
                helps[opt.opts[0]].add(opt.help or "")
    assert helps["--chat"] and helps["--json"]
    # the clip preset and the stream platform of a script are two options, two texts
    assert len(helps["--platform"]) == 2
    assert all(len(texts) == 1 for flag, texts in helps.items() if flag != "--platform")


def test_highlights_profile_no_longer_takes_the_platform_flag() -> None:
    cmd = _commands()["highlights"]
    profile = next(o for o in _options(cmd) if "--profile" in o.opts)
    assert "-p" not in profile.opts
