"""How livegen writes a time of day in a stream for people: 07:30, or 1:02:05 past an hour."""

from __future__ import annotations


def mmss(seconds: float) -> str:
    """Whole seconds as MM:SS, or H:MM:SS from the first hour on (read off a printed sheet)."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
