"""The `ray` engine: recordings across a Ray cluster (or a local Ray instance).

- Transcription runs in long-lived actors, each reserving `threads` CPUs: an actor loads
  its Whisper model on its first recording and keeps it for every later one.
- Highlights and clips run in separate tasks with their own CPU budget (`threads`), so
  one recording renders while the next is transcribed, and each task can land on any
  node.
- Both write into the recording's run folder (its artifacts are the results) and return
  a small outcome; the driver writes the index.

Every node must see the batch's files at the same absolute paths (shared storage: NFS,
a mounted bucket); a node that cannot see an input or the output folder fails that
recording with a message saying so, rather than writing results onto its own disk.
`ray` is imported only here, only by `livegen batch --engine ray`.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livegen.batch.sizing import Size, size_ray
from livegen.batch.work import Event, Job, Outcome, one_line, run_recording, worker_id
from livegen.cpu_budget import machine_cores
from livegen.errors import DependencyError, UsageError

if TYPE_CHECKING:
    from livegen.config import Config

STOP_GRACE = 60.0
LOCAL_OBJECT_STORE = 128 * 1024 * 1024  # bytes: outcomes are small; Ray's minimum is ~75 MB
INDEX_NAME = "batch.json"


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise DependencyError(
            "--engine ray needs the ray package", hint="pip install 'livegen[ray]'"
        ) from None
    return ray


def _not_visible(job: Job, driver_saw: Sequence[str]) -> str | None:
    """A message when this node lacks a file the driver saw, or the batch folder."""
    host = worker_id().rsplit(":", 1)[0]
    index = Path(job.out_dir).parent / INDEX_NAME
    if not index.is_file():
        return (
            f"{Path(job.out_dir).parent}: the batch's output folder is not visible on "
            f"node {host} (every node must mount the same shared storage at the same "
            "path)"
        )
    for p in driver_saw:
        if not Path(p).exists():
            return (
                f"{p}: not visible on node {host} (every node must mount the same "
                "shared storage at the same path)"
            )
    return None


def _async_interrupt(thread_id: int) -> None:
    """Raise KeyboardInterrupt in another thread at its next Python instruction."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(KeyboardInterrupt)
    )


class _Transcriber:
    """A Ray actor (see `_remote_classes`): one Whisper model, many recordings."""

    def __init__(self, threads: int) -> None:
        from livegen.batch.work import fit_threads

        fit_threads(threads)
        self._threads = threads
        self._stop = threading.Event()
        self._thread: int | None = None

    def transcribe(self, job: Job, config: Config, events: Any, driver_saw: list[str]) -> Outcome:
        self._stop.clear()
        self._thread = threading.get_ident()
        try:
            missing = _not_visible(job, driver_saw)
            if missing:
                return Outcome(index=job.index, status="failed", error=missing, worker=worker_id())
            return run_recording(
                replace(job, until="transcribe"),
                config,
                emit=_queue_emit(events),
                should_stop=self._stop.is_set,
            )
        finally:
            self._thread = None

    def stop(self) -> None:
        """Stop the recording in hand (called on the actor's second thread)."""
        self._stop.set()
        if self._thread is not None:
            _async_interrupt(self._thread)

    def ping(self) -> str:
        return worker_id()


def _render(job: Job, config: Config, events: Any, driver_saw: list[str]) -> Outcome:
    """A Ray task: highlights, report and clips of a transcribed recording."""
    missing = _not_visible(job, driver_saw)
    if missing:
        return Outcome(index=job.index, status="failed", error=missing, worker=worker_id())
    return run_recording(job, config, emit=_queue_emit(events))


def _queue_emit(events: Any) -> Callable[[Event], None]:
    def emit(event: Event) -> None:
        with contextlib.suppress(Exception):
            events.put_nowait(event)

    return emit


