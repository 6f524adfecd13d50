"""Lay segments out on the stream's clock.

A live-commerce stream is not read top to bottom once: the host opens with a hook,
pitches, takes questions, and re-pitches for viewers who arrive later, while prompting
the chat at a steady cadence. Each segment is as long as what it holds, its lines at
the host's pace plus its labelled stage time (a demo, a poll left open), so the clock
follows the words instead of stretching a few lines over minutes. The composer decides
what goes in (`livegen.script.offline`); this module holds the items and turns their
lengths into start and end times that tile the stream exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Item:
    """A segment before it is rendered: its kind, template context and drop priority."""

    kind: str
    nominal: float = 0.0  # a rough length, used only to plan what a short stream drops
    ctx: dict[str, Any] = field(default_factory=dict)
    selling_point: str | None = None
    persona: str | None = None
    optional: int = 0  # 0 = always kept; higher numbers are dropped first when time is short
    fixed: bool = False


def interaction_length(every: float) -> float:
    """A rough length of one chat prompt, for planning before it is rendered."""
    return min(40.0, max(15.0, every * 0.2))


def drop_order(items: list[Item]) -> list[int]:
    """Indices of optional items in the order a short stream gives them up."""
    ranked = sorted(((i.optional, n) for n, i in enumerate(items) if i.optional > 0), reverse=True)
    return [n for _, n in ranked]


def place(lengths: list[float], duration: float) -> list[tuple[float, float]]:
    """Start and end times for consecutive lengths, tiling [0, duration] exactly.

    Lengths that add up to more than the duration (a very short stream) are scaled down
    together; the last segment ends on the duration, absorbing rounding.
    """
    total = sum(lengths)
    scale = duration / total if total > duration and total > 0 else 1.0
    out: list[tuple[float, float]] = []
    clock = 0.0
    for length in lengths:
        start = round(clock, 1)
        clock += length * scale
        out.append((start, round(clock, 1)))
    if out:
        out[-1] = (out[-1][0], round(duration, 1))
        for k in range(1, len(out)):
            out[k] = (out[k - 1][1], out[k][1])
    return out
