"""Read live-stream comment (danmaku) logs: JSONL or CSV with time, user and text.

Accepted time forms: seconds from stream start (`12.5`), `HH:MM:SS(.s)` / `MM:SS`, or an
ISO timestamp (then times are made relative to the first message). Column names are
matched loosely (`time`/`t`/`ts`/`timestamp`/`offset`, `user`/`nickname`/`name`,
`text`/`content`/`comment`/`message`), since every platform exports its own.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from livegen.artifacts import is_stdio, read_text
from livegen.errors import InputError
from livegen.safeload import load_json

TIME_KEYS = ("time", "t", "ts", "timestamp", "offset", "seconds", "created_at")
USER_KEYS = ("user", "nickname", "name", "username", "uid", "author")
TEXT_KEYS = ("text", "content", "comment", "message", "msg", "body")


@dataclass(frozen=True)
class ChatMessage:
    time: float  # seconds from stream start
    user: str
    text: str


def parse_time(value: object) -> float | datetime:
    """Seconds (a number, or h:m:s) or an absolute timestamp; NaN and infinity are refused."""
    t = _parse_time(value)
    if isinstance(t, float) and not math.isfinite(t):
        raise ValueError(f"bad time {value!r}")
    return t


def _parse_time(value: object) -> float | datetime:
    if isinstance(value, bool):
        raise ValueError(f"bad time {value!r}")
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(f"bad time {value!r}") from None
    s = str(value).strip()
    try:
        return float(s)
    except ValueError:
        pass
    if ":" in s and "-" not in s and "T" not in s:
        from livegen.timefmt import parse_clock

        try:
            return parse_clock(s)
        except ValueError:
            raise ValueError(f"bad time {s!r}") from None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"bad time {s!r}") from None


def pick_field(row: dict[str, object], keys: tuple[str, ...]) -> object | None:
    lowered = {str(k).strip().lower(): v for k, v in row.items()}
    for k in keys:
        if k in lowered and lowered[k] not in (None, ""):
            return lowered[k]
    return None


def read_rows(text: str, source: str, suffix: str) -> list[dict[str, object]]:
    """Rows of a JSONL, JSON-array or CSV export, as loose dicts (shared with sales exports)."""
    stripped = text.lstrip()
    if suffix in (".jsonl", ".ndjson", ".json") or stripped.startswith(("{", "[")):
        if stripped.startswith("["):
            data = load_json(text, source)
            return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = load_json(line, f"{source}: line {n}")
            except InputError:
                raise InputError(f"{source}: line {n} is not a JSON object") from None
            if not isinstance(obj, dict):
                raise InputError(f"{source}: line {n} is not a JSON object")
            rows.append(obj)
        return rows
    try:
        return list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise InputError(f"{source}: not valid CSV ({exc})") from None


def load_chat(path: str | os.PathLike[str]) -> list[ChatMessage]:
    """Messages sorted by time; errors name the file and line."""
    source = "<stdin>" if is_stdio(path) else str(path)
    suffix = "" if is_stdio(path) else Path(path).suffix.lower()
    rows = read_rows(read_text(path), source, suffix)
    if not rows:
        raise InputError(f"{source}: no chat messages found")
    raw: list[tuple[float | datetime, str, str]] = []
    for n, row in enumerate(rows, 1):
        t = pick_field(row, TIME_KEYS)
        text = pick_field(row, TEXT_KEYS)
        if t is None or text is None:
            raise InputError(
                f"{source}: message {n} needs a time and a text field "
                f'(e.g. {{"time": 12.5, "user": "a", "text": "多少钱"}})'
            )
        try:
            parsed = parse_time(t)
        except ValueError as exc:
            raise InputError(f"{source}: message {n}: {exc}") from None
        raw.append((parsed, str(pick_field(row, USER_KEYS) or ""), str(text)))
    times = stream_offsets([r[0] for r in raw], source)
    msgs = [ChatMessage(t, u, x) for t, (_, u, x) in zip(times, raw, strict=True)]
    return sorted(msgs, key=lambda m: m.time)


MAX_STREAM_SECONDS = 7 * 24 * 3600  # a week: far past any stream, far below epoch values


def stream_offsets(stamps: list[float | datetime], source: str) -> list[float]:
    """Seconds from the stream's start for offsets or absolute timestamps (not a mix).

    Times must lie within a week from the start: a log written in epoch seconds or
    milliseconds by mistake is an input error, not gigabytes of empty minute buckets.
    """
    if all(isinstance(s, datetime) for s in stamps):
        dts = [s for s in stamps if isinstance(s, datetime)]
        aware = {s.tzinfo is not None for s in dts}
        if len(aware) > 1:
            raise InputError(f"{source}: mixes timestamps with and without a time zone")
        t0 = min(dts)
        times = [(s - t0).total_seconds() for s in dts]
    elif all(isinstance(s, float) for s in stamps):
        times = [float(s) for s in stamps]  # type: ignore[arg-type]
    else:
        raise InputError(f"{source}: mixes absolute timestamps and offsets in seconds")
    for t in times:
        if not 0 <= t <= MAX_STREAM_SECONDS:
            raise InputError(
                f"{source}: time {t:g} s is outside the stream (0 to {MAX_STREAM_SECONDS} s)",
                hint="times are seconds from the start, h:m:s, or ISO timestamps",
            )
    return times