class RayEngine:
    name = "ray"

    def __init__(
        self,
        address: str | None,
        *,
        items: int,
        workers: int | None = None,
        threads: int | None = None,
    ) -> None:
        self.address = address
        self._ray = _import_ray()
        self._started_local = False
        self._connect()
        cpus = int(self._ray.cluster_resources().get("CPU", 0))
        try:
            size: Size = size_ray(items, cpus, workers=workers, threads=threads)
        except UsageError:
            self.close()
            raise
        self.workers, self.threads = size.workers, size.threads
        self.cluster_cpus = cpus

    def _connect(self) -> None:
        ray = self._ray
        # Worker output stays on the nodes (their logs): stdout is the batch's results.
        common: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
        try:
            if self.address:  # the cluster's own settings (dashboard, CPUs) stand
                ray.init(address=self.address, **common)
            else:
                os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline, quiet
                ray.init(
                    num_cpus=machine_cores(),
                    object_store_memory=LOCAL_OBJECT_STORE,
                    include_dashboard=False,
                    **common,
                )
                self._started_local = True
        except ConnectionError as exc:
            raise UsageError(
                f"--address {self.address}: cannot reach a Ray cluster ({one_line(str(exc))})",
                hint="start one with `ray start --head`, or leave out "
                "--address for a local Ray instance",
            ) from None
        except Exception as exc:
            with contextlib.suppress(Exception):
                ray.shutdown()
            raise DependencyError(f"cannot start Ray: {one_line(str(exc))}") from None

    def close(self) -> None:
        """Disconnect; a local instance this engine started is shut down with it."""
        with contextlib.suppress(Exception):
            self._ray.shutdown()

    def run(
        self,
        jobs: Sequence[Job],
        config: Config,
        on_event: Callable[[Event], None],
        on_outcome: Callable[[Outcome], None],
    ) -> None:
        ray = self._ray
        from ray.util.queue import Queue

        events = Queue(actor_options={"num_cpus": 0})
        stop_reading = threading.Event()
        reader = threading.Thread(
            target=self._read_events,
            args=(events, on_event, stop_reading),
            daemon=True,
            name="livegen-batch-ray-events",
        )
        reader.start()
        transcriber = ray.remote(max_concurrency=2)(_Transcriber)
        render = ray.remote(_render)
        t = self.threads
        actors = [
            transcriber.options(num_cpus=t, max_restarts=0).remote(t)
            for _ in range(min(self.workers, len(jobs)))
        ]
        idle = deque(actors)
        todo = deque(jobs)
        in_flight: dict[Any, tuple[str, Job, Any]] = {}
        first: dict[int, Outcome] = {}  # transcription outcomes, by job index
        saw = {j.index: _visible_here(j) for j in jobs}

        def finish(kind: str, job: Job, out: Outcome) -> None:
            if kind == "transcribe":
                if out.status == "done":
                    first[job.index] = out
                    ref = render.options(num_cpus=t, max_retries=0).remote(
                        job, config, events, saw[job.index]
                    )
                    in_flight[ref] = ("render", job, None)
                    return
                on_outcome(out)
                return
            on_outcome(_merge(first.pop(job.index, None), out))

        try:
            while todo or in_flight:
                while idle and todo:
                    actor, job = idle.popleft(), todo.popleft()
                    ref = actor.transcribe.remote(job, config, events, saw[job.index])
                    in_flight[ref] = ("transcribe", job, actor)
                if not todo and idle:  # nothing left to transcribe: free their CPUs
                    while idle:
                        ray.kill(idle.popleft())
                ready, _ = ray.wait(list(in_flight), num_returns=1, timeout=0.5)
                for ref in ready:
                    kind, job, actor = in_flight.pop(ref)
                    try:
                        out = ray.get(ref)
                    except ray.exceptions.RayActorError as exc:
                        out = _failed(job, f"the transcription actor died: {exc}")
                        actor = transcriber.options(num_cpus=t, max_restarts=0).remote(t)
                    except ray.exceptions.RayError as exc:
                        out = _failed(job, f"{type(exc).__name__}: {exc}")
                    if actor is not None:
                        idle.append(actor)
                    finish(kind, job, out)
        except KeyboardInterrupt:
            self._stop(in_flight, on_outcome)
            raise
        finally:
            stop_reading.set()
            reader.join(timeout=5)
            for a in actors:
                with contextlib.suppress(Exception):
                    ray.kill(a)
            with contextlib.suppress(Exception):
                events.shutdown()

    def _read_events(
        self, events: Any, on_event: Callable[[Event], None], stop: threading.Event
    ) -> None:
        from ray.util.queue import Empty

        while not stop.is_set():
            try:
                event = events.get(block=True, timeout=0.5)
            except Empty:
                continue
            except Exception:  # the queue is gone (shutdown)
                return
            on_event(tuple(event))

    def _stop(
        self, in_flight: dict[Any, tuple[str, Job, Any]], on_outcome: Callable[[Outcome], None]
    ) -> None:
        """Ask every running transcription and render to stop, and wait for them to
        clean up (their KeyboardInterrupt path removes partial files)."""
        ray = self._ray
        for ref, (kind, _job, actor) in list(in_flight.items()):
            with contextlib.suppress(Exception):
                if kind == "transcribe" and actor is not None:
                    actor.stop.remote()
                else:
                    ray.cancel(ref, force=False)
        deadline = time.monotonic() + STOP_GRACE
        pending = list(in_flight)
        try:
            while pending and time.monotonic() < deadline:
                _ready, pending = ray.wait(pending, num_returns=len(pending), timeout=0.5)
        except KeyboardInterrupt:
            pass
        for _kind, job, _actor in in_flight.values():
            on_outcome(Outcome(index=job.index, status="interrupted"))


def _visible_here(job: Job) -> list[str]:
    r = job.recording
    return [
        p for p in [*r.media, *(x for x in (r.chat, r.sales) if x), *r.specs] if Path(p).exists()
    ]


def _failed(job: Job, message: str) -> Outcome:
    return Outcome(index=job.index, status="failed", error=one_line(message))


def _merge(first: Outcome | None, second: Outcome) -> Outcome:
    """One outcome for a recording from its transcription and its render."""
    if first is None:
        return second
    stages = dict(second.stages)
    if "transcribe" in first.stages:
        stages["transcribe"] = first.stages["transcribe"]
    reused = [s for s in second.reused if s != "transcribe" or "transcribe" in first.reused]
    peaks = [p for p in (first.peak_memory_mib, second.peak_memory_mib) if p is not None]
    cpus = [c for c in (first.cpu_seconds, second.cpu_seconds) if c is not None]
    return replace(
        second,
        seconds=round(first.seconds + second.seconds, 3),
        stages=stages,
        reused=reused,
        worker=f"{first.worker} + {second.worker}",
        peak_memory_mib=max(peaks) if peaks else None,
        cpu_seconds=round(sum(cpus), 3) if cpus else None,
    )
