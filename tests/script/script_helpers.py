"""Small assertions shared by the script-stage tests."""

from __future__ import annotations

import itertools

from livegen.schemas.script import Script


def spoken(script: Script) -> list[str]:
    return [line for seg in script.segments for line in seg.lines]


def all_text(script: Script) -> list[str]:
    out = [t for seg in script.segments for t in (*seg.lines, *seg.cues, seg.title)]
    out += [v.text for v in (*script.titles, *script.ctas)]
    return out


def assert_tiles(script: Script, duration: float) -> None:
    """Segments start at 0, end at the duration, and touch without gaps or overlaps."""
    segs = script.segments
    assert segs[0].start == 0
    assert abs(segs[-1].end - duration) < 1e-6
    for a, b in itertools.pairwise(segs):
        assert a.end == b.start, (a.title, a.end, b.title, b.start)
        assert b.end > b.start, b
