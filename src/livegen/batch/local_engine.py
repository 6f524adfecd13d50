"""The `local` engine: a pool of worker processes on this machine.

Each worker is a separate process (started fresh, not forked, so no thread or lock of
the driver leaks into it) that lives for the whole batch: it loads its Whisper model on
its first recording and keeps it for the next ones. Each works on one recording at a
time within its CPU budget (`threads`). A worker that dies (killed for memory, say)
fails only the recordings it had in hand; the others go to a fresh pool.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from livegen import signals as process_signals
from livegen.batch import signals
from livegen.batch.work import Event, Job, Outcome, one_line, run_recording

if TYPE_CHECKING:
    from livegen.config import Config

STOP_GRACE = 60.0  # seconds a worker gets to stop its recording and clean up

_events: Any = None  # in a worker: the queue its progress events go to


def _init_worker(events: Any) -> None:
    global _events
    signals.init_worker()
    _events = events


def _emit(event: Event) -> None:
    if _events is not None:
        _events.put_nowait(event)


def _work(job: Job, config: Config) -> Outcome:
    return run_recording(job, config, emit=_emit, stop_guard=process_signals.busy)


class LocalEngine:
    name = "local"

    def __init__(self, workers: int, threads: int) -> None:
        self.workers = workers
        self.threads = threads
        self._pids: set[int] = set()

    def run(
        self,
        jobs: Sequence[Job],
        config: Config,
        on_event: Callable[[Event], None],
        on_outcome: Callable[[Outcome], None],
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        events = ctx.Queue()
        started: set[int] = set()  # job indexes a worker has begun
        reader = threading.Thread(
            target=self._read_events,
            args=(events, on_event, started),
            daemon=True,
            name="livegen-batch-events",
        )
        reader.start()
        todo = list(jobs)
        try:
            while todo:
                todo = self._round(ctx, events, todo, config, started, on_outcome)
        finally:
            events.put(None)
            reader.join(timeout=5)
            events.close()
            events.join_thread()

    def _read_events(
        self, events: Any, on_event: Callable[[Event], None], started: set[int]
    ) -> None:
        while True:
            try:
                event = events.get()
            except (EOFError, OSError):
                return
            if event is None:
                return
            index, kind, payload = event
            if kind == "start":
                started.add(index)
                pid = payload.rsplit(":", 1)[-1]
                if pid.isdigit():
                    self._pids.add(int(pid))
            on_event(event)

    def _round(
        self,
        ctx: Any,
        events: Any,
        jobs: list[Job],
        config: Config,
        started: set[int],
        on_outcome: Callable[[Outcome], None],
    ) -> list[Job]:
        """One pool over `jobs`; returns the jobs to run again on a fresh pool (those a
        dead worker took down before they started)."""
        pool = ProcessPoolExecutor(
            max_workers=max(1, min(self.workers, len(jobs))),
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(events,),
        )
        futures: dict[Future[Outcome], Job] = {pool.submit(_work, j, config): j for j in jobs}
        pending = set(futures)
        retry: list[Job] = []
        try:
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for f in done:
                    job = futures[f]
                    try:
                        on_outcome(f.result())
                    except BrokenProcessPool:
                        time.sleep(0.2)  # let the last events of the dead worker arrive
                        if job.index in started:
                            on_outcome(
                                Outcome(
                                    index=job.index,
                                    status="failed",
                                    error="the worker process died while "
                                    "working on it (out of memory?)",
                                )
                            )
                        else:
                            retry.append(job)
                    except Exception as exc:  # e.g. an outcome that could not be sent back
                        on_outcome(
                            Outcome(
                                index=job.index,
                                status="failed",
                                error=one_line(f"internal error: {type(exc).__name__}: {exc}"),
                            )
                        )
        except KeyboardInterrupt:
            self._stop(pool, futures, pending, on_outcome)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return sorted(retry, key=lambda j: j.index)

    def _stop(
        self,
        pool: ProcessPoolExecutor,
        futures: dict[Future[Outcome], Job],
        pending: set[Future[Outcome]],
        on_outcome: Callable[[Outcome], None],
    ) -> None:
        """Cancel what has not started; ask busy workers to stop and collect what they
        report, killing any that outlives the grace period (or a second Ctrl-C)."""
        running = {f for f in pending if not f.cancel()}
        # Idle workers ignore the signal; busy ones stop their recording and report.
        pids = set(self._pids) | set(getattr(pool, "_processes", None) or {})
        for pid in pids:
            signals.stop_worker(pid)
        deadline = time.monotonic() + STOP_GRACE
        try:
            while running and time.monotonic() < deadline:
                done, running = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for f in done:
                    try:
                        on_outcome(f.result())
                    except Exception:  # a worker that died while stopping
                        on_outcome(Outcome(index=futures[f].index, status="interrupted"))
        except KeyboardInterrupt:
            pass  # asked twice: stop waiting
        for f in running:
            on_outcome(Outcome(index=futures[f].index, status="interrupted"))
        if running:
            for pid in pids:
                signals.kill_worker(pid)
