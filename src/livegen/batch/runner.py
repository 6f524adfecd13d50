"""The batch itself: plan the run folders, keep what is finished, hand the rest to an engine.

The engine (local pool or Ray) only runs jobs and reports outcomes; everything a user
sees in `DIR` is decided here: which recording gets which folder, what is kept from an
earlier run, and the index written after every outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from livegen.batch import index as batch_index
from livegen.batch.inputs import Recording, with_names
from livegen.batch.names import assign_names
from livegen.batch.work import Event, Job, Outcome
from livegen.cache import file_hash, key_of
from livegen.errors import InputError, Interrupted
from livegen.pipeline import run_complete
from livegen.schemas.batch import BatchIndex, BatchItem

if TYPE_CHECKING:
    from livegen.config import Config

# Settings that change what a run folder holds, besides the per-recording options.
CONFIG_KEYS = (
    "transcribe.engine",
    "transcribe.model",
    "transcribe.compute_type",
    "highlights.profile",
    "highlights.cues",
)


class Engine(Protocol):
    name: str
    workers: int
    threads: int

    def run(
        self,
        jobs: Sequence[Job],
        config: Config,
        on_event: Callable[[Event], None],
        on_outcome: Callable[[Outcome], None],
    ) -> None:
        """Run every job, calling `on_outcome` as each ends. On KeyboardInterrupt: stop
        the workers (each running job ends as `interrupted`), then re-raise it."""


class Observer(Protocol):
    """What the CLI shows while the batch runs (progress on stderr)."""

    def planned(self, index: BatchIndex, todo: Sequence[int]) -> None: ...

    def event(self, event: Event) -> None: ...

    def finished(self, item: BatchItem, outcome: Outcome) -> None: ...


@dataclass
class Plan:
    out_dir: Path
    index: BatchIndex
    jobs: list[Job]
    dropped: int  # recordings of the previous index that are not in this batch

    def size(self, workers: int, threads: int) -> None:
        """Record the engine's size (known once the engine knows the work left)."""
        self.index.workers, self.index.threads_per_worker = workers, threads
        for job in self.jobs:
            job.threads = threads


def _hash_or_missing(path: str) -> str:
    try:
        return file_hash(path)
    except OSError:
        return "missing"


def fingerprint(rec: Recording, config: Config) -> str:
    """Everything that shapes a recording's run folder: its files' contents, the side
    inputs, its options and the settings that change a run's result."""
    files = [*rec.media, *(p for p in (rec.chat, rec.sales) if p), *rec.specs]
    return key_of(
        "batch-item",
        [(Path(p).name, _hash_or_missing(p)) for p in files],
        [rec.chat is not None, rec.sales is not None],
        rec.options,
        {k: config.get(k) for k in CONFIG_KEYS},
    )


def plan_batch(
    recordings: list[Recording], out_dir: Path, config: Config, *, engine: str, force: bool
) -> Plan:
    """Name the run folders, mark the recordings an earlier run finished as `kept`;
    `Plan.size` then gives the jobs their CPU budget.

    `force` replaces a `batch.json` that is not a batch index and is passed on to every
    run (files in a run folder that `livegen run` did not write); it does not redo
    finished recordings.
    """
    previous = batch_index.load_previous(out_dir, force=force)
    old_by_key = {"\n".join(i.source): i for i in previous.items} if previous else {}
    names = assign_names(
        [r.name for r in recordings],
        [r.key for r in recordings],
        {k: i.name for k, i in old_by_key.items()},
    )
    recordings = with_names(recordings, names)
    started = batch_index.now()
    items: list[BatchItem] = []
    jobs: list[Job] = []
    for i, rec in enumerate(recordings):
        fp = fingerprint(rec, config)
        old = old_by_key.get(rec.key)
        run = out_dir / rec.name
        if (
            old is not None
            and old.status in ("done", "kept")
            and old.fingerprint == fp
            and old.name == rec.name
            and run_complete(run)
        ):
            items.append(old.model_copy(update={"status": "kept"}))
            continue
        items.append(
            BatchItem(
                name=rec.name,
                source=list(rec.media),
                out=rec.name,
                status="pending",
                fingerprint=fp,
            )
        )
        jobs.append(Job(index=i, recording=rec, out_dir=str(run), threads=1, force=force))
    index = BatchIndex(
        engine=engine,
        workers=previous.workers if previous else 1,
        threads_per_worker=previous.threads_per_worker if previous else 1,
        started=started,
        updated=started,
        items=items,
    )
    dropped = len(set(old_by_key) - {r.key for r in recordings})
    return Plan(out_dir, index, jobs, dropped)


def prepare_out_dir(out_dir: Path, recordings: Sequence[Recording]) -> None:
    """The output folder exists, is writable and is none of the inputs."""
    import os

    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder")
    inputs = {
        os.path.abspath(p)
        for r in recordings
        for p in [*r.media, *(x for x in (r.chat, r.sales) if x), *r.specs]
    }
    if os.path.abspath(out_dir) in inputs:
        raise InputError(f"{out_dir}: the output folder is one of the inputs")
    out_dir.mkdir(parents=True, exist_ok=True)
    if not os.access(out_dir, os.W_OK):
        raise InputError(f"{out_dir}: output folder is not writable")


def run_batch(plan: Plan, engine: Engine | None, config: Config, observer: Observer) -> BatchIndex:
    """Run the plan's jobs on `engine`, writing the index after each outcome.

    Raises Interrupted after a stop request, once every worker has stopped and the index
    records the unfinished recordings as `pending`.
    """
    writer = batch_index.IndexWriter(plan.out_dir, plan.index)
    writer.write()
    observer.planned(plan.index, [j.index for j in plan.jobs])

    def on_outcome(outcome: Outcome) -> None:
        item = writer.finish(outcome)
        observer.finished(item, outcome)

    if plan.jobs and engine is not None:
        try:
            engine.run(plan.jobs, config, observer.event, on_outcome)
        except KeyboardInterrupt:
            writer.write()
            raise Interrupted(
                "interrupted: finished recordings are recorded in "
                f"{plan.out_dir / batch_index.INDEX}; run the same command "
                "again to resume"
            ) from None
    return writer.index


def summary(index: BatchIndex) -> dict[str, Any]:
    return {
        s: sum(i.status == s for i in index.items) for s in ("done", "kept", "failed", "pending")
    }
