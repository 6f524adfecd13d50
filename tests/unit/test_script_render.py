"""Time codes and Markdown layout of a run-of-show."""

from __future__ import annotations

import re

from livegen.timefmt import mmss


def test_time_codes_read_like_a_clock() -> None:
    assert mmss(0) == "00:00"
    assert mmss(59.6) == "01:00"
    assert mmss(754) == "12:34"
    assert mmss(3725) == "1:02:05"


def test_long_streams_use_hour_time_codes(invoke) -> None:
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "samples" / "face-cream.zh.yaml"
    code, out, _ = invoke("script", str(sample), "--duration", "75", "--no-label", "--fill", "host")
    assert code == 0
    heads = re.findall(r"^## (\S+)–(\S+) ", out, flags=re.M)
    assert heads[0][0] == "00:00" and heads[-1][1] == "1:15:00"
    assert any(start.count(":") == 2 for start, _ in heads)
