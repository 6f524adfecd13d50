"""Benchmark: a 30 s 1080x1920 clip with burned-in Chinese captions from a 1080p source.

The 30 s range is widened to sentence edges (32.9 s), the same span for every route.

Routes, each run in a fresh process so its peak memory (ffmpeg children included, from
wait4) is its own:
  moviepy   moviepy only: subclip, crop, resize, TextClip captions with the CJK font,
            write_videofile(preset veryfast, threads 2)
  livegen   `livegen clip --reframe center` (one ffmpeg pass, libass captions)
  livegen-face  the same with face tracking (adds the sampling/detection pass)
  copy      `ffmpeg -ss -i -t -c copy`: the I/O upper bound (cuts at keyframes, no re-encode)

    python benchmarks/clip.py [--repeat 3] [--moviepy-repeat 1] [--keep DIR]

Prints a Markdown table with medians, × real time and the ratio to the moviepy route.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _synthetic import ffmpeg, picture_1080p

CLIP = 30.0
START = 5.0
SOURCE_SECONDS = 40.0
PHRASES = [
    "大家好",
    "欢迎来到",
    "直播间，",
    "今天",
    "给大家",
    "推荐",
    "这款",
    "保温杯。",
    "它能",
    "保温",
    "二十四",
    "小时，",
    "颜值",
    "也很高，",
    "现在",
    "下单",
    "还送",
    "杯套！",
]


def make_source(path: Path) -> None:
    picture_1080p(
        path,
        SOURCE_SECONDS,
        face_x="200+t*30",
        audio=["sine=f=330:sample_rate=48000"],
        preset="veryfast",
        crf=20,
        gop=60,
    )


def make_transcript(path: Path) -> None:
    """A word every 0.45 s, sentences at the full stops, like a real zh transcript."""
    words, t, i = [], 0.3, 0
    while t < SOURCE_SECONDS - 0.5:
        words.append(
            {"start": round(t, 2), "end": round(t + 0.4, 2), "word": PHRASES[i % len(PHRASES)]}
        )
        t += 0.45
        i += 1
    segs, cur = [], []
    for w in words:
        cur.append(w)
        if w["word"][-1] in "。！，":
            segs.append(cur)
            cur = []
    if cur:
        segs.append(cur)
    data = {
        "schema_version": "1",
        "media": [{"path": "src.mp4", "offset": 0, "duration": SOURCE_SECONDS}],
        "duration": SOURCE_SECONDS,
        "language": "zh",
        "engine": "bench",
        "model": "none",
        "segments": [
            {
                "id": k,
                "start": s[0]["start"],
                "end": s[-1]["end"],
                "text": "".join(w["word"] for w in s),
                "words": s,
            }
            for k, s in enumerate(segs)
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


MOVIEPY_ROUTE = r"""
import json, sys
from moviepy import CompositeVideoClip, TextClip, VideoFileClip
from livegen.clip.captions import build_cues, clip_words
from livegen.fonts import find_cjk_font
from livegen.schemas.transcript import Transcript

src, transcript, out = sys.argv[1:4]
start, dur = float(sys.argv[4]), float(sys.argv[5])
tr = Transcript.model_validate(json.load(open(transcript, encoding="utf-8")))
cues = build_cues(clip_words(tr, start, start + dur), clip_duration=dur)
font = str(find_cjk_font().path)
video = VideoFileClip(src).subclipped(start, start + dur)
w, h = video.size
cw = int(h * 9 / 16) // 2 * 2
video = video.cropped(x_center=w / 2, width=cw).resized((1080, 1920))
texts = [TextClip(font=font, text=c.text, font_size=67, color="white", stroke_color="black",
                  stroke_width=5, method="label", text_align="center", margin=(10, 10))
         .with_start(c.start).with_duration(c.end - c.start).with_position(("center", 1300))
         for c in cues]
