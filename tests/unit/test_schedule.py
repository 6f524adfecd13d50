"""The scheduler on synthetic items: tiling, cadence, trimming and re-pitching."""

from __future__ import annotations

import itertools

import pytest

from livegen.script.plan import Item, interaction_length, schedule


def _first() -> list[Item]:
    return [Item("hook", 20), Item("intro", 60), Item("selling_point", 90),
            Item("selling_point", 90, optional=2), Item("price", 40), Item("offer", 45),
            Item("objection", 40, optional=3), Item("objection", 40, optional=3)]


def _closing() -> list[Item]:
    return [Item("urgency", 35), Item("recap", 50), Item("preview", 25)]


def _repitch(n: int) -> list[Item]:
    return [Item("intro", 30, ctx={"round": n}), Item("selling_point", 90), Item("price", 30)]


def _interaction(k: int) -> Item:
    return Item("interaction", 30, ctx={"k": k})


def _run(duration: float, every: float = 120):  # type: ignore[no-untyped-def]
    return schedule(_first(), _repitch, _closing(), duration, every, _interaction)


@pytest.mark.parametrize("duration", [45, 60, 300, 1800, 7200])
@pytest.mark.parametrize("every", [100, 120, 180])
def test_segments_tile_the_duration(duration, every) -> None:
    placed = _run(duration, every)
    assert placed[0].start == 0 and placed[-1].end == duration
    for a, b in itertools.pairwise(placed):
        assert a.end == b.start and b.end > b.start
    assert placed[0].item.kind == "hook" and placed[-1].item.kind == "preview"


def test_interactions_sit_on_the_cadence_grid() -> None:
    placed = _run(3600, 120)
    prompts = [p for p in placed if p.item.kind == "interaction"]
    assert [p.start for p in prompts] == [120.0 * k for k in range(1, len(prompts) + 1)]
    assert all(p.end - p.start == interaction_length(120) for p in prompts)
    assert len(prompts) >= 3600 // 120 - 2


def test_short_streams_drop_optional_items_first() -> None:
    kinds = [p.item.kind for p in _run(240)]
    assert "objection" not in kinds
    assert {"hook", "price", "offer", "preview"} <= set(kinds)


def test_long_streams_add_repitch_rounds() -> None:
    rounds = {p.item.ctx.get("round") for p in _run(3600) if p.item.kind == "intro"}
    assert {1, 2, 3} <= rounds


def test_lengths_follow_nominal_weights_within_a_stretch() -> None:
    placed = _run(1800)
    hook, intro = placed[0], placed[1]
    assert (intro.end - intro.start) > 2 * (hook.end - hook.start)
