"""faster-whisper vs openai-whisper on the same audio, the same weights and settings.

Both engines run Whisper base from the same CTranslate2 weights (openai-whisper gets
them through livegen's converter), beam 1, word timestamps on, the same thread count,
each in its own subprocess so peak memory (ru_maxrss) is per engine. Audio:

- Mandarin: the reference clips in --speech-dir concatenated (0.5 s gaps), scored by
  CER after traditional→simplified conversion;
- English: about a minute of espeak-ng speech made on the spot, scored by WER.

openai-whisper is optional and needs torch. On a CPU-only machine:

    .venv/bin/python -m pip install torch==2.13.0     # a CPU build
    .venv/bin/python -m pip install --no-deps openai-whisper
    .venv/bin/python -m pip install tiktoken numba more-itertools

Then: `.venv/bin/python benchmarks/transcribe.py [--repeat 3] [--threads 2]`.
Prints medians over the repeats and the openai-whisper / faster-whisper ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "transcribe"))

ENGLISH = (
    "Good evening everyone and welcome back to the live stream. Tonight we are looking at "
    "three products that sold out last week. The first one is a moisturising face cream for "
    "dry skin. It has no fragrance and it is gentle enough for daily use. The regular price "
    "is forty nine dollars, but in this stream it is only twenty nine dollars. The second "
    "product is a travel mug that keeps your coffee hot for twelve hours. It comes in four "
    "colours and the lid is easy to clean. The third product is a pair of wireless earbuds "
    "with a charging case. The battery lasts for six hours and the case holds three more "
    "charges. Remember that the first hundred orders get a free gift. Tap the cart button "
    "below to order now, and thank you for watching."
)


def worker(engine: str, audio: str, language: str, threads: int) -> None:
    """Runs in its own process: load, transcribe, report timings and peak memory."""
    from livegen.config import load_config
    from livegen.progress import NullReporter
    from livegen.transcribe.api import media_parts, run_engine
    from livegen.transcribe.engines import create_engine
    from livegen.transcribe.options import TranscribeOptions

    cfg = load_config()
    options = TranscribeOptions(engine=engine, language=language, beam_size=1,
                                threads=threads)
    t0 = time.perf_counter()
    eng = create_engine(options, cfg)
    if engine == "faster-whisper":
        eng.model()  # type: ignore[attr-defined]
    else:
        from livegen.transcribe.engines.openai_whisper import _load

        _load(str(eng.checkpoint), threads)  # type: ignore[attr-defined]
    loaded = time.perf_counter()
    cpu0 = time.process_time()
    parts = media_parts([audio])
    segments, _, _ = run_engine(eng, parts, options, NullReporter())
    done = time.perf_counter()
    joiner = "" if language == "zh" else " "
    print(json.dumps({
        "load": loaded - t0, "decode": done - loaded, "duration": parts[0].duration,
        "cpu": time.process_time() - cpu0,
        "text": joiner.join(s.text for s in segments),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }, ensure_ascii=False))


def make_audio(speech_dir: Path, out: Path) -> dict[str, tuple[Path, str, str]]:
    from transcribe_helpers import espeak, ffmpeg

    refs = json.loads((speech_dir / "references.json").read_text("utf-8"))
    zh = [n for n in sorted(refs) if n.startswith(("BAC", "funasr"))]
    inputs: list[str] = []
    for name in zh:
        inputs += ["-i", str(speech_dir / name)]
    n = len(zh)
    chain = "".join(f"[{i}:a]apad=pad_dur=0.5[a{i}];" for i in range(n))
    chain += "".join(f"[a{i}]" for i in range(n)) + f"concat=n={n}:v=0:a=1"
    zh_wav = out / "zh.wav"
    ffmpeg(*inputs, "-filter_complex", chain, "-ar", "16000", "-ac", "1", str(zh_wav))
    en_wav = espeak(ENGLISH, out / "en.wav")
    return {"zh": (zh_wav, "zh", "".join(refs[x] for x in zh)),
            "en": (en_wav, "en", ENGLISH)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speech-dir", type=Path, default=REPO / "tests" / "fixtures" / "speech")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--engines", default="faster-whisper,openai-whisper")
    ap.add_argument("--worker", nargs=4, metavar=("ENGINE", "AUDIO", "LANG", "THREADS"))
    args = ap.parse_args()
    if args.worker:
        engine, audio, lang, threads = args.worker
        worker(engine, audio, lang, int(threads))
        return
    from transcribe_helpers import cer, wer

    tmp = Path(tempfile.mkdtemp(prefix="livegen-bench-"))
    try:
        sets = make_audio(args.speech_dir, tmp)
        rows: dict[tuple[str, str], dict[str, float]] = {}
        # Engines alternate on each audio so both see similar machine load.
        for key, (wav, lang, ref) in sets.items():
            for engine in args.engines.split(","):
                runs = []
                for _ in range(args.repeat):
                    proc = subprocess.run(
                        [sys.executable, __file__, "--worker", engine, str(wav), lang,
                         str(args.threads)], capture_output=True, text=True,
                        env={**os.environ, "PYTHONWARNINGS": "ignore"})
                    if proc.returncode != 0:
                        sys.exit(f"{engine} failed:\n{proc.stderr[-2000:]}")
                    runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
                decode = statistics.median(r["decode"] for r in runs)
                text = runs[0]["text"]
                score = cer(ref, text) if lang == "zh" else wer(ref, text)
                rows[(engine, key)] = {
                    "audio": runs[0]["duration"],
                    "load": statistics.median(r["load"] for r in runs),
                    "decode": decode, "xrt": runs[0]["duration"] / decode,
                    "cpu": statistics.median(r["cpu"] for r in runs),
                    "peak": statistics.median(r["peak_mib"] for r in runs), "score": score}
                print(f"{engine:15} {key}: {rows[(engine, key)]}  {text[:60]!r}", file=sys.stderr)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
              f"(other jobs running), threads={args.threads}, beam 1, word timestamps on, "
              f"median of {args.repeat} run(s)")
        print("| engine | audio | length s | load s | decode s | × real time | decode CPU s "
              "| peak MiB | CER/WER |")
        print("|---|---|---|---|---|---|---|---|---|")
        for (engine, key), r in rows.items():
            metric = "CER" if key == "zh" else "WER"
            print(f"| {engine} | {key} | {r['audio']:.1f} | {r['load']:.1f} | "
                  f"{r['decode']:.1f} | {r['xrt']:.1f}× | {r['cpu']:.1f} | {r['peak']:.0f} | "
                  f"{metric} {r['score']:.3f} |")
        base, ref_engine = "faster-whisper", "openai-whisper"
        for key in sets:
            if (base, key) in rows and (ref_engine, key) in rows:
                a, b = rows[(base, key)], rows[(ref_engine, key)]
                print(f"{key}: faster-whisper is {b['decode'] / a['decode']:.1f}× faster "
                      f"(wall), needs {b['cpu'] / a['cpu']:.1f}× less CPU time and "
                      f"{b['peak'] / a['peak']:.1f}× less peak memory than openai-whisper")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
