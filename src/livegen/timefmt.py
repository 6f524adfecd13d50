"""Times in a stream, written and read: the one home of livegen's clock formats.

Each format has its own reader (a printed sheet, a terminal table, a timeline, a subtitle
file), so each is a named function here; all of them split seconds the same way.
"""

from __future__ import annotations

import re


def _split(units: int, per_second: int) -> tuple[int, int, int, int]:
    """(hours, minutes, seconds, fraction) of a count of 1/`per_second` second units."""
    h, rest = divmod(max(0, units), 3600 * per_second)
    m, rest = divmod(rest, 60 * per_second)
    s, frac = divmod(rest, per_second)
    return h, m, s, frac


def mmss(seconds: float) -> str:
    """Whole seconds as MM:SS, or H:MM:SS from the first hour on (read off a printed sheet)."""
    h, m, s, _ = _split(round(seconds), 1)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def clock(seconds: float) -> str:
    """Whole seconds as M:SS, or H:MM:SS (a table or report column: 7:30, 1:02:05)."""
    h, m, s, _ = _split(round(seconds), 1)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def elapsed(seconds: float) -> str:
    """A running clock: like `clock`, but a second is shown only once it has passed."""
    h, m, s, _ = _split(int(max(seconds, 0)), 1)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def clock_tenths(seconds: float) -> str:
    """M:SS.s or H:MM:SS.s: a clip's edges, which fall between whole seconds."""
    h, m, s, t = _split(round(seconds * 10), 10)
    return f"{h}:{m:02d}:{s:02d}.{t}" if h else f"{m}:{s:02d}.{t}"


def timeline(seconds: float) -> str:
    """`00:12:31.4`: hours, minutes, seconds and tenths, as an editor's timeline shows."""
    h, m, s, t = _split(round(seconds * 10), 10)
    return f"{h:02d}:{m:02d}:{s:02d}.{t}"


def subtitle_stamp(seconds: float, sep: str = ",") -> str:
    """`HH:MM:SS,mmm` (SRT) or with `.` (VTT)."""
    h, m, s, ms = _split(round(seconds * 1000), 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def ass_stamp(seconds: float) -> str:
    """`H:MM:SS.cc`, the centiseconds of an ASS subtitle event."""
    h, m, s, cs = _split(round(seconds * 100), 100)
    return f"{h:d}:{m:02d}:{s:02d}.{cs:02d}"


_CLOCK = re.compile(r"^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)\s*$")
_SUBTITLE = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{1,3})")


def parse_clock(text: str) -> float:
    """Seconds from `750`, `12:30.5` or `00:12:30` (hours:minutes:seconds).

    ValueError says what is wrong: no such form, or seconds/minutes of 60 or more."""
    m = _CLOCK.match(text)
    if not m:
        raise ValueError(f"cannot read time {text!r} (use 750, 12:30.5 or 00:12:30)")
    a, b, s = m.groups()
    parts = [int(p) for p in (a, b) if p is not None]
    seconds = float(s)
    h, mi = (parts[0], parts[1]) if len(parts) == 2 else (0, parts[0] if parts else 0)
    if parts and seconds >= 60:
        raise ValueError(f"seconds must be below 60 in {text!r}")
    if len(parts) == 2 and mi >= 60:
        raise ValueError(f"minutes must be below 60 in {text!r}")
    return h * 3600 + mi * 60 + seconds


def parse_subtitle_stamp(text: str) -> float:
    """Seconds from an SRT/VTT cue time (`00:01:02,500`, `01:02.5`); ValueError if none."""
    m = _SUBTITLE.search(text)
    if not m:
        raise ValueError(text)
    h, mi, s, frac = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(s) + int(frac) / 10 ** len(frac)
