"""`livegen batch` throughput: local with 1 worker vs the sized local pool vs Ray, one run.

N short recordings (real English speech from tests/fixtures/speech under a generated
854×480 picture, each a different order of the clips so no transcript is shared) go
through `livegen batch` three times, each from a fresh transcript cache:

1. `--engine local --workers 1`: one recording at a time with every core (the baseline:
   what a loop over `livegen run` does);
2. `--engine local`: the pool the sizing rule picks for this machine;
3. `--engine ray`: a local Ray instance started by the batch (its start-up included).

Prints wall time, throughput (media seconds per wall second) and its ratio to the
baseline, the peak memory of each worker (from batch.json), and a paper projection of
a day (default 20 × 3 h) on a few cluster sizes from the measured per-recording cost:
transcription and highlights grow with the length of a recording, clip rendering with
the number of clips.

    .venv/bin/python benchmarks/batch.py [--recordings 4] [--seconds 60] [--top 2]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for `tests.support`

from tests.support.media import speech_recording

REPO = Path(__file__).resolve().parents[1]
SPEECH = REPO / "tests" / "fixtures" / "speech"
CLIPS = ["jfk.wav", "librispeech-1995-1837-0001.wav"]


def make_recording(path: Path, seconds: float, order: list[str]) -> None:
    """An 854x480 test picture at 25 fps over the clips in `order`, looped to `seconds`: the
    batch tests' recording (one generator, `tests/support/media.py`), larger and longer."""
    speech_recording(
        path,
        [SPEECH / name for name in order],
        seconds,
        picture="testsrc2=size=854x480:rate=25",
        loop=True,
        preset="veryfast",
        crf=30,
        audio_bitrate="64k",
    )


def run(label: str, day: Path, work: Path, args: list[str]) -> dict:
    out = work / f"out-{label}"
    env = dict(
        os.environ,
        NO_COLOR="1",
        LIVEGEN_CACHE_DIR=str(work / f"cache-{label}"),
        RAY_TMPDIR=str(work / "ray"),
    )
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "livegen", "batch", str(day), "--out", str(out), "--json", *args],
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        sys.exit(f"{label}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    index = json.loads(proc.stdout)
    return {"label": label, "wall": wall, "index": index}


def cost_model(result: dict) -> tuple[float, float]:
    """(CPU-seconds per media second for transcribe + highlights, CPU-seconds per clip).

    CPU time (the worker's and its ffmpeg's, from batch.json) rather than wall time, so
    other load on the machine does not inflate it; split between the stages in the
    proportion of their wall times.
    """
    media = analysis = clip_cpu = 0.0
    clips = 0
    for i in result["index"]["items"]:
        st = i["stages"]
        total = sum(st.values()) or 1.0
        cpu = i["cpu_seconds"] or 0.0
        share = (st.get("transcribe", 0) + st.get("highlights", 0)) / total
        media += i["media_seconds"] or 0
        analysis += cpu * share
        clip_cpu += cpu * (1 - share)
        clips += i["clips"]
    return analysis / media, clip_cpu / max(clips, 1)


def project(
    per_media: float,
    per_clip: float,
    recordings: int,
    hours: float,
    top: int,
    nodes: int,
    cores: int,
) -> str:
    """Wall time of the day on `nodes` × `cores`, sized by the pool rule per node."""
    from livegen.batch.sizing import size_pool

    size = size_pool(math.ceil(recordings / nodes), cores)
    # Threads past 4 are counted as adding nothing (Whisper's gain flattens there).
    one = (per_media * hours * 3600 + per_clip * top) / min(size.threads, 4)
    waves = math.ceil(recordings / (nodes * size.workers))
    wall = waves * one
    return (
        f"| {nodes} × {cores} cores | {size.workers} × {size.threads} per node | "
        f"{waves} | {one / 3600:.1f} h | {wall / 3600:.1f} h |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recordings", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--top", type=int, default=2)
    ap.add_argument("--size", default="720x1280")
    ap.add_argument("--day", type=int, default=20, help="recordings in the projected day")
    ap.add_argument("--hours", type=float, default=3.0, help="length of each of them")
    ap.add_argument("--skip-ray", action="store_true")
    a = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="lgb-", dir="/tmp") as tmp:
        work = Path(tmp)
        day = work / "day"
        day.mkdir()
        for i in range(a.recordings):
            order = [CLIPS[(i + k) % len(CLIPS)] for k in range(len(CLIPS))] + [
                CLIPS[i % len(CLIPS)]
            ] * (i // len(CLIPS))
            make_recording(day / f"rec-{i + 1:02d}.mp4", a.seconds, order)
        common = ["--top", str(a.top), "--size", a.size, "--reframe", "center"]
        runs = [
            run("local-1", day, work, [*common, "--workers", "1"]),
            run("local-pool", day, work, common),
        ]
        if not a.skip_ray:
            runs.append(run("ray", day, work, [*common, "--engine", "ray"]))

    media = a.recordings * a.seconds
    base = media / runs[0]["wall"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{a.recordings} recordings × {a.seconds:.0f} s, top {a.top}, {a.size}, "
        f"{os.cpu_count()} cores, load {load:.1f}"
    )
    print("| engine | workers × threads | wall | media s / wall s | ratio | peak MiB per worker |")
    print("|---|---|---|---|---|---|")
    for r in runs:
        idx = r["index"]
        peaks = [i["peak_memory_mib"] for i in idx["items"] if i["peak_memory_mib"]]
        tput = media / r["wall"]
        print(
            f"| {r['label']} | {idx['workers']} × {idx['threads_per_worker']} | "
            f"{r['wall']:.1f} s | {tput:.2f} | {tput / base:.2f}× | "
            f"{max(peaks):.0f} |"
        )
    per_media, per_clip = cost_model(runs[1])  # the sized pool: its real budget
    print(
        f"\nmeasured cost (sized pool, CPU time): {per_media:.3f} CPU-s per media second "
        f"(transcribe + highlights), {per_clip:.1f} CPU-s per clip"
    )
    print(
        f"\nprojection: {a.day} recordings × {a.hours:g} h, top {a.top}, cost linear in "
        "length, cores split by the sizing rule, threads past 4 counted as no gain, "
        "idle cores (paper, not measured)"
    )
    print("| cluster | workers × threads | waves | one recording | the day |")
    print("|---|---|---|---|---|")
    for nodes, cores in ((1, os.cpu_count() or 2), (1, 16), (4, 16), (8, 32)):
        print(project(per_media, per_clip, a.day, a.hours, a.top, nodes, cores))


if __name__ == "__main__":
    main()
