"""How many workers, with how many threads each: the sizing rule of `livegen batch`.

workers × threads never exceeds the cores. Separate processes keep every core busy
through the single-threaded parts of a run (probing, analysis, Python work between
ffmpeg calls), which threads inside one run do not, so the rule prefers more workers
with fewer threads, as many as there are recordings, as memory allows (each worker
holds a Whisper model and one ffmpeg encode at a time); cores left over when there are
fewer recordings than cores become threads.
"""

from __future__ import annotations

from dataclasses import dataclass

from livegen.errors import UsageError

# Peak memory of one worker on a 1080p recording: Whisper base int8 (~370 MiB), one
# x264 encode (~340 MiB) and the Python process; see benchmarks/batch.py.
WORKER_MIB = 1024


@dataclass(frozen=True)
class Size:
    workers: int
    threads: int
    note: str = ""  # why the rule chose less than asked, or a warning


def available_mib() -> int | None:
    """MemAvailable from /proc/meminfo (Linux); None where it cannot be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def size_pool(
    items: int,
    cores: int,
    *,
    workers: int | None = None,
    threads: int | None = None,
    memory_mib: int | None = None,
) -> Size:
    """The local pool for `items` recordings on `cores` cores (flags win where given)."""
    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    if threads is not None and threads < 1:
        raise UsageError(f"--threads-per-worker must be at least 1, got {threads}")
    items, cores = max(1, items), max(1, cores)
    by_memory = max(1, memory_mib // WORKER_MIB) if memory_mib else cores
    note = ""
    if workers is None:
        limit = cores // threads if threads else cores
        workers = max(1, min(items, limit, by_memory))
        if by_memory < min(items, limit):
            note = f"{workers} worker(s): about {WORKER_MIB} MiB each, {memory_mib} MiB available"
    if threads is None:
        threads = max(1, cores // workers)
    if workers * threads > cores:
        note = (
            f"{workers} workers × {threads} threads = {workers * threads} exceeds "
            f"{cores} cores: they will slow each other down"
        )
    return Size(workers, threads, note)


def size_ray(
    items: int, cluster_cpus: int, *, workers: int | None = None, threads: int | None = None
) -> Size:
    """Transcription actors, and the CPUs of each actor and of each render task.

    Actors hold their CPUs while they live, so about a quarter of the cluster (at least
    one task's share) stays free for highlights and rendering: a recording's rendering
    overlaps the next one's transcription, and no render task waits for an actor. Idle
    actors are let go once nothing is left to transcribe (see the Ray engine).
    """
    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    if threads is not None and threads < 1:
        raise UsageError(f"--threads-per-worker must be at least 1, got {threads}")
    cpus, items = max(1, cluster_cpus), max(1, items)
    if threads is None:
        threads = max(1, min(4, cpus // min(items, cpus)))  # Whisper gains little past 4
    if workers is None:
        workers = max(1, min(items, (cpus * 3 // 4) // threads, (cpus - threads) // threads))
    need = workers * threads + threads
    if need > cpus:
        raise UsageError(
            f"{workers} transcription actor(s) × {threads} CPU(s) plus "
            f"{threads} CPU(s) for rendering need {need} CPUs; the cluster "
            f"has {cpus}",
            hint="lower --workers or --threads-per-worker",
        )
    return Size(workers, threads)
