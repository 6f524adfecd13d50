"""Start a livegen subprocess, wait until it is busy, then signal it: the fault tests' core."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple


class Finished(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def wait_for(
    pred: Callable[[], bool], proc: subprocess.Popen[str], timeout: float = 300, what: str = ""
) -> None:
    """Poll until `pred()`; fail if the process ended first (too fast to interrupt)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        if proc.poll() is not None:
            _out, err = proc.communicate()
            raise AssertionError(f"finished before {what}: rc={proc.returncode} {err[-800:]}")
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def interrupt_when(
    args: Sequence[str],
    env: dict[str, str],
    ready: Callable[[], bool],
    *,
    what: str,
    sig: signal.Signals = signal.SIGINT,
    act: Callable[[subprocess.Popen[str]], None] | None = None,
    grace: float = 60,
    started: Callable[[subprocess.Popen[str]], None] | None = None,
) -> Finished:
    """Run `args`, wait until `ready()` holds, then send `sig` (or call `act(proc)` instead)
    and collect the output. `started(proc)` hears of the process first, for a `ready` that
    looks at its children. The process is killed if it is still there at the end, so a
    failing test never leaves it running."""
    proc = subprocess.Popen(
        list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    if started is not None:
        started(proc)
    try:
        wait_for(ready, proc, what=what)
        if act is not None:
            act(proc)
        else:
            proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=grace)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return Finished(proc.returncode, stdout, stderr)
