"""Benchmark `livegen highlights`: analysis speed (× real time) and peak memory.

Generates a 10-minute 1080p30 H.264 recording (lavfi testsrc2 + tone and noise audio,
libx264 ultrafast) and a 30-minute one (the 10-minute file joined three times with stream
copy; `--minutes 120` joins it twelve times), plus a synthetic transcript, then times in
fresh subprocesses:

- livegen: audio signals over the whole stream, picture sampled only in the shortlisted
  candidate windows (the shipped behaviour), at 10 and 30 minutes;
- baseline: what a naive tool does, decoding the whole file at 2 fps for the same visual
  analysis (motion, scene cuts, faces).

Each figure is the median of --repeat runs; peak memory is ru_maxrss of the analysing
Python process (the ffmpeg decoders it pipes from stream with bounded buffers).

    python benchmarks/highlights.py [--dir /tmp/livegen-bench] [--repeat 1]
    python benchmarks/highlights.py --minutes 120 --baseline-max 0   # a 2-hour stream
    python benchmarks/highlights.py --minutes 30 --dense-max 30   # vs 2-fps windows
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _synthetic import join_copies, picture_1080p

WORKER = r"""
import functools, json, resource, sys, time
import livegen.highlights.api as api
import livegen.highlights.audio as audio
import livegen.highlights.visual as visual
from livegen.highlights.api import Options, find_highlights, media_parts
from livegen.artifacts import load_artifact
from livegen.schemas.transcript import Transcript
mode, media, transcript = sys.argv[1], sys.argv[2], sys.argv[3]
profile = {}


def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def timed(name, fn):
    @functools.wraps(fn)
    def run(*a, **kw):
        t, c = time.perf_counter(), cpu()
        try:
            return fn(*a, **kw)
        finally:
            w0, c0 = profile.get(name, (0.0, 0.0))
            profile[name] = (w0 + time.perf_counter() - t, c0 + cpu() - c)
    return run


audio.audio_signals = timed("audio decode + features", audio.audio_signals)
visual.visual_signals = timed("candidate picture (motion, cuts, faces)", visual.visual_signals)
api.speech_signals = timed("speech signals", api.speech_signals)
api.Scorer.score_windows = timed("window scoring", api.Scorer.score_windows)
api.media_parts = timed("probe", api.media_parts)
if mode == "dense":  # the shortlist sampled at 2 fps, as before keyframe pairs
    visual.visual_signals = functools.partial(visual.visual_signals, keyframes=False)
t0, c0 = time.perf_counter(), cpu()
if mode in ("livegen", "dense"):
    tr = load_artifact(transcript, Transcript, kind="transcript")
    a = find_highlights([media], tr, options=Options(top=10, lint=False))
    sampled = a.visual_seconds
    duration = a.result.duration
else:
    from livegen.highlights.visual import visual_signals
    parts = media_parts([media])
    duration = parts[0].duration
    visual_signals(parts, [(0.0, duration)], duration, fast=False, keyframes=False)
    sampled = duration
