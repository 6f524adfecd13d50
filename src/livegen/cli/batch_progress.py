"""What `livegen batch` shows on stderr while it runs: done/total, each worker's stage, ETA.

On a terminal it is one live panel redrawn in place; elsewhere (a log file, CI, NO_COLOR,
or a pipe) it is one line per stage change and per finished recording, so a log reads
as a history. The ETA weighs the remaining recordings by file size, a fair stand-in
for length that is known before any of them is opened.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livegen import timefmt
from livegen.cli.console import err_console, info, state

if TYPE_CHECKING:
    from livegen.batch.work import Event, Outcome
    from livegen.schemas.batch import BatchIndex, BatchItem


def _size(paths: Sequence[str]) -> int:
    total = 0
    for p in paths:
        with contextlib.suppress(OSError):
            total += Path(p).stat().st_size
    return total


class BatchProgress:
    """The batch runner's observer; thread-safe (events arrive on a reader thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: BatchIndex | None = None
        self._todo: list[int] = []
        self._active: dict[int, tuple[str, str, str]] = {}  # index → (worker, stage, detail)
        self._done = 0
        self._started = time.monotonic()
        self._bytes_total = 0
        self._bytes_done = 0
        self._sizes: dict[int, int] = {}
        self._live: Any = None

    # -- the runner's observer ------------------------------------------------------------
    def planned(self, index: BatchIndex, todo: Sequence[int]) -> None:
        with self._lock:
            self._index = index
            self._todo = list(todo)
            self._sizes = {i: _size(index.items[i].source) for i in todo}
            self._bytes_total = sum(self._sizes.values())
            self._started = time.monotonic()
        kept = len(index.items) - len(todo)
        info(
            f"batch: {len(index.items)} recording(s), {len(todo)} to do"
            + (f", {kept} kept from the last run" if kept else "")
            + f"; {index.engine} engine, {index.workers} worker(s) × "
            f"{index.threads_per_worker} thread(s)"
        )
        if todo and self._live_wanted():
            from rich.live import Live

            self._live = Live(
                self._render(), console=err_console(), refresh_per_second=4, transient=True
            )
            self._live.start()

    def event(self, event: Event) -> None:
        index, kind, payload = event
        with self._lock:
            worker, stage, detail = self._active.get(index, ("", "starting", ""))
            if kind == "start":
                worker = payload
            elif kind == "stage":
                stage, detail = payload, ""
            elif kind == "progress":
                detail = payload
            self._active[index] = (worker, stage, detail)
            name = self._name(index)
            view = self._render() if self._live is not None else None
        if self._live is not None:
            self._live.update(view)
        elif kind == "stage":
            info(f"  {name}: {payload}" + (f" ({worker})" if worker else ""))
        elif kind == "progress" and state.verbose:
            info(f"  {name}: {payload}")

    def finished(self, item: BatchItem, outcome: Outcome) -> None:
        with self._lock:
            self._active.pop(outcome.index, None)
            if outcome.status != "interrupted":
                self._done += 1
                size = self._sizes.get(outcome.index, 0)
                if item.status == "failed":  # fails fast: says nothing about the rate
                    self._bytes_total -= size
                else:
                    self._bytes_done += size
            line = self._finished_line(item, outcome)
            view = self._render() if self._live is not None else None
        if self._live is not None:
            self._live.console.print(line, markup=False, highlight=False)
            self._live.update(view)
        else:
            info(line)

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    # -- drawing ----------------------------------------------------------------------
    def _live_wanted(self) -> bool:
        if state.quiet or os.environ.get("NO_COLOR", "") != "":
            return False
        return err_console().is_terminal

    def _name(self, index: int) -> str:
        return self._index.items[index].name if self._index else str(index)

    def _eta(self) -> str:
        elapsed = time.monotonic() - self._started
        total = len(self._todo)
        if not self._done or self._done >= total:
            return ""
        if self._bytes_done and self._bytes_total:
            rest = elapsed * (self._bytes_total - self._bytes_done) / self._bytes_done
        else:
            rest = elapsed * (total - self._done) / self._done
        return f", ETA {timefmt.elapsed(rest)}"

    def _counter(self) -> str:
        return f"[{self._done}/{len(self._todo)}]"

    def _finished_line(self, item: BatchItem, outcome: Outcome) -> str:
        if outcome.status == "interrupted":
            return f"{self._counter()} {item.name}: interrupted"
        if item.status == "failed":
            return f"{self._counter()} {item.name}: failed: {item.error}{self._eta()}"
        length = (
            f", {timefmt.elapsed(item.media_seconds)} of recording" if item.media_seconds else ""
        )
        return (
            f"{self._counter()} {item.name}: done, {item.clips} clip(s){length} in "
            f"{timefmt.elapsed(outcome.seconds)}{self._eta()}"
        )

    def _render(self) -> Any:
        from rich.table import Table
        from rich.text import Text

        table = Table.grid(padding=(0, 1))
        elapsed = timefmt.elapsed(time.monotonic() - self._started)
        head = Text(
            f"{self._done}/{len(self._todo)} recordings done, {elapsed} elapsed{self._eta()}",
            style="bold",
        )
        table.add_row(head)
        for index, (worker, stage, detail) in sorted(self._active.items()):
            table.add_row(Text(f"  {self._name(index)}  {stage}  {detail}  {worker}".rstrip()))
        return table
