"""How long to wait before retrying a failed LLM request.

Exponential backoff with jitter spreads retries from many clients (a shop running several
`livegen` jobs against one rate-limited key) instead of having them hit the server in
lockstep. A server's own `Retry-After` wins: it knows when the quota frees up.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime

BASE_DELAY = 1.0  # seconds before the first retry (before jitter)
MAX_DELAY = 30.0  # cap of the exponential growth
MAX_RETRY_AFTER = 120.0  # a longer Retry-After is honoured only up to this


def backoff_delay(
    retry: int,
    *,
    base: float = BASE_DELAY,
    cap: float = MAX_DELAY,
    rng: random.Random | None = None,
) -> float:
    """Delay before retry number `retry` (0-based): between half and all of base·2^retry.

    "Equal jitter": never less than half the exponential step, so a retry storm still
    backs off, and never more than the step, so the worst case stays predictable.
    """
    step = min(cap, base * (2**retry))
    rand = (rng or random).random()
    return step / 2 + rand * step / 2


def retry_after_seconds(
    headers: Mapping[str, str] | None, *, now: float | None = None
) -> float | None:
    """The server's requested wait from `retry-after-ms` or `Retry-After`, else None.

    `Retry-After` may be seconds or an HTTP date; OpenAI also sends `retry-after-ms`.
    Nonsense values are ignored rather than trusted.
    """
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms:
        try:
            ms = float(raw_ms)
        except ValueError:
            ms = -1.0
        if 0 <= ms < float("inf"):
            return min(ms / 1000.0, MAX_RETRY_AFTER)
    raw = lowered.get("retry-after")
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - (time.time() if now is None else now)
        seconds = max(seconds, 0.0)
    if not 0 <= seconds < float("inf"):
        return None
    return min(seconds, MAX_RETRY_AFTER)
