"""The one owner of signals and child processes.

SIGINT (Ctrl-C), SIGTERM (what `timeout`, systemd, `docker stop` and CI send) and SIGHUP
(a closed terminal or ssh session) all stop livegen the same way: the handler raises
`Stop`, a KeyboardInterrupt, in the main thread, so every `except KeyboardInterrupt` /
`finally` on the way up runs its clean-up; at the CLI boundary `shutdown()` stops the
ffmpeg children still running (SIGTERM, then SIGKILL after a grace period), removes the
temporary files registered here, and the exit code is 128 + the signal number
(130, 143, 129), as shells report a process killed by that signal.

A SIGHUP or SIGINT the parent chose to ignore (`nohup`, a background job of a script)
stays ignored: that is the operator's decision, not ours.

A batch's pool worker uses the other mode, `install_worker`: there a stop signal raises
`Stop` only while the worker is `busy()` with a recording, and an idle worker ignores it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 3.0

_lock = threading.RLock()
_children: set[subprocess.Popen[Any]] = set()
_files: set[Path] = set()
_dirs: set[Path] = set()
_received: int | None = None
_installed: dict[int, Any] = {}


class Stop(KeyboardInterrupt):
    """Raised in the main thread when one of the handled signals arrives."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _handler(signum: int, frame: Any) -> None:
    global _received
    first = _received is None
    _received = signum
    if first:
        raise Stop(signum)
    # A second signal while cleaning up: stop the children at once, let clean-up finish.
    kill_children(grace=0.0)


def install() -> None:
    """Handle SIGINT/SIGTERM/SIGHUP in this process (main thread only; idempotent)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in HANDLED:
        if sig in _installed:
            continue
        current = signal.getsignal(sig)
        if current is signal.SIG_IGN and sig != signal.SIGTERM:
            continue
        _installed[sig] = current
        signal.signal(sig, _handler)


# -- worker mode: stop only while busy ---------------------------------------------------------

_busy = threading.Event()  # a worker is working on a task


def _stop_while_busy(signum: int, frame: Any) -> None:
    if _busy.is_set():
        raise Stop(signum)


def install_worker() -> None:
    """The handlers of a pool worker process: SIGINT/SIGTERM/SIGHUP raise `Stop` only
    inside `busy()` (where the task's own Ctrl-C path stops ffmpeg and removes partial
    files); an idle worker ignores them and exits when its pool shuts down."""
    for sig in HANDLED:
        signal.signal(sig, _stop_while_busy)


def is_busy() -> bool:
    return _busy.is_set()


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """Marks the worker busy: stop signals interrupt what runs inside."""
    _busy.set()
    try:
        yield
    finally:
        _busy.clear()


def uninstall() -> None:
    """Restore the handlers `install` replaced (tests running the CLI in-process)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig, previous in list(_installed.items()):
        with contextlib.suppress(TypeError, ValueError):
            signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
        del _installed[sig]


def received() -> int | None:
    """The signal that stopped this run, if any (SIGINT for a plain KeyboardInterrupt)."""
    return _received


def reset() -> None:
    global _received
    _received = None


def exit_code(signum: int | None) -> int:
    return 128 + int(signum or signal.SIGINT)


def describe(signum: int | None) -> str:
    if signum in (None, signal.SIGINT):
        return "interrupted"
    return f"interrupted ({signal.Signals(signum).name})"


# -- children -------------------------------------------------------------------------------


def popen(cmd: list[str], **kwargs: Any) -> subprocess.Popen[Any]:
    """Start a child that `shutdown()` stops if livegen is interrupted."""
    proc: subprocess.Popen[Any] = subprocess.Popen(cmd, **kwargs)
    track(proc)
    return proc


def track(proc: subprocess.Popen[Any]) -> None:
    with _lock:
        _children.add(proc)


def untrack(proc: subprocess.Popen[Any]) -> None:
    with _lock:
        _children.discard(proc)


def children() -> list[subprocess.Popen[Any]]:
    with _lock:
        return [p for p in _children if p.poll() is None]


def kill_children(grace: float = GRACE_SECONDS) -> None:
    """SIGTERM every live child, wait up to `grace` seconds, then SIGKILL the rest."""
    procs = children()
    for p in procs:
        with contextlib.suppress(OSError):
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                p.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(timeout=5)
    with _lock:
        _children.difference_update(procs)


# -- temporary files ----------------------------------------------------------------------------


def track_file(path: Path) -> None:
    with _lock:
        _files.add(path)


def untrack_file(path: Path) -> None:
    with _lock:
        _files.discard(path)


def track_dir(path: Path) -> None:
    with _lock:
        _dirs.add(path)


def untrack_dir(path: Path) -> None:
    with _lock:
        _dirs.discard(path)


@contextlib.contextmanager
def temp_dir(prefix: str = "livegen-") -> Iterator[Path]:
    """A private temporary folder removed on exit, and by `shutdown()` if interrupted."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix=prefix))
    with _lock:
        _dirs.add(path)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        with _lock:
            _dirs.discard(path)


def remove_temporaries() -> None:
    with _lock:
        files, dirs = list(_files), list(_dirs)
        _files.clear()
        _dirs.clear()
    for f in files:
        with contextlib.suppress(OSError):
            f.unlink()
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)


def shutdown() -> None:
    """What the CLI boundary does on the way out of an interrupted (or failed) command."""
    kill_children()
    remove_temporaries()


def pid_alive(pid: int) -> bool:
    """True if a process with this pid exists (whoever owns it)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
