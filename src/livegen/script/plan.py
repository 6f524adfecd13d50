"""Lay segments out on the stream's clock.

A live-commerce stream is not read top to bottom once: the host opens with a hook,
pitches, takes questions, and re-pitches for viewers who arrive later, while prompting
the chat at a steady cadence. The scheduler gets the first full pitch, a source of
re-pitch rounds and the closing block, fits them to the duration (dropping optional
items when the stream is short, adding rounds when it is long), pins interaction prompts
to a fixed grid of `every` seconds, and stretches each stretch of content between two
prompts to fill it exactly, so segments tile the whole stream with no gap or overlap.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Item:
    """A segment before it has times: its kind, nominal length and template context."""

    kind: str
    nominal: float  # seconds, before scaling
    ctx: dict[str, Any] = field(default_factory=dict)
    selling_point: str | None = None
    persona: str | None = None
    optional: int = 0  # 0 = always kept; higher numbers are dropped first when time is short
    fixed: bool = False  # keep the nominal length when the stretch can absorb the difference


@dataclass
class Placed:
    start: float
    end: float
    item: Item


def interaction_length(every: float) -> float:
    return min(40.0, max(15.0, every * 0.25))


def _fit_first(items: list[Item], budget: float) -> list[Item]:
    """Drop optional items (highest priority number, latest first) until they fit."""
    kept = list(items)
    while sum(i.nominal for i in kept) > budget * 1.15:
        candidates = [(i.optional, n) for n, i in enumerate(kept) if i.optional > 0]
        if not candidates:
            break
        _, index = max(candidates)
        del kept[index]
    return kept


def _lengths(group: list[Item], span: float) -> list[float]:
    """Lengths filling `span`: fixed items (a hook read word for word) keep their nominal
    length while the others can absorb the rest; otherwise everything scales together."""
    fixed = sum(i.nominal for i in group if i.fixed)
    free = sum(i.nominal for i in group if not i.fixed)
    if fixed and free and span - fixed >= 0.5 * free:
        stretch = (span - fixed) / free
        return [i.nominal if i.fixed else i.nominal * stretch for i in group]
    return [i.nominal for i in group]


def schedule(
    first: list[Item],
    repitch: Callable[[int], list[Item]],
    closing: list[Item],
    duration: float,
    every: float,
    interaction: Callable[[int], Item],
) -> list[Placed]:
    """Place items on [0, duration]; interactions start at multiples of `every`."""
    length = interaction_length(every)
    closing_total = sum(i.nominal for i in closing)
    reserve = min(closing_total, 0.2 * duration)
    count = max(0, int((duration - reserve - length) // every)) if every > 0 else 0
    content_total = duration - count * length

    kept = _fit_first(first + closing, content_total)
    closing = [i for i in kept if any(i is c for c in closing)]
    body = [i for i in kept if not any(i is c for c in closing)]
    closing_total = sum(i.nominal for i in closing)
    total = sum(i.nominal for i in body) + closing_total
    round_no = 1
    while total < content_total:
        extra = repitch(round_no)
        if not extra:
            break
        for item in extra:
            if total >= content_total:
                break
            body.append(item)
            total += item.nominal
        round_no += 1
    items = body + closing
    scale = content_total / sum(i.nominal for i in items)

    # Assign each item to the stretch between two interactions holding its midpoint.
    bounds = [k * every - (k - 1) * length for k in range(1, count + 1)]  # content time
    groups: list[list[Item]] = [[] for _ in range(count + 1)]
    cursor = 0.0
    for item in items:
        size = item.nominal * scale
        mid = cursor + size / 2
        groups[sum(1 for b in bounds if b <= mid)].append(item)
        cursor += size

    # Real-time spans of the stretches; an empty stretch is merged into the previous one
    # (its interaction is dropped) so no interaction sits next to another.
    spans: list[tuple[float, float, list[Item], Item | None]] = []
    for k, group in enumerate(groups):
        start = 0.0 if k == 0 else k * every + length
        end = (k + 1) * every if k < count else duration
        prompt = interaction(k) if k > 0 else None
        if not group and spans:
            s0, _, g0, p0 = spans[-1]
            spans[-1] = (s0, end, g0, p0)
            continue
        spans.append((start, end, group, prompt))

    placed: list[Placed] = []
    for start, end, group, prompt in spans:
        if prompt is not None:
            placed.append(Placed(round(start - length, 1), round(start, 1), prompt))
        span = end - start
        weights = _lengths(group, span)
        edge = start
        acc = 0.0
        for item, w in zip(group, weights, strict=True):
            acc += w
            stop = start + span * acc / sum(weights)
            placed.append(Placed(round(edge, 1), round(stop, 1), item))
            edge = stop
    # Make the tiling exact after rounding.
    for a, b in itertools.pairwise(placed):
        b.start = a.end
    if placed:
        placed[0].start = 0.0
        placed[-1].end = round(duration, 1)
    return placed
