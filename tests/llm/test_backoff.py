"""Retry delays: exponential with jitter, and the server's Retry-After honoured."""

from __future__ import annotations

import random
from email.utils import formatdate

import pytest

from livegen.llm.backoff import MAX_DELAY, MAX_RETRY_AFTER, backoff_delay, retry_after_seconds


def test_backoff_doubles_within_jitter_bounds_and_is_capped() -> None:
    rng = random.Random(7)
    for retry in range(12):
        step = min(MAX_DELAY, 2.0**retry)
        delays = [backoff_delay(retry, rng=rng) for _ in range(50)]
        assert all(step / 2 <= d <= step for d in delays)
        assert len(set(delays)) > 1  # jittered, so parallel clients spread out


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"Retry-After": "86400"}, MAX_RETRY_AFTER),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "-4"}, None),
        ({}, None),
        (None, None),
    ],
)
def test_retry_after_is_read_in_seconds(headers, expected) -> None:
    assert retry_after_seconds(headers) == expected


def test_retry_after_as_http_date_counts_from_now() -> None:
    now = 1_800_000_000.0
    headers = {"Retry-After": formatdate(now + 20, usegmt=True)}
    assert retry_after_seconds(headers, now=now) == pytest.approx(20.0)
    past = {"Retry-After": formatdate(now - 20, usegmt=True)}
    assert retry_after_seconds(past, now=now) == 0.0
