"""A synthetic stream recording whose highlights are known, built from espeak-ng speech.

Every sentence is synthesised on its own and placed at a known time, so the transcript is
exact and highlights are tested independently of speech recognition. Layout (seconds):

- HIGHLIGHT_A: Aqua Serum selling point and price, 8 dB louder with a cheering noise bed,
  moving picture;
- DECOY: loud music-like tones under small talk, still picture;
- HIGHLIGHT_B: Trail Boots link/urgency, a comment burst with buying intent, moving picture;
- MOMENT_C: mild Trail Boots talk that a sales spike 10–30 s later should lift;
- small talk everywhere else, still picture.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.support.synth import (
    SR,
    encode_stream,
    speech,
    transcript_artifact,
    write_chat,
    write_wav,
)

DURATION = 240.0
HIGHLIGHT_A = (22.0, 44.0)  # (earliest start, block end) of each placed block
DECOY = (70.0, 92.0)
HIGHLIGHT_B = (115.0, 137.0)
MOMENT_C = (165.0, 183.0)
SALES_SPIKE = (185.0, 200.0)  # orders jump 10-25 s after MOMENT_C

FILLER = [
    "Hello everyone, welcome back to the channel.",
    "The weather is quite nice today.",
    "I had a sandwich for lunch earlier.",
    "My cat is sleeping on the sofa again.",
    "Let me drink some water first.",
    "The studio lights are a bit warm.",
    "I walked here this morning.",
    "We painted this wall blue last week.",
    "My neighbor has a new dog.",
    "The traffic was slow on the bridge.",
    "I like the sound of rain at night.",
    "This chair is older than me.",
]

A_SENTENCES = [
    "Look at this Aqua Serum, the texture is so light.",
    "It absorbs in seconds and the glow lasts twelve hours.",
    "Made from premium ingredients, unlike other serums.",
    "The price today is only nineteen dollars with a free gift.",
    "You can see the quality right here on my hand.",
]
B_SENTENCES = [
    "The Trail Boots link is up right now, grab it.",
    "Hurry, only fifty pairs left, add to cart.",
    "Last chance, this deal ends tonight, do not miss it.",
    "Click the link, three two one, go go go.",
    "Limited stock on the Trail Boots, selling out fast.",
]
C_SENTENCES = [
    "These Trail Boots come in three colors.",
    "The sole is made of rubber.",
    "They fit true to size for most people.",
    "The laces are a little long.",
]
DECOY_SENTENCES = [
    "We sometimes play music between segments.",
    "This song reminds me of summer.",
    "The drummer in this band is my cousin.",
]


@dataclass(frozen=True)
class Placed:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Recording:
    media: Path
    audio_only: Path
    transcript: Path
    chat: Path
    sales: Path
    spec_a: Path
    spec_b: Path
    sentences: list[Placed]
    spans: dict[str, tuple[float, float]]  # a, b, c, decoy: where each block was placed


def _place(plan: list[tuple[str, float, list[str]]], work: Path, audio, gains: dict):
    """Place sentences one after another; filler cycles until the next block's start."""
    placed: list[Placed] = []
    spans: dict[str, tuple[float, float]] = {}
    t = 0.5
    n = 0
    for k, (name, lo, texts) in enumerate(plan):
        t = max(t, lo)
        cycle = name in ("filler", "decoy")
        stop = plan[k + 1][1] if k + 1 < len(plan) and cycle else DURATION - 1
        first = t
        i = 0
        while i < len(texts) or cycle:
            text = texts[i % len(texts)]
            pcm = speech(text, work) * gains.get(name, 1.0)
            n += 1
            if t + pcm.size / SR > stop - 0.3:
                break
            a = int(t * SR)
            audio[a : a + pcm.size] += pcm
            placed.append(Placed(round(t, 3), round(t + pcm.size / SR, 3), text))
            t += pcm.size / SR + 0.6
            i += 1
        if name != "filler":
            spans[name] = (first, placed[-1].end)
    return placed, spans


