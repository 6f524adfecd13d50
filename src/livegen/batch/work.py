"""One recording of a batch, worked on in a worker: `livegen run`'s pipeline, contained.

Every engine calls `run_recording` wherever its worker lives (a local pool process, a
Ray actor or task). It fits the worker's CPU budget (Whisper and ffmpeg threads), runs
`livegen.pipeline.run_pipeline` into the recording's own run folder, and turns whatever
happens into an `Outcome`: a failure is one line, never an exception that could take
the other recordings down. A stop request ends in the outcome `interrupted`, after the
pipeline's own Ctrl-C path removed partial files.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from livegen import cpu_budget
from livegen.batch.inputs import Recording

if TYPE_CHECKING:
    from livegen.config import Config
    from livegen.pipeline import RunOptions

# (item index, kind, payload): kinds "start" (worker id), "stage" (text),
# "progress" (text), sent to the driver for its display.
Event = tuple[int, str, str]
Emit = Callable[[Event], None]
THREAD_ENV = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "OPENCV_FOR_THREADS_NUM",
)
MAX_ERROR = 300


@dataclass
class Job:
    """What a worker needs for one recording; plain data, so it crosses processes."""

    index: int
    recording: Recording
    out_dir: str  # the run folder (absolute)
    threads: int  # the worker's CPU budget
    force: bool = False
    until: str = "clip"


@dataclass
class Outcome:
    index: int
    status: Literal["done", "failed", "interrupted"]
    error: str | None = None
    clips: list[dict[str, Any]] = field(default_factory=list)
    media_seconds: float | None = None
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)
    worker: str = ""
    peak_memory_mib: float | None = None
    cpu_seconds: float | None = None  # user + system, the worker and its children


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def fit_threads(threads: int) -> None:
    """Hold this process (and what it starts) to `threads` cores: the budget every
    livegen pool reads, and the thread counts of the numeric libraries."""
    threads = max(1, int(threads))
    os.environ[cpu_budget.ENV] = str(threads)
    for name in THREAD_ENV:
        os.environ[name] = str(threads)
    cv2 = sys.modules.get("cv2")
    if cv2 is not None:
        cv2.setNumThreads(threads)


def one_line(message: str) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 1] + "…"


def _cpu_seconds() -> float | None:
    try:
        import resource
    except ImportError:
        return None
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mib() -> float | None:
    """This process's peak RSS. (Its children's peak is not reported: on Linux a child
    keeps the peak of the parent it was forked from, so ffmpeg's own is not measurable
    this way.)"""
    try:
        import resource
    except ImportError:  # not POSIX
        return None
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1)


class _Task:
    def __init__(
        self, reporter: WorkerReporter, description: str, total: float | None, unit: str
    ) -> None:
        self._r = reporter
        self._description = description
        self._total = total
        self._unit = unit
        self._done = 0.0
        self._last = 0.0

    def advance(self, amount: float = 1.0) -> None:
        self.update(completed=self._done + amount)

    def update(
        self,
        completed: float | None = None,
        total: float | None = None,
        description: str | None = None,
    ) -> None:
        if total is not None:
            self._total = total
        if description is not None:
            self._description = description
        if completed is not None:
            self._done = completed
        self._r.check()
        now = time.monotonic()
        if now - self._last >= self._r.every:
            self._last = now
            self._r.progress(self._text())

    def _text(self) -> str:
        if self._total:
            unit = f" {self._unit}" if self._unit else ""
            return (
                f"{self._description} {self._done:.0f}/{self._total:.0f}{unit} "
                f"({100 * min(self._done / self._total, 1):.0f}%)"
            )
        return self._description


class WorkerReporter:
    """The pipeline's reporter inside a worker: progress goes to the driver as events.

    `should_stop` is a cooperative stop point for engines that cannot signal a worker
    (a Ray actor): the pipeline reports progress often, and a stop request turns the next
    report into KeyboardInterrupt.
    """

    def __init__(
        self,
        index: int,
        emit: Emit | None,
        every: float = 1.0,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.index = index
        self._emit = emit
        self.every = every
        self._should_stop = should_stop
        self.warnings: list[str] = []

    def send(self, kind: str, text: str) -> None:
        if self._emit is not None:
            # A lost progress line never fails a recording.
            with contextlib.suppress(Exception):
                self._emit((self.index, kind, text))

    def check(self) -> None:
        if self._should_stop is not None and self._should_stop():
            raise KeyboardInterrupt

    def stage(self, text: str) -> None:
        self.check()
        text = text.strip()
        if text.startswith("["):  # "[2/3] highlights": the pipeline's stage lines
            self.send("stage", text)

    def progress(self, text: str) -> None:
        self.send("progress", text)

    @contextmanager
    def task(self, description: str, total: float | None = None, unit: str = "") -> Iterator[_Task]:
        self.check()
        self.progress(description)
        yield _Task(self, description, total, unit)

    def info(self, message: str) -> None:
        pass

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def run_options(job: Job) -> RunOptions:
    # Several recordings share the machine: clips of one recording render one at a time,
    # each with the worker's whole budget.
    return job.recording.run_options(Path(job.out_dir), jobs=1, force=job.force, until=job.until)


def missing_on_this_node(job: Job) -> str | None:
    """The first input this node cannot see (the shared-storage rule on a cluster)."""
    r = job.recording
    for p in [*r.media, *(x for x in (r.chat, r.sales) if x), *r.specs]:
        if not Path(p).exists():
            return p
    return None


def run_recording(
    job: Job,
    config: Config,
    emit: Emit | None = None,
    should_stop: Callable[[], bool] | None = None,
    stop_guard: Callable[[], Any] | None = None,
) -> Outcome:
    """Run the pipeline for one recording and report how it went; never raises for the
    recording's own problems. `stop_guard()` is a context manager marking the span in
    which a stop signal may interrupt (the local engine's)."""
    from livegen.errors import Interrupted, LivegenError
    from livegen.pipeline import run_pipeline

    started = time.monotonic()
    cpu_before = _cpu_seconds()
    fit_threads(job.threads)
    config.set("transcribe.threads", job.threads, "batch worker budget")
    rep = WorkerReporter(job.index, emit, should_stop=should_stop)
    rep.send("start", worker_id())
    outcome = Outcome(index=job.index, status="failed", worker=worker_id())
    try:
        with stop_guard() if stop_guard is not None else contextlib.nullcontext():
            result = run_pipeline(run_options(job), config, reporter=rep, notify=rep.stage)
    except (KeyboardInterrupt, Interrupted):
        outcome.status = "interrupted"
        outcome.error = "interrupted"
    except LivegenError as exc:
        outcome.error = one_line(exc.message)
    except Exception as exc:  # a bug in one recording must not end the batch
        outcome.error = one_line(f"internal error: {type(exc).__name__}: {exc}")
    else:
        outcome.media_seconds = round(result.transcript.duration, 3)
        outcome.stages = {s.name: round(s.seconds, 3) for s in result.stages}
        outcome.reused = [s.name for s in result.stages if s.reused]
        if result.clips is not None:
            clips = result.clips.manifest.clips
            outcome.clips = [
                {
                    "file": c.file,
                    "cover": c.cover,
                    "title": c.title,
                    "duration": c.duration,
                    "status": c.status,
                    "error": c.error,
                }
                for c in clips
            ]
            failed = [c for c in clips if c.status == "failed"]
            if failed:
                outcome.error = one_line(
                    f"{len(failed)} of {len(clips)} clip(s) failed: "
                    f"{failed[0].file}: {failed[0].error}"
                )
            else:
                outcome.status = "done"
        else:
            outcome.status = "done"
    outcome.seconds = round(time.monotonic() - started, 3)
    cpu_after = _cpu_seconds()
    if cpu_before is not None and cpu_after is not None:
        # Whole-process counters: in a threaded Ray actor they include its other thread.
        outcome.cpu_seconds = round(max(cpu_after - cpu_before, 0.0), 3)
    outcome.peak_memory_mib = _peak_mib()
    return outcome
