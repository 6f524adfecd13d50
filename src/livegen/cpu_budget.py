"""How many cores this process may use: the one answer every thread pool sizes itself by.

A batch worker shares the machine with other workers, so it is given a budget
(`LIVEGEN_CPUS`) and every pool inside it (x264 threads, parallel clips, Whisper threads)
fits that budget instead of the whole machine: N workers × T threads never oversubscribe.
"""

from __future__ import annotations

import os

ENV = "LIVEGEN_CPUS"


def machine_cores() -> int:
    """Cores the OS lets this process run on (the affinity mask where there is one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def cores() -> int:
    """The budget: `LIVEGEN_CPUS` when set to a positive integer, else the machine's cores."""
    raw = os.environ.get(ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value > 0:
            return value
    return machine_cores()