def build(work: Path) -> Recording:
    """Write the recording, an exact transcript, a comment log, sales and specs to `work`."""
    import numpy as np

    from livegen.media.ffmpeg import run_ffmpeg

    work.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    audio = np.zeros(int(DURATION * SR), dtype=np.float32)
    loud = 10 ** (8 / 20)
    plan = [
        ("filler", 0.5, FILLER),
        ("a", HIGHLIGHT_A[0], A_SENTENCES),
        ("filler", 0.0, FILLER[4:] + FILLER[:4]),
        ("decoy", DECOY[0], DECOY_SENTENCES),
        ("filler", DECOY[1], FILLER[7:] + FILLER[:7]),
        ("b", HIGHLIGHT_B[0], B_SENTENCES),
        ("filler", 0.0, FILLER[2:] + FILLER[:2]),
        ("c", MOMENT_C[0], C_SENTENCES),
        ("filler", 0.0, FILLER[9:] + FILLER[:9]),
    ]
    placed, spans = _place(plan, work, audio, {"a": loud, "b": loud * 0.8})
    # A cheering noise bed under the highlights; loud chord-like tones under the decoy.
    for lo, hi in (spans["a"], spans["b"]):
        for t0 in np.arange(lo + 0.3, hi - 1.0, 2.5):  # 0.8 s cheers every 2.5 s
            a, b = int(t0 * SR), int((t0 + 0.8) * SR)
            env = np.sin(np.linspace(0, np.pi, b - a)) ** 0.5
            audio[a:b] += (rng.normal(0, 0.2, b - a) * env).astype(np.float32)
    a, b = int(DECOY[0] * SR), int(DECOY[1] * SR)
    t = np.arange(b - a) / SR
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6, 440.0))
    beat = 0.6 + 0.4 * (np.sin(2 * np.pi * 2 * t) > 0)
    audio[a:b] += (0.12 * chord * beat).astype(np.float32)
    wav = write_wav(work / "audio.wav", audio)

    media = work / "stream.mp4"
    moving = "+".join(f"between(t,{lo},{hi})" for lo, hi in (spans["a"], spans["b"]))
    encode_stream(
        media,
        wav,
        DURATION,
        pattern="320x180",
        graph=f"[0:v][1:v]overlay=enable='{moving}'[v]",
        audio_bitrate="96k",
    )
    audio_only = work / "stream.m4a"
    run_ffmpeg(["-i", str(wav), "-c:a", "aac", "-b:a", "96k", str(audio_only)], what="m4a")

    transcript = work / "stream.transcript.json"
    transcript.write_text(json.dumps(transcript_data(placed, DURATION)), encoding="utf-8")
    (work / "spans.json").write_text(json.dumps(spans), encoding="utf-8")

    chat = work / "chat.jsonl"
    msgs = []
    for k, t0 in enumerate(np.arange(1.0, DURATION, 4.0)):
        msgs.append(
            {
                "time": round(float(t0), 2),
                "user": f"u{k % 9}",
                "text": ["hi", "hello from Ohio", "nice room", "ok"][k % 4],
            }
        )
    burst = [
        "link please",
        "how much",
        "bought it!",
        "wow love these",
        "ordered two",
        "added to cart",
        "amazing deal",
    ]
    for k, t0 in enumerate(np.arange(spans["b"][0] + 4, spans["b"][1] + 4, 0.4)):
        msgs.append({"time": round(float(t0), 2), "user": f"b{k}", "text": burst[k % 7]})
    write_chat(chat, msgs)

    sales = work / "sales.csv"
    rows = ["time,orders"]
    for t0 in range(0, int(DURATION), 10):
        spike = SALES_SPIKE[0] <= t0 < SALES_SPIKE[1]
        rows.append(f"{t0},{12 if spike else 1}")
    sales.write_text("\n".join(rows) + "\n", encoding="utf-8")

    spec_a = work / "aqua.yaml"
    spec_a.write_text(
        "name: Aqua Serum\nprice: 29\nlanguage: en\ncategory: cosmetics\n"
        "selling_points: [light texture]\nkeywords: [serum]\n",
        encoding="utf-8",
    )
    spec_b = work / "boots.yaml"
    spec_b.write_text(
        "name: Trail Boots\nprice: 89\nlanguage: en\n"
        "selling_points: [waterproof]\nkeywords: [boots]\n",
        encoding="utf-8",
    )
    return Recording(media, audio_only, transcript, chat, sales, spec_a, spec_b, placed, spans)


def load(work: Path) -> Recording:
    """A recording `build` wrote earlier (its files and truth) from `work`."""
    data = json.loads((work / "stream.transcript.json").read_text(encoding="utf-8"))
    spans = {
        k: (v[0], v[1])
        for k, v in json.loads((work / "spans.json").read_text(encoding="utf-8")).items()
    }
    placed = [Placed(s["start"], s["end"], s["text"]) for s in data["segments"]]
    return Recording(
        work / "stream.mp4",
        work / "stream.m4a",
        work / "stream.transcript.json",
        work / "chat.jsonl",
        work / "sales.csv",
        work / "aqua.yaml",
        work / "boots.yaml",
        placed,
        spans,
    )


def transcript_data(placed: list[Placed], duration: float) -> dict:
    segments = []
    for i, p in enumerate(placed):
        words = p.text.split()
        total = sum(len(w) for w in words)
        t = p.start
        out = []
        for w in words:
            d = (p.end - p.start) * len(w) / total
            out.append({"start": round(t, 3), "end": round(t + d, 3), "word": w})
            t += d
        segments.append({"id": i, "start": p.start, "end": p.end, "text": p.text, "words": out})
    return transcript_artifact(
        segments, duration, "stream.mp4", "en", engine="synthetic", model="truth"
    )


def overlap(h: dict, span: tuple[float, float]) -> float:
    """Seconds shared by a highlight (dict with start/end) and a (start, end) span."""
    return max(0.0, min(h["end"], span[1]) - max(h["start"], span[0]))
