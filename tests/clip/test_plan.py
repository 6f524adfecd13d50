"""Ranges: --at parsing, snapping to sentence edges, the platform's length limit."""

from __future__ import annotations

import pytest
from clipmedia import highlights_data, transcript_data

from livegen.clip.plan import parse_range, plan_ranges, slugify, snap_range
from livegen.errors import UsageError
from livegen.schemas.highlights import Highlights
from livegen.schemas.transcript import Transcript


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00:12:30-00:13:05", (750.0, 785.0)),
        ("750-785", (750.0, 785.0)),
        ("12:30.5-13:05", (750.5, 785.0)),
        ("1:02:03-1:02:04.25", (3723.0, 3724.25)),
    ],
)
def test_at_accepts_clock_and_second_forms(text: str, expected: tuple[float, float]) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["750", "785-750", "a-b", "12:75-13:00", "-5", "1-2-3"])
def test_bad_at_ranges_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--at"):
        parse_range(text)


def test_range_widens_to_sentence_edges_with_a_small_pad() -> None:
    tr = Transcript.model_validate(transcript_data())
    # 3.2 is inside the sentence 3.0-5.3, 5.0 too: the clip takes the whole sentence.
    assert snap_range(3.2, 5.0, tr, total=10, max_duration=60, pad=0.25) == (2.75, 5.55)


def test_range_is_cut_at_a_sentence_end_to_fit_the_platform_limit() -> None:
    tr = Transcript.model_validate(transcript_data())
    start, end = snap_range(0.5, 7.6, tr, total=10, max_duration=6.0, pad=0.25)
    assert end - start <= 6.0
    assert end == pytest.approx(5.55)  # the end of the second sentence plus the pad


def test_range_never_leaves_the_recording() -> None:
    assert snap_range(0.1, 9.95, None, total=10, max_duration=60, pad=0.25) == (0.0, 10.0)


def test_top_keeps_the_best_highlights_in_order() -> None:
    hl = Highlights.model_validate(
        highlights_data([(3.2, 5.0, "b"), (0.6, 2.0, "a"), (6.0, 7.0, "c")])
    )
    ranges = plan_ranges(highlights=hl, at=[], transcript=None, total=10, max_duration=60, top=2)
    assert [r.title for r in ranges] == ["b", "a"]
    assert [r.index for r in ranges] == [1, 2]


def test_a_range_after_the_end_of_the_recording_is_refused() -> None:
    with pytest.raises(UsageError, match="after the end"):
        plan_ranges(
            highlights=None, at=[(50.0, 60.0)], transcript=None, total=10, max_duration=60, top=None
        )


def test_slug_keeps_chinese_and_drops_unsafe_characters() -> None:
    assert slugify("保温杯 真的/好用!") == "保温杯-真的好用"
    assert slugify("  ") == "clip"
    assert slugify("live-demo.zh") == "live-demo-zh"  # dots in a stem keep a separator
