"""Benchmark: the soundtrack reads of one `livegen run`, each decoding vs one shared decode.

Without a language given, `run` reads a recording's 16 kHz PCM three times: the language
vote's activity pass, the transcription windows, the highlights' audio signals. This
times exactly those three consumers (the real functions, no Whisper decoding) on a long
recording, in fresh processes, the two routes alternating:

- separate: each read starts its own ffmpeg decode (what `run` did before);
- shared: inside `shared_decode()`, as `run` does now (one decode, teed to a raw file).

    python benchmarks/shared_decode.py MEDIA [--repeat 3]

Prints medians of wall and CPU seconds (ffmpeg children included) and peak memory
(the Python process and, separately, the largest child).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

WORKER = r"""
import json, resource, sys, time
from contextlib import nullcontext
from livegen.highlights.api import _audio_chunks, media_parts as highlight_parts
from livegen.highlights.audio import audio_signals
from livegen.media.pcm_store import shared_decode
from livegen.transcribe.api import media_parts
from livegen.transcribe.language import frame_activity
from livegen.transcribe.windows import audio_windows

route, media = sys.argv[1], sys.argv[2]


def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


parts, hparts = media_parts([media]), highlight_parts([media])
t0, c0 = time.perf_counter(), cpu()
with shared_decode() if route == "shared" else nullcontext():
    frame_activity(parts)
    n = sum(1 for _ in audio_windows(parts))
    audio_signals(_audio_chunks(hparts), sum(p.duration for p in hparts))
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": cpu() - c0, "windows": n,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "child_rss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("media")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"separate": [], "shared": []}
    load0 = os.getloadavg()[0]
    for i in range(args.repeat):
        for route in ("separate", "shared") if i % 2 == 0 else ("shared", "separate"):
            out = subprocess.run(
                [sys.executable, "-c", WORKER, route, args.media],
                capture_output=True,
                text=True,
                check=True,
            )
            runs[route].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(
        f"three soundtrack reads of {os.path.basename(args.media)}, medians of "
        f"{args.repeat}, load {load0:.1f} → {os.getloadavg()[0]:.1f}"
    )
    print("| route | wall s | CPU s | peak MiB (python / ffmpeg) |")
    print("|---|---|---|---|")
    med = {}
    for route, rs in runs.items():
        med[route] = {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu")}
        print(
            f"| {route} | {med[route]['wall']:.1f} | {med[route]['cpu']:.1f} | "
            f"{max(r['rss'] for r in rs):.0f} / {max(r['child_rss'] for r in rs):.0f} |"
        )
    print(
        f"separate / shared: {med['separate']['wall'] / med['shared']['wall']:.2f}× wall, "
        f"{med['separate']['cpu'] / med['shared']['cpu']:.2f}× CPU"
    )


if __name__ == "__main__":
    main()
