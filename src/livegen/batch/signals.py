"""How a batch stops: the driver decides, workers stop between safe points, none is left.

The batch's process rules are here; every signal handler, the driver's and the workers'
("stop only while busy"), is `livegen.signals`'. The rules:

- The driver (the `livegen batch` process) treats SIGINT, SIGTERM and SIGHUP alike through
  `livegen.signals`: each raises KeyboardInterrupt in its main thread, where the engine
  stops its workers.
- A local pool worker runs in its own process group, so a terminal's Ctrl-C reaches only
  the driver; the driver then sends SIGTERM to each busy worker. In a worker a stop
  signal raises KeyboardInterrupt only while a recording is being worked on (the
  pipeline's own Ctrl-C path then stops ffmpeg and removes partial files); an idle
  worker ignores it and exits when the pool shuts down.
- A worker whose driver died (killed with SIGKILL, say) stops itself the same way, so
  no worker or ffmpeg outlives the batch.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator

from livegen import signals as process_signals


@contextlib.contextmanager
def driver_signals() -> Iterator[None]:
    """While the batch runs, SIGTERM and SIGHUP stop it like Ctrl-C does: the driver uses
    the process-wide handlers of `livegen.signals` (installed at the CLI boundary), so the
    exit code and the clean-up of children and temporary files are the same as `run`'s."""
    process_signals.install()
    yield


def stop_signal() -> int:
    """The first stop signal the driver received (SIGINT when none was seen)."""
    return process_signals.received() or int(signal.SIGINT)


def init_worker() -> None:
    """In a freshly started pool worker: its own process group, stop handlers, and a
    watchdog that stops it when the driver is gone."""
    if hasattr(os, "setpgid"):
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
    process_signals.install_worker()
    parent = os.getppid()
    threading.Thread(
        target=_watch_parent, args=(parent,), daemon=True, name="livegen-batch-watchdog"
    ).start()


def _watch_parent(parent: int, every: float = 1.0, grace: float = 30.0) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    # The driver is gone: stop the recording in hand, then leave.
    if process_signals.is_busy():
        with contextlib.suppress(OSError):
            os.kill(os.getpid(), signal.SIGTERM)
        deadline = time.monotonic() + grace
        while process_signals.is_busy() and time.monotonic() < deadline:
            time.sleep(0.1)
    os._exit(int(128 + signal.SIGTERM))


def stop_worker(pid: int) -> None:
    """Ask a local worker to stop its recording (it cleans up and reports back)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGTERM)


def kill_worker(pid: int) -> None:
    """The last resort for a worker that did not stop in time: it and its children."""
    kill = getattr(signal, "SIGKILL", signal.SIGTERM)
    if hasattr(os, "killpg"):  # the worker leads its own process group (POSIX)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, kill)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, kill)
