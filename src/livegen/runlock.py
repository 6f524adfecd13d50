"""One `livegen run` per output folder at a time.

Two runs writing the same folder would interleave their state saves and renders and
leave a folder neither can resume. The lock is an `flock` on `DIR/.livegen-run.lock`,
which the kernel releases when the holder dies however it dies, so a lock left by a
killed run (SIGKILL, power loss) is taken over by the next run without any clean-up.
The file holds the holder's pid for the error message. Where `flock` is not available
(some network file systems) the pid alone decides: a lock whose pid is gone is stale.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from types import TracebackType

from livegen.errors import UsageError

LOCK_FILE = ".livegen-run.lock"


class FolderBusy(UsageError):
    """Another run holds the folder's lock."""


class RunLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def acquire(self) -> None:
        import fcntl

        for _ in range(5):  # the file may be replaced under us by a releasing holder
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_pid(fd)
                os.close(fd)
                raise self._busy(holder) from None
            except OSError as exc:
                if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                    os.close(fd)
                    raise
                self._pid_only(fd)
                return
            if not _same_file(fd, self.path):
                os.close(fd)
                continue
            self._fd = fd
            _write_pid(fd)
            return
        raise self._busy(None)

    def _pid_only(self, fd: int) -> None:
        from livegen.signals import pid_alive

        holder = _read_pid(fd)
        if holder and holder != os.getpid() and pid_alive(holder):
            os.close(fd)
            raise self._busy(holder)
        self._fd = fd  # stale (its run is gone) or ours: take it over
        _write_pid(fd)

    def _busy(self, holder: int | None) -> FolderBusy:
        who = f" (pid {holder})" if holder else ""
        return FolderBusy(
            f"{self.path.parent}: another `livegen run`{who} is writing this folder",
            hint="wait for it to finish, or pass another --out",
        )

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # before unlocking: a waiter re-checks the inode
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 64).decode("ascii", "ignore").strip()
        return int(text) if text.isdigit() else None
    except (OSError, ValueError):
        return None


def _write_pid(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
