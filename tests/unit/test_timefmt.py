"""Every clock livegen prints or reads comes from livegen.timefmt."""

from __future__ import annotations

import pytest

from livegen import timefmt


def test_each_format_writes_its_readers_clock() -> None:
    assert timefmt.mmss(450) == "07:30"
    assert timefmt.clock(450) == "7:30"
    assert timefmt.clock(3725.4) == "1:02:05"
    assert timefmt.elapsed(59.9) == "0:59"  # a running clock never shows a second early
    assert timefmt.clock_tenths(65.34) == "1:05.3"
    assert timefmt.clock_tenths(59.96) == "1:00.0"  # rounds into the next minute
    assert timefmt.timeline(751.44) == "00:12:31.4"
    assert timefmt.subtitle_stamp(3723.5) == "01:02:03,500"
    assert timefmt.subtitle_stamp(0.25, ".") == "00:00:00.250"
    assert timefmt.ass_stamp(3.456) == "0:00:03.46"


def test_negative_times_print_as_zero() -> None:
    assert timefmt.clock(-3) == "0:00"
    assert timefmt.subtitle_stamp(-0.1) == "00:00:00,000"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("750", 750.0), ("12:30.5", 750.5), ("00:12:30", 750.0), ("1:02:03", 3723.0), (" 5 ", 5.0)],
)
def test_clock_parser_reads_seconds_minutes_and_hours(text: str, seconds: float) -> None:
    assert timefmt.parse_clock(text) == seconds


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12:75", "seconds must be below 60"),
        ("1:75:00", "minutes must be below 60"),
        ("ten", "cannot read time"),
        ("-5", "cannot read time"),
        ("1:2:3:4", "cannot read time"),
    ],
)
def test_clock_parser_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        timefmt.parse_clock(text)


def test_subtitle_stamps_read_back_what_was_written() -> None:
    for t in (0.0, 1.5, 62.25, 3723.5):
        assert timefmt.parse_subtitle_stamp(timefmt.subtitle_stamp(t)) == pytest.approx(t)
    assert timefmt.parse_subtitle_stamp("01:02.5") == pytest.approx(62.5)
    with pytest.raises(ValueError):
        timefmt.parse_subtitle_stamp("soon")
