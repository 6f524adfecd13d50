"""The CLI's side of output: a stderr console, a rich progress reporter, result printing.

Only `livegen.cli` prints. Results go to stdout (plain, so pipes get clean data);
progress, logs and warnings go to stderr. rich honours NO_COLOR; live bars and spinners
are drawn only on a terminal, never with --quiet and never with NO_COLOR set.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from livegen.config import Config


@dataclass
class State:
    """Global flags set by the root callback."""

    debug: bool = False
    quiet: bool = False
    verbose: bool = False
    config_file: str | None = None
    _config: Config | None = None

    def config(self) -> Config:
        if self._config is None:
            from pathlib import Path

            from livegen.config import load_config

            self._config = load_config(file=Path(self.config_file) if self.config_file else None)
        return self._config


state = State(debug=os.environ.get("LIVEGEN_DEBUG", "") not in ("", "0"))

_err_console: Console | None = None


def err_console() -> Console:
    global _err_console
    if _err_console is None:
        from rich.console import Console

        _err_console = Console(stderr=True, highlight=False, soft_wrap=True)
    return _err_console


def echo(text: str = "") -> None:
    """A result line on stdout."""
    sys.stdout.write(text + "\n")


def info(message: str) -> None:
    if not state.quiet:
        err_console().print(message, markup=False)


def verbose(message: str) -> None:
    if state.verbose and not state.quiet:
        err_console().print(message, markup=False, style="dim")


def warn(message: str) -> None:
    if not state.quiet:
        err_console().print(f"warning: {message}", markup=False, style="yellow")


def error_line(message: str, hint: str | None = None) -> None:
    """The single error line (plus a hint line) shown for a LivegenError."""
    con = err_console()
    con.print(f"error: {message}", markup=False, style="bold red")
    if hint:
        con.print(f"hint: {hint}", markup=False, style="dim")


class _RichTask:
    def __init__(self, progress: Any, task_id: Any) -> None:
        self._p = progress
        self._id = task_id

    def advance(self, amount: float = 1.0) -> None:
        self._p.advance(self._id, amount)

    def update(
        self,
        completed: float | None = None,
        total: float | None = None,
        description: str | None = None,
    ) -> None:
        kw: dict[str, Any] = {}
        if completed is not None:
            kw["completed"] = completed
        if total is not None:
            kw["total"] = total
        if description is not None:
            kw["description"] = description
        self._p.update(self._id, **kw)


class _QuietTask:
    def advance(self, amount: float = 1.0) -> None:
        pass

    def update(
        self,
        completed: float | None = None,
        total: float | None = None,
        description: str | None = None,
    ) -> None:
        pass


class RichReporter:
    """Progress bars on stderr when it is a terminal; short log lines otherwise."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._depth = 0

    def _live(self) -> bool:
        if state.quiet or os.environ.get("NO_COLOR", "") != "":
            return False
        return err_console().is_terminal

    @contextmanager
    def task(self, description: str, total: float | None = None, unit: str = "") -> Iterator[Any]:
        if not self._live():
            t0 = time.monotonic()
            verbose(f"{description}…")
            yield _QuietTask()
            verbose(f"{description}: done in {time.monotonic() - t0:.1f} s")
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        if self._progress is None:
            columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
            if unit == "s":
                columns.append(TextColumn("{task.completed:.0f}/{task.total:.0f} s"))
                columns.append(TextColumn("{task.fields[speed]}"))
            else:
                columns.append(MofNCompleteColumn())
            columns += [TimeElapsedColumn(), TimeRemainingColumn()]
            self._progress = Progress(*columns, console=err_console(), transient=False)
            self._progress.start()
        self._depth += 1
        started = time.monotonic()
        task_id = self._progress.add_task(description, total=total, speed="")
        inner = _RichTask(self._progress, task_id)

        if unit == "s":
            progress = self._progress

            class _Timed(_RichTask):
                def update(
                    self,
                    completed: float | None = None,
                    total: float | None = None,
                    description: str | None = None,
                ) -> None:
                    super().update(completed, total, description)
                    if completed:
                        elapsed = max(time.monotonic() - started, 1e-6)
                        progress.update(task_id, speed=f"{completed / elapsed:.1f}× real time")

                def advance(self, amount: float = 1.0) -> None:
                    super().advance(amount)
                    done = progress.tasks[[t.id for t in progress.tasks].index(task_id)].completed
                    elapsed = max(time.monotonic() - started, 1e-6)
                    progress.update(task_id, speed=f"{done / elapsed:.1f}× real time")

            inner = _Timed(self._progress, task_id)
        try:
            yield inner
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._progress.stop()
                self._progress = None

    def info(self, message: str) -> None:
        verbose(message)

    def warn(self, message: str) -> None:
        warn(message)


def reporter() -> RichReporter:
    return RichReporter()
