"""Sales data (orders, add-to-cart or GMV over time) as a label for what worked.

Lag model: an order placed at time t is credited to the moments 0–120 s before it. The
weight rises from 0.3 at 0 s to 1 at 5 s, stays 1 until 30 s (the time to open the cart,
pick a variant and pay), then falls linearly to 0 at 120 s (late buyers). A moment's
`sales` signal is the largest weighted spike that follows it.

Accepted files: CSV or JSONL (or a JSON array) with a time column (same forms as comment
logs: seconds, `HH:MM:SS`, ISO timestamps) and one metric column, looked up in order:
orders, add-to-cart, GMV. Each row is the amount in its interval; a column that never
decreases is read as a running total and differenced.
"""

from __future__ import annotations

import itertools
import math
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from livegen.artifacts import is_stdio, read_text
from livegen.chatlog import TIME_KEYS, parse_time, pick_field, read_rows, stream_offsets
from livegen.errors import InputError
from livegen.highlights.grid import (
    HOP,
    clip01,
    credit_back,
    hop_of,
    lag_kernel,
    n_hops,
    rolling_median,
    smooth,
)

if TYPE_CHECKING:
    import numpy as np

SALES_LAG = [(0.0, 0.3), (5.0, 1.0), (30.0, 1.0), (120.0, 0.0)]
METRICS: dict[str, tuple[str, ...]] = {
    "orders": (
        "orders",
        "order",
        "order_count",
        "orders_count",
        "paid_orders",
        "total_orders",
        "订单",
        "订单数",
        "成交单数",
        "成交订单数",
        "下单数",
        "累计订单",
    ),
    "add_to_cart": ("add_to_cart", "add_to_carts", "cart", "carts", "atc", "加购", "加购数"),
    "gmv": ("gmv", "sales", "revenue", "amount", "成交额", "销售额", "成交金额"),
}


@dataclass(frozen=True)
class SalesSeries:
    metric: str  # which column was used
    times: list[float]
    values: list[float]


def load_sales(path: str | os.PathLike[str]) -> SalesSeries:
    source = "<stdin>" if is_stdio(path) else str(path)
    suffix = "" if is_stdio(path) else Path(path).suffix.lower()
    rows = read_rows(read_text(path), source, suffix)
    if not rows:
        raise InputError(f"{source}: no sales rows found")
    lowered = {str(k).strip().lower() for k in rows[0]}
    metric = next((m for m, keys in METRICS.items() if any(k in lowered for k in keys)), None)
    if metric is None:
        raise InputError(
            f"{source}: no orders, add_to_cart or gmv column found "
            f"(columns: {', '.join(sorted(lowered))})"
        )
    stamps: list[float | datetime] = []
    values: list[float] = []
    for n, row in enumerate(rows, 1):
        t = pick_field(row, TIME_KEYS)
        v = pick_field(row, METRICS[metric])
        if t is None:
            raise InputError(f"{source}: row {n} has no time")
        try:
            stamps.append(parse_time(t))
        except ValueError as exc:
            raise InputError(f"{source}: row {n}: {exc}") from None
        try:
            value = float(str(v).replace(",", "")) if v is not None else 0.0
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise InputError(f"{source}: row {n}: {metric} value {v!r} is not a number")
        values.append(value)
    times = stream_offsets(stamps, source)
    order = sorted(range(len(times)), key=lambda i: times[i])
    times = [times[i] for i in order]
    values = [values[i] for i in order]
    column = next(k for k in lowered if k in METRICS[metric])
    if _running_total(values, column):
        values = [values[0]] + [b - a for a, b in itertools.pairwise(values)]
    return SalesSeries(metric, times, values)


def _running_total(values: list[float], column: str) -> bool:
    """A cumulative column: named so, or rising at almost every one of many rows."""
    steps = [b - a for a, b in itertools.pairwise(values)]
    if not steps or any(d < 0 for d in steps):
        return False
    if any(w in column for w in ("total", "cumulative", "累计")):
        return True
    return len(steps) >= 4 and sum(d > 0 for d in steps) >= 0.8 * len(steps)


def sales_signal(series: SalesSeries, duration: float) -> tuple[np.ndarray, np.ndarray]:
    """(per-hop amount per minute, credited spike strength 0..1)."""
    import numpy as np

    n = n_hops(duration)
    amount = np.zeros(n)
    for t, v in zip(series.times, series.values, strict=False):
        h = hop_of(t)
        if 0 <= h < n:
            amount[h] += max(0.0, v)
    per_min = smooth(amount, 10.0) * (60.0 / HOP)
    base = rolling_median(per_min, 600.0)
    spread = float(np.median(np.abs(per_min - np.median(per_min)))) * 1.4826
    scale = max(spread * 4.0, float(per_min.max() - np.median(per_min)) * 0.5, 1e-6)
    spike = clip01((per_min - base) / scale)
    return per_min, credit_back(spike, lag_kernel(SALES_LAG, 120.0))
