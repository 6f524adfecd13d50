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

`--stream` compares `livegen transcribe`'s decoding (windows, batched where it pays off,
the guards) with calling faster-whisper's sequential `WhisperModel.transcribe` directly
on a 4-minute stream of real speech (the fixture clips looped with pauses), same weights,
beam, VAD, word timestamps and threads, the two routes alternating run by run:

    .venv/bin/python benchmarks/transcribe.py --stream [--repeat 5] [--minutes 4]

`--crossover` times the batched and the sequential path on windows of growing length in
one process (alternating), which is where `BATCH_MIN_SECONDS` comes from.
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
sys.path.insert(0, str(REPO))  # the test helpers import tests.support
sys.path.insert(0, str(REPO / "tests" / "transcribe"))

from transcribe_helpers import cer, espeak, ffmpeg, wer  # noqa: E402

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
    options = TranscribeOptions(engine=engine, language=language, beam_size=1, threads=threads)
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
    print(
        json.dumps(
            {
                "load": loaded - t0,
                "decode": done - loaded,
                "duration": parts[0].duration,
                "cpu": time.process_time() - cpu0,
                "text": joiner.join(s.text for s in segments),
                "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            },
            ensure_ascii=False,
        )
    )


STREAM_WORKER = r"""
import json, resource, sys, time
route, audio, lang = sys.argv[1], sys.argv[2], sys.argv[3]
threads, beam = int(sys.argv[4]), int(sys.argv[5])
lang = None if lang == "auto" else lang
from livegen.transcribe.options import TranscribeOptions
o = TranscribeOptions(language=lang, beam_size=beam, threads=threads)
if route == "livegen":
    from livegen.config import load_config
    from livegen.progress import NullReporter
    from livegen.transcribe.api import media_parts, run_engine
    from livegen.transcribe.engines import create_engine
    eng = create_engine(o, load_config())
    eng.model()
    t0, c0 = time.perf_counter(), time.process_time()
    segs, language, _ = run_engine(eng, media_parts([audio]), o, NullReporter())
    texts = [s.text for s in segs]
else:
    import os
    os.environ["HF_HUB_OFFLINE"] = "1"
    from faster_whisper import WhisperModel
    from livegen.config import load_config
    from livegen.transcribe.models import resolve_model
    path = resolve_model("base", load_config().models_dir, allow_download=False).path
    model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=threads)
    t0, c0 = time.perf_counter(), time.process_time()
    segments, info = model.transcribe(
        audio, language=lang, beam_size=beam, best_of=beam, vad_filter=True,
        vad_parameters={"min_silence_duration_ms": 500}, word_timestamps=True,
        compression_ratio_threshold=o.compression_ratio_threshold,
        log_prob_threshold=o.log_prob_threshold, no_speech_threshold=o.no_speech_threshold,
        condition_on_previous_text=False)
    segs = list(segments)
    texts = [s.text.strip() for s in segs]
    language = info.language
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
words = sum(len(s.words or []) for s in segs)
print(json.dumps({"wall": wall, "cpu": cpu, "texts": texts, "language": language,
                  "segments": len(segs), "words": words,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024},
                 ensure_ascii=False))
"""

CROSSOVER_WORKER = r"""
import json, sys, time
audio_path, threads, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lengths = [float(x) for x in sys.argv[4].split(",")]
from livegen.config import load_config
from livegen.media.audio import read_pcm
from livegen.transcribe.engines import create_engine
from livegen.transcribe.options import TranscribeOptions
audio = read_pcm(audio_path)
engines = {b: create_engine(TranscribeOptions(language="en", threads=threads, batch_size=b),
                            load_config()) for b in (1, 8)}
engines[1].model()
engines[8].transcribe_window(audio[:16000 * 20], language="en", deadline=None)  # warm up
out = {}
for n in lengths:
    if n > len(audio) / 16000 + 1:
        continue  # the recording is shorter
    window = audio[: int(n * 16000)]
    runs = {1: [], 8: []}
    for r in range(reps):
        # alternate which route goes first, so both see the same drift in machine load
        for b in ((1, 8) if r % 2 == 0 else (8, 1)):
            t0, c0 = time.perf_counter(), time.process_time()
            res = engines[b].transcribe_window(window, language="en", deadline=None)
            words = sum(len(s.text.split()) for s in res.segments)
            runs[b].append([time.perf_counter() - t0, time.process_time() - c0, words])
    out[n] = runs
print(json.dumps(out))
"""


def stream_audio(speech_dir: Path, out: Path, minutes: float, lang: str) -> tuple[Path, str]:
    """Real speech clips of one language looped with pauses to `minutes`; (wav, reference)."""
    refs = json.loads((speech_dir / "references.json").read_text("utf-8"))
    names = (
        [n for n in sorted(refs) if n.startswith(("BAC", "funasr"))]
        if lang == "zh"
        else [n for n in sorted(refs) if not n.startswith(("BAC", "funasr"))]
    )
    pauses = [0.6, 1.4, 2.5, 0.9, 4.0, 1.1]
    inputs: list[str] = []
    chain = ""
    order: list[str] = []
    total = 0.0
    k = 0
    while total < minutes * 60:
        name = names[k % len(names)]
        pad = pauses[k % len(pauses)]
        inputs += ["-i", str(speech_dir / name)]
        chain += f"[{k}:a]apad=pad_dur={pad}[a{k}];"
        order.append(name)
        import wave

        with wave.open(str(speech_dir / name)) as w:
            total += w.getnframes() / w.getframerate() + pad
        k += 1
    chain += "".join(f"[a{i}]" for i in range(k)) + f"concat=n={k}:v=0:a=1"
    wav = out / f"stream-{lang}.wav"
    ffmpeg(*inputs, "-filter_complex", chain, "-ar", "16000", "-ac", "1", str(wav))
    joiner = "" if lang == "zh" else " "
    return wav, joiner.join(refs[n] for n in order)


def stream_main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="livegen-bench-"))
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    try:
        for lang in args.langs.split(","):
            wav, ref = stream_audio(args.speech_dir, tmp, args.minutes, lang)
            runs: dict[str, list[dict]] = {"livegen": [], "sequential": []}
            for i in range(args.repeat):
                order = ("livegen", "sequential") if i % 2 == 0 else ("sequential", "livegen")
                for route in order:
                    proc = subprocess.run(
                        [
                            sys.executable,
                            "-c",
                            STREAM_WORKER,
                            route,
                            str(wav),
                            lang,
                            str(args.threads),
                            str(args.beam),
                        ],
                        capture_output=True,
                        text=True,
                        env=env,
                    )
                    if proc.returncode != 0:
                        sys.exit(f"{route} failed:\n{proc.stderr[-2000:]}")
                    runs[route].append(json.loads(proc.stdout.strip().splitlines()[-1]))
                    print(
                        f"{lang} run {i + 1} {route}: {runs[route][-1]['wall']:.1f} s",
                        file=sys.stderr,
                    )
            length = args.minutes * 60
            print(
                f"\n{lang}: {length:.0f} s of real speech, base int8, beam {args.beam}, VAD, "
                f"word timestamps, {args.threads} threads, median of {args.repeat} "
                f"alternating runs, load average {os.getloadavg()[0]:.1f}"
            )
            print(
                "| route | decode s | × real time | CPU s | peak MiB | segments | "
                f"{'CER' if lang == 'zh' else 'WER'} |"
            )
            print("|---|---|---|---|---|---|---|")
            med = {}
            for route, rs in runs.items():
                wall = statistics.median(r["wall"] for r in rs)
                med[route] = wall
                joiner = "" if lang == "zh" else " "
                # Greedy int8 decoding on several threads is not bit-stable run to run:
                # the score is the median over the runs, like the times.
                score = statistics.median(
                    cer(ref, joiner.join(r["texts"]))
                    if lang == "zh"
                    else wer(ref, joiner.join(r["texts"]))
                    for r in rs
                )
                print(
                    f"| {route} | {wall:.1f} | {length / wall:.1f}× | "
                    f"{statistics.median(r['cpu'] for r in rs):.1f} | "
                    f"{max(r['peak_mib'] for r in rs):.0f} | {rs[0]['segments']} | "
                    f"{score:.3f} |"
                )
            ratios = [
                s["wall"] / lg["wall"]
                for s, lg in zip(runs["sequential"], runs["livegen"], strict=True)
            ]
            cpu_ratio = statistics.median(r["cpu"] for r in runs["sequential"]) / statistics.median(
                r["cpu"] for r in runs["livegen"]
            )
            print(
                f"{lang}: livegen is {med['sequential'] / med['livegen']:.2f}× the speed of "
                f"sequential faster-whisper (per-pair ratios "
                f"{', '.join(f'{r:.2f}' for r in ratios)}) and needs {cpu_ratio:.2f}× "
                "less CPU time"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def crossover_main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="livegen-bench-"))
    try:
        sources = [("looped speech", stream_audio(args.speech_dir, tmp, 4.0, "en")[0])]
        if args.audio:
            sources.append((Path(args.audio).name, Path(args.audio)))
        for label, wav in sources:
            load = os.getloadavg()[0]
            proc = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CROSSOVER_WORKER,
                    str(wav),
                    str(args.threads),
                    str(args.repeat),
                    args.lengths,
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
            if proc.returncode != 0:
                sys.exit(proc.stderr[-2000:])
            data = json.loads(proc.stdout.strip().splitlines()[-1])
            print(
                f"\n{label}: window length vs decode time, medians of {args.repeat} "
                f"alternating runs, {args.threads} threads, load {load:.1f} at the start, "
                f"{os.getloadavg()[0]:.1f} at the end"
            )
            print(
                "| window s | sequential wall / CPU s | batched (8) wall / CPU s | "
                "speed-up wall / CPU | words seq / batched |"
            )
            print("|---|---|---|---|---|")
            for n, runs in data.items():
                seq = [statistics.median(r[i] for r in runs["1"]) for i in range(3)]
                bat = [statistics.median(r[i] for r in runs["8"]) for i in range(3)]
                print(
                    f"| {float(n):.0f} | {seq[0]:.2f} / {seq[1]:.2f} | "
                    f"{bat[0]:.2f} / {bat[1]:.2f} | {seq[0] / bat[0]:.2f}× / "
                    f"{seq[1] / bat[1]:.2f}× | {seq[2]:.0f} / {bat[2]:.0f} |"
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def make_audio(speech_dir: Path, out: Path) -> dict[str, tuple[Path, str, str]]:
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
    return {"zh": (zh_wav, "zh", "".join(refs[x] for x in zh)), "en": (en_wav, "en", ENGLISH)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speech-dir", type=Path, default=REPO / "tests" / "fixtures" / "speech")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--engines", default="faster-whisper,openai-whisper")
    ap.add_argument("--worker", nargs=4, metavar=("ENGINE", "AUDIO", "LANG", "THREADS"))
    ap.add_argument(
        "--stream",
        action="store_true",
        help="livegen vs plain sequential faster-whisper on a long stream",
    )
    ap.add_argument(
        "--crossover",
        action="store_true",
        help="batched vs sequential decode time by window length",
    )
    ap.add_argument("--minutes", type=float, default=4.0)
    ap.add_argument(
        "--lengths", default="20,45,60,90,120,240", help="--crossover: window lengths in seconds"
    )
    ap.add_argument("--audio", help="--crossover: also time windows of this recording")
    ap.add_argument("--langs", default="en,zh")
    ap.add_argument("--beam", type=int, default=1)
    args = ap.parse_args()
    if args.stream:
        stream_main(args)
        return
    if args.crossover:
        crossover_main(args)
        return
    if args.worker:
        engine, audio, lang, threads = args.worker
        worker(engine, audio, lang, int(threads))
        return
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
                        [
                            sys.executable,
                            __file__,
                            "--worker",
                            engine,
                            str(wav),
                            lang,
                            str(args.threads),
                        ],
                        capture_output=True,
                        text=True,
                        env={**os.environ, "PYTHONWARNINGS": "ignore"},
                    )
                    if proc.returncode != 0:
                        sys.exit(f"{engine} failed:\n{proc.stderr[-2000:]}")
                    runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
                decode = statistics.median(r["decode"] for r in runs)
                text = runs[0]["text"]
                score = cer(ref, text) if lang == "zh" else wer(ref, text)
                rows[(engine, key)] = {
                    "audio": runs[0]["duration"],
                    "load": statistics.median(r["load"] for r in runs),
                    "decode": decode,
                    "xrt": runs[0]["duration"] / decode,
                    "cpu": statistics.median(r["cpu"] for r in runs),
                    "peak": statistics.median(r["peak_mib"] for r in runs),
                    "score": score,
                }
                print(f"{engine:15} {key}: {rows[(engine, key)]}  {text[:60]!r}", file=sys.stderr)
        print(
            f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
            f"(other jobs running), threads={args.threads}, beam 1, word timestamps on, "
            f"median of {args.repeat} run(s)"
        )
        print(
            "| engine | audio | length s | load s | decode s | × real time | decode CPU s "
            "| peak MiB | CER/WER |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for (engine, key), r in rows.items():
            metric = "CER" if key == "zh" else "WER"
            print(
                f"| {engine} | {key} | {r['audio']:.1f} | {r['load']:.1f} | "
                f"{r['decode']:.1f} | {r['xrt']:.1f}× | {r['cpu']:.1f} | {r['peak']:.0f} | "
                f"{metric} {r['score']:.3f} |"
            )
        base, ref_engine = "faster-whisper", "openai-whisper"
        for key in sets:
            if (base, key) in rows and (ref_engine, key) in rows:
                a, b = rows[(base, key)], rows[(ref_engine, key)]
                print(
                    f"{key}: faster-whisper is {b['decode'] / a['decode']:.1f}× faster "
                    f"(wall), needs {b['cpu'] / a['cpu']:.1f}× less CPU time and "
                    f"{b['peak'] / a['peak']:.1f}× less peak memory than openai-whisper"
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
