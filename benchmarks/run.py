"""Benchmark `livegen run` end to end on a long synthetic stream, stage by stage.

The stream is generated, never committed: a 10-minute 1080p30 unit (one encoded minute of
lavfi `testsrc2` with a face-like box drifting across it, keyframe every 2 s as streaming
encoders write, looped by stream copy) whose audio is the real speech clips of
`tests/fixtures/speech` looped with pauses, joined N times with stream copy into the
30-minute and 2-hour recordings. Each length runs
through `run_pipeline` (Whisper base, `--top 10`, face reframing, burned captions) in a
fresh process with an empty cache, and the breakdown per stage is printed:

- wall seconds, CPU seconds (the process and its ffmpeg children), peak memory (the
  process plus its children, sampled every 0.2 s), × real time.

    python benchmarks/run.py [--dir /tmp/livegen-bench-run] [--minutes 30 120] [--top 10]

Generating the unit takes a minute or two once; the joined files are cached in `--dir`.
Expect the 2-hour run to take about ten minutes on two idle cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _synthetic import ffmpeg, join_copies, picture_1080p

REPO = Path(__file__).resolve().parents[1]
SPEECH = REPO / "tests" / "fixtures" / "speech"
UNIT_SECONDS = 600

WORKER = r"""
import json, os, resource, sys, threading, time
from pathlib import Path

media, out, top = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])


def rss_tree(pid):
    total = 0
    try:
        with open(f"/proc/{pid}/statm") as f:
            total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    total += rss_tree(int(child))
    except (OSError, ValueError):
        pass
    return total


peak = {"now": 0}
stop = threading.Event()


def poll():
    while not stop.wait(0.2):
        peak["now"] = max(peak["now"], rss_tree(os.getpid()))


def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


marks = []


def notify(msg):
    if msg.startswith("["):
        marks.append((msg.split("]")[1].split(":")[0].strip(), time.monotonic(), cpu(),
                      peak["now"]))
        peak["now"] = 0
    print(msg, file=sys.stderr, flush=True)


threading.Thread(target=poll, daemon=True).start()
from livegen.config import load_config
from livegen.pipeline import RunOptions, run_pipeline

cfg = load_config()
t0 = time.monotonic()
res = run_pipeline(RunOptions(media=[media], out_dir=out, top=top), cfg, notify=notify)
end = (None, time.monotonic(), cpu(), peak["now"])
stop.set()
stages = []
bounds = marks + [end]
for (name, t, c, _), (_, t2, c2, p2) in zip(bounds, bounds[1:]):
    stages.append({"stage": name, "wall": t2 - t, "cpu": c2 - c, "peak_mib": p2 / 2**20})
import livegen

print(json.dumps({"wall": time.monotonic() - t0, "stages": stages,
                  "code": str(Path(livegen.__file__).parents[1]),
                  "duration": res.transcript.duration,
                  "clips": len(res.clips.manifest.clips),
                  "rendered": sum(c.status == "rendered" for c in res.clips.manifest.clips)}))
"""


def speech_track(out: Path, seconds: float) -> Path:
    """The fixture speech clips, both languages, looped with pauses to `seconds`."""
    refs = json.loads((SPEECH / "references.json").read_text("utf-8"))
    names = sorted(refs)
    listing = out.with_suffix(".txt")
    pauses = [0.7, 1.5, 3.0, 0.9, 6.0, 1.2, 2.2]
    lines: list[str] = []
    total, k = 0.0, 0
    silence: dict[float, Path] = {}
    import wave

    while total < seconds:
        name = names[k % len(names)]
        pad = pauses[k % len(pauses)]
        if pad not in silence:
            silence[pad] = out.parent / f"pause-{pad}.wav"
            subprocess.run(
                [
                    ffmpeg(),
                    "-v",
                    "error",
                    "-y",
                    "-f",
                    "lavfi",
                    "-i",
                    f"anullsrc=r=16000:cl=mono:d={pad}",
                    str(silence[pad]),
                ],
                check=True,
            )
        lines += [f"file '{SPEECH / name}'", f"file '{silence[pad]}'"]
        with wave.open(str(SPEECH / name)) as w:
            total += w.getnframes() / w.getframerate() + pad
        k += 1
    listing.write_text("\n".join(lines) + "\n")
    subprocess.run(
        [
            ffmpeg(),
            "-v",
            "error",
            "-y",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(listing),
            "-t",
            str(seconds),
            "-ar",
            "16000",
            "-ac",
            "1",
            str(out),
        ],
        check=True,
    )
    return out


def make_unit(folder: Path) -> Path:
    """Ten minutes: one encoded minute of picture looped (stream copy) under ten minutes
    of speech, so generating it costs a minute of 1080p encoding."""
    unit = folder / "unit-10min-1080p.mp4"
    if unit.exists():
        return unit
    print("generating the 10-minute 1080p unit (once)…", file=sys.stderr)
    wav = speech_track(folder / "speech.wav", UNIT_SECONDS)
    minute = folder / "picture-1min-1080p.mp4"
    picture_1080p(minute, 60, face_x="400+300*sin(t*2*PI/60)", crf=32, gop=60)
    tmp = unit.with_suffix(".part.mp4")
    join_copies(minute, UNIT_SECONDS // 60, tmp, audio=wav, seconds=UNIT_SECONDS)
    tmp.rename(unit)
    return unit


def make_stream(folder: Path, minutes: int) -> Path:
    if minutes % 10:
        raise SystemExit("--minutes must be multiples of 10")
    path = folder / f"stream-{minutes}min-1080p.mp4"
    if not path.exists():
        join_copies(make_unit(folder), minutes // 10, path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=Path("/tmp/livegen-bench-run"))
    ap.add_argument("--minutes", type=int, nargs="+", default=[30, 120])
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(
        f"`livegen run` (Whisper base, --top {args.top}, face reframing, burned captions), "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}"
    )
    print("| stream | stage | wall s | CPU s | peak MiB | × real time |")
    print("|---|---|---|---|---|---|", flush=True)
    for minutes in args.minutes:
        media = make_stream(args.dir, minutes)
        with tempfile.TemporaryDirectory(prefix="livegen-run-") as tmp:
            env = {
                **os.environ,
                "LIVEGEN_CACHE_DIR": str(Path(tmp) / "cache"),
                "PYTHONWARNINGS": "ignore",
            }
            load = os.getloadavg()[0]
            proc = subprocess.run(
                [sys.executable, "-c", WORKER, str(media), str(Path(tmp) / "out"), str(args.top)],
                stdout=subprocess.PIPE,
                env=env,
                text=True,
            )
            if proc.returncode != 0:
                sys.exit(f"run failed on {media}")
            r = json.loads(proc.stdout.strip().splitlines()[-1])
        # Each length is printed when it is done: a long run stopped later keeps these.
        length = r["duration"]
        for st in r["stages"]:
            print(
                f"| {minutes} min | {st['stage']} | {st['wall']:.0f} | {st['cpu']:.0f} | "
                f"{st['peak_mib']:.0f} | {length / max(st['wall'], 1e-9):.0f}× |"
            )
        print(
            f"| {minutes} min | **total** ({r['rendered']} clips, load {load:.1f} → "
            f"{os.getloadavg()[0]:.1f}) | {r['wall']:.0f} | "
            f"{sum(st['cpu'] for st in r['stages']):.0f} | "
            f"{max(st['peak_mib'] for st in r['stages']):.0f} | "
            f"{length / r['wall']:.1f}× |",
            flush=True,
        )
        print(f"code under test: {r['code']}", file=sys.stderr)


if __name__ == "__main__":
    main()
