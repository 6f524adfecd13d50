"""The clock: segment lengths from what they hold, tiled exactly onto the stream."""

from __future__ import annotations

import itertools

import pytest

from livegen.script.pace import speech_seconds, speech_units
from livegen.script.plan import Item, drop_order, place


def test_chinese_speech_is_timed_by_characters_at_four_a_second() -> None:
    assert speech_units("今天讲面霜，24小时保湿。", "zh") == 10  # 9 characters + "24"
    assert speech_seconds("今天讲面霜保湿功效好", "zh") == pytest.approx(2.5)


def test_english_speech_is_timed_by_words_at_two_and_a_half_a_second() -> None:
    assert speech_units("It folds flat to 6 mm, doesn't it?", "en") == 8
    assert speech_seconds(["one two three four five"], "en") == pytest.approx(2.0)
    assert speech_seconds(["one two three four five"], "en", pace=5.0) == pytest.approx(1.0)


def test_place_tiles_the_duration_exactly() -> None:
    times = place([10.0, 20.5, 30.25, 39.25], 100.0)
    assert times[0][0] == 0.0 and times[-1][1] == 100.0
    assert all(a[1] == b[0] for a, b in itertools.pairwise(times))
    assert [round(e - s, 1) for s, e in times[:3]] == [10.0, 20.5, 30.3]


def test_place_scales_down_only_when_the_content_overflows() -> None:
    times = place([60.0, 60.0], 60.0)
    assert times == [(0.0, 30.0), (30.0, 60.0)]


def test_short_streams_drop_the_highest_optional_items_first() -> None:
    items = [Item("hook"), Item("a", optional=1), Item("b", optional=3), Item("c", optional=2)]
    assert drop_order(items) == [2, 3, 1]