wall = time.perf_counter() - t0
print(json.dumps({"wall": wall, "cpu": cpu() - c0, "duration": duration, "sampled": sampled,
                  "profile": profile,
                  "rss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FILLER = [
    "so that is how we set up the studio today",
    "let me check the comments quickly",
    "the weather here is nice this afternoon",
    "I will show you the next one soon",
]
CUES = [
    "look at this texture, it absorbs in seconds",
    "the price today is only nine dollars",
    "the link is up right now, hurry, only fifty left",
    "someone asked, the answer is yes",
]


def make_media(folder: Path, minutes: list[int]) -> dict[int, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    ten = folder / "bench-10min-1080p.mp4"
    if not ten.exists():
        print("generating a 10-minute 1080p file (once; several minutes)…", file=sys.stderr)
        tmp = ten.with_suffix(".part.mp4")
        picture_1080p(
            tmp,
            600,
            audio=["sine=f=220", "anoisesrc=a=0.05"],
            audio_bitrate="64k",
            crf=35,
            gop=None,
        )
        tmp.rename(ten)
    out = {}
    for m in minutes:
        if m % 10:
            raise SystemExit("--minutes must be multiples of 10")
        path = folder / f"bench-{m}min-1080p.mp4"
        if not path.exists():
            join_copies(ten, m // 10, path)
        out[m] = path
    return out


def make_transcript(path: Path, duration: float) -> Path:
    """Four-second sentences, a sales cue about every twentieth one."""
    rng = random.Random(5)
    segments = []
    t = 0.5
    while t + 4 < duration:
        text = rng.choice(CUES) if rng.random() < 0.05 else rng.choice(FILLER)
        words = text.split()
        step = 3.5 / len(words)
        segments.append(
            {
                "id": len(segments),
                "start": round(t, 2),
                "end": round(t + 3.5, 2),
                "text": text,
                "words": [
                    {
                        "start": round(t + i * step, 2),
                        "end": round(t + (i + 1) * step, 2),
                        "word": w,
                    }
                    for i, w in enumerate(words)
                ],
            }
        )
        t += 4.0
    path.write_text(
        json.dumps(
            {
                "schema_version": "1",
                "media": [],
                "duration": duration,
                "language": "en",
                "engine": "synthetic",
                "model": "none",
                "segments": segments,
            }
        )
    )
    return path


def measure(mode: str, media: Path, transcript: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", WORKER, mode, str(media), str(transcript)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    walls = [r["wall"] for r in runs]
    best = runs[walls.index(statistics.median_low(walls))]
    return {**best, "wall": statistics.median(walls)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=Path("/tmp/livegen-bench"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--minutes", type=int, nargs="+", default=[10, 30])
    ap.add_argument(
        "--baseline-max",
        type=int,
        default=30,
        help="run the full-decode baseline only up to this length (minutes)",
    )
    ap.add_argument(
        "--dense-max",
        type=int,
        default=0,
        help="also run the candidate windows sampled at 2 fps (every frame "
        "decoded, as before keyframe pairs) up to this length (minutes)",
    )
    args = ap.parse_args()
    media = make_media(args.dir, args.minutes)
    rows = []
    for minutes, path in media.items():
        tr = make_transcript(args.dir / f"bench-{minutes}min.transcript.json", minutes * 60.0)
        lg = measure("livegen", path, tr, args.repeat)
        rows.append((f"{minutes} min", "livegen (candidate windows)", lg))
        if minutes <= args.dense_max:
            dense = measure("dense", path, tr, args.repeat)
            rows.append((f"{minutes} min", "dense (windows at 2 fps)", dense))
        if minutes <= args.baseline_max:
            base = measure("baseline", path, tr, args.repeat)
            rows.append((f"{minutes} min", "baseline (full decode, 2 fps)", base))
    print(
        f"{'length':<7} {'route':<30} {'wall s':>8} {'CPU s':>7} {'× real time':>12} "
        f"{'video s decoded':>16} {'peak MiB':>9}"
    )
    for length, route, r in rows:
        print(
            f"{length:<7} {route:<30} {r['wall']:>8.1f} {r['cpu']:>7.1f} "
            f"{r['duration'] / r['wall']:>12.1f} {r['sampled']:>16.0f} {r['rss_self']:>9.0f}"
        )
    print("\nwhere the time goes (wall s / CPU s, ffmpeg children included):")
    for length, route, r in rows:
        parts = ", ".join(f"{k} {w:.1f}/{c:.1f}" for k, (w, c) in r["profile"].items())
        print(f"  {length} {route.split()[0]}: {parts}")
    by = {(length, route.split()[0]): r for length, route, r in rows}
    for length in dict.fromkeys(length for length, _, _ in rows):
        if (length, "baseline") in by:
            ratio = by[(length, "baseline")]["wall"] / by[(length, "livegen")]["wall"]
            print(f"{length}: livegen is {ratio:.1f}× faster than the full-decode baseline")
        if (length, "dense") in by:
            ratio = by[(length, "dense")]["wall"] / by[(length, "livegen")]["wall"]
            print(f"{length}: keyframe pairs are {ratio:.1f}× faster than 2-fps windows")
    print(
        f"(machine: {time.strftime('%Y-%m-%d')}, shared and noisy; medians of {args.repeat} run(s))"
    )


if __name__ == "__main__":
    main()