# use_bgclip: the video is the opaque background, so frames stay RGB (no alpha mask)
final = CompositeVideoClip([video, *texts], size=(1080, 1920), use_bgclip=True)
final.write_videofile(out, codec="libx264", audio_codec="aac", preset="veryfast",
                      threads=2, fps=30, logger=None)
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MiB) of one process and its children."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"route failed ({proc.returncode}): {' '.join(cmd[:4])}…\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of the fast routes")
    ap.add_argument("--moviepy-repeat", type=int, default=1, help="runs of the moviepy route")
    ap.add_argument("--keep", type=Path, help="keep the source and outputs in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="livegen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src, tr = work / "src.mp4", work / "transcript.json"
    if not src.exists():
        print("making a 40 s 1080p source…", file=sys.stderr)
        make_source(src)
    make_transcript(tr)
    py = sys.executable
    rng = f"{START:g}-{START + CLIP:g}"
    # --at snaps to the sentence edges; cut the moviepy route to the same span
    from livegen.clip.plan import snap_range
    from livegen.schemas.transcript import Transcript

    t = Transcript.model_validate_json(tr.read_text(encoding="utf-8"))
    s0, s1 = snap_range(START, START + CLIP, t, total=SOURCE_SECONDS, max_duration=60)
    span = s1 - s0

    def livegen(mode: str, n: int) -> list[str]:
        out = work / f"out-{mode}-{n}"
        shutil.rmtree(out, ignore_errors=True)
        return [
            py,
            "-m",
            "livegen",
            "clip",
            str(src),
            "--at",
            rng,
            "--transcript",
            str(tr),
            "--reframe",
            mode,
            "--no-title-card",
            "--jobs",
            "1",
            "--out-dir",
            str(out),
        ]

    routes: dict[str, list[tuple[float, float, float]]] = {}
    for n in range(args.moviepy_repeat):
        print(f"moviepy run {n + 1}…", file=sys.stderr)
        routes.setdefault("moviepy + TextClip (threads 2)", []).append(
            timed(
                [
                    py,
                    "-c",
                    MOVIEPY_ROUTE,
                    str(src),
                    str(tr),
                    str(work / f"moviepy-{n}.mp4"),
                    str(s0),
                    str(span),
                ]
            )
        )
    for n in range(args.repeat):
        print(f"fast routes run {n + 1}…", file=sys.stderr)
        routes.setdefault("livegen clip --reframe center", []).append(timed(livegen("center", n)))
        routes.setdefault("livegen clip --reframe face", []).append(timed(livegen("face", n)))
        routes.setdefault("ffmpeg stream copy (I/O bound)", []).append(
            timed(
                [
                    ffmpeg(),
                    "-v",
                    "error",
                    "-y",
                    "-ss",
                    f"{s0:.3f}",
                    "-i",
                    str(src),
                    "-t",
                    f"{span:.3f}",
                    "-c",
                    "copy",
                    str(work / f"copy-{n}.mp4"),
                ]
            )
        )
    moviepy = routes.get("moviepy + TextClip (threads 2)")
    base = statistics.median(w for w, _, _ in moviepy) if moviepy else None
    cores = os.cpu_count()
    print(
        f"\n{span:.1f} s 1080x1920 clip with burned Chinese captions; {cores} cores; "
        f"medians of {args.repeat} (moviepy: {args.moviepy_repeat})\n"
    )
    print("| route | wall s | × real time | CPU s | peak MiB | speed vs moviepy |")
    print("|---|---|---|---|---|---|")
    for name, runs in routes.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        mem = max(r[2] for r in runs)
        print(
            f"| {name} | {wall:.1f} | {span / wall:.2f}× | {cpu:.1f} | {mem:.0f} | "
            f"{f'{base / wall:.1f}×' if base else '—'} |"
        )
    # The face-tracking bar: face over centre, per alternating pair and as medians.
    face, centre = routes["livegen clip --reframe face"], routes["livegen clip --reframe center"]
    pairs = [f[0] / c[0] for f, c in zip(face, centre, strict=True)]
    wall_ratio = statistics.median(w for w, _, _ in face) / statistics.median(
        w for w, _, _ in centre
    )
    cpu_ratio = statistics.median(c for _, c, _ in face) / statistics.median(
        c for _, c, _ in centre
    )
    print(
        f"\nface / centre: {wall_ratio:.2f}× wall (pairs "
        f"{', '.join(f'{r:.2f}' for r in pairs)}), {cpu_ratio:.2f}× CPU"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
