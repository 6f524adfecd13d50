"""The per-window decode-time bound, counted in this process's CPU seconds.

A window's decode is stopped after `decode_time_factor × window + 60 s`, because a
repetition loop can decode for ever. Counted on the wall clock, that bound is a bound on
the machine's load as much as on the work: with twenty runnable processes on two cores a
healthy 4-minute decode gets a tenth of the cores, and the wall bound cut it short (the
transcript then lost the rest of the window). What the bound is for is the work a decode
does, so it is counted in this process's CPU time, which does not advance while the
scheduler runs other processes.

A decode on N threads spends up to N CPU seconds per wall second, so the budget in CPU
seconds is the wall bound times the thread count: on an idle machine with every thread
busy it fires when the wall bound would have, and on a loaded one never earlier. A decode
that keeps fewer threads busy gets more wall time before it fires; the bound is a backstop
against loops, which burn CPU, not a schedule. CPU time spent by other threads of the same
process at the same time counts too (livegen runs nothing beside a decode in its process).

For a remote engine the work is not in this process: it takes `remaining()` as the wall
time its request may take.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]


def cpu_seconds() -> float:
    """CPU seconds this process has used, every thread counted."""
    return time.process_time()


@dataclass
class DecodeDeadline:
    """`seconds` of decoding (wall seconds on an idle machine) for `threads` threads."""

    seconds: float
    threads: int = 1
    clock: Clock = field(default=cpu_seconds, repr=False)
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.threads = max(1, self.threads)
        self.started = self.clock()

    def spent(self) -> float:
        """Decoding done so far, in wall seconds of all threads busy."""
        return (self.clock() - self.started) / self.threads

    def remaining(self) -> float:
        return max(0.0, self.seconds - self.spent())

    def passed(self) -> bool:
        return self.spent() > self.seconds


def window_deadline(
    factor: float, window_seconds: float, threads: int, clock: Clock | None = None
) -> DecodeDeadline | None:
    """The bound for one window: `factor × window + 60 s` on `threads` threads (0: one
    per core, as the engines count them); None when `factor` is 0 (no bound)."""
    if factor <= 0:
        return None
    n = threads or os.cpu_count() or 1
    return DecodeDeadline(factor * window_seconds + 60.0, n, clock or cpu_seconds)
