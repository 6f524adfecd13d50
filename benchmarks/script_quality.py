"""Spoken coverage, repetition and persona overlap of offline scripts.

Run: `.venv/bin/python benchmarks/script_quality.py [SPEC ...]` (defaults: the bundled
samples and the imported brief fixtures, `tests/fixtures/briefs*/`). Coverage is the
lines' speaking time at the script's pace over the duration; a line "repeats" when it is
exactly, or by character-bigram Jaccard >= 0.8, a line said earlier in the same script.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from livegen.script import ScriptOptions, compose  # noqa: E402
from livegen.script.similarity import jaccard  # noqa: E402
from livegen.spec import load_spec  # noqa: E402
from livegen.templating import Templates  # noqa: E402


def lines_of(script) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for seg in script.segments for line in seg.lines]


def repeat_share(lines: list[str]) -> float:
    repeats = sum(
        1
        for i, line in enumerate(lines)
        if any(line == o or jaccard(line, o) >= 0.8 for o in lines[:i])
    )
    return repeats / len(lines) if lines else 0.0


def shared_share(a: list[str], b: list[str]) -> float:
    """Share of the shorter script's lines that the other has (exactly or near)."""
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(1 for x in small if any(x == y or jaccard(x, y) >= 0.8 for y in big)) / len(small)


def default_specs() -> list[tuple[str, object]]:
    """The bundled samples, and the brief fixtures as `livegen spec import` converts them."""
    from livegen.spec_import import import_brief

    samples = sorted(
        p
        for p in (REPO / "samples").glob("*.*")
        if p.suffix in (".yaml", ".json") and not p.name.endswith(".truth.json")
    )
    out: list[tuple[str, object]] = [(p.name, load_spec(p)) for p in samples]
    briefs = [
        p
        for folder in ("briefs", "briefs-wild")
        for p in sorted((REPO / "tests" / "fixtures" / folder).glob("*.*"))
        if p.name != "EXPECTED.yaml"
    ]
    for brief in briefs:
        spec, _ = import_brief(brief.read_text(encoding="utf-8"), str(brief), brief.suffix.lower())
        out.append((f"{brief.name} (imported)", spec))
    return out


def main(paths: list[str]) -> None:
    specs = [(p, load_spec(p)) for p in paths] or default_specs()
    tpl = Templates(None)
    coverages = []
    for name, spec in specs:
        default = compose(spec, ScriptOptions(), tpl)
        hour = compose(spec, ScriptOptions(duration_minutes=60, fill="host"), tpl)
        overlap = []
        for a, b in itertools.combinations([p.name for p in spec.personas], 2):
            sa = compose(spec, ScriptOptions(personas=(a,)), tpl)
            sb = compose(spec, ScriptOptions(personas=(b,)), tpl)
            overlap.append(shared_share(lines_of(sa), lines_of(sb)))
        coverages.append(default.coverage or 0.0)
        print(
            f"{name:34} coverage {default.coverage:.2f} ({spec.duration_minutes:g} min) "
            f"| 60 min: coverage {hour.coverage:.2f}, {len(lines_of(hour))} lines, "
            f"repeats {repeat_share(lines_of(hour)):.1%} "
            f"| personas share {max(overlap, default=0):.0%} max"
        )
    print(
        f"coverage median {statistics.median(coverages):.2f}, min {min(coverages):.2f} "
        f"over {len(coverages)} specs"
    )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("specs", nargs="*", help="spec files (default: bundled samples and briefs)")
    main(ap.parse_args().specs)
