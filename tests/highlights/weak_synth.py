"""A short stream whose speech recognition failed, with three moments planted off-speech.

The picture, sound and comments carry the moments; the transcript is a handful of garbled
Mandarin segments with Whisper's low-confidence marks (low language probability, avg
log-probability under −1, high no-speech probability), as a garbled stream produces.
Layout (seconds): LOUD louder speech with a crowd-noise bed, SHAKE a moving, shaking
picture, CHAT a comment burst; quiet filler speech and a still picture elsewhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hl_synth import FILLER
from tests.support.synth import (
    SR,
    encode_stream,
    speech,
    transcript_artifact,
    write_chat,
    write_wav,
)

DURATION = 100.0
LOUD = (14.0, 28.0)
SHAKE = (44.0, 58.0)
CHAT = (74.0, 88.0)
# (start, end, text): few, garbled, and one of them inside the loud moment.
SEGMENTS = [
    (4.0, 7.5, "那个我们这个呃就是"),
    (18.0, 21.0, "哇这个太那个了"),
    (60.0, 62.5, "嗯对对对然后"),
    (92.0, 95.0, "好的那我们"),
]


@dataclass(frozen=True)
class WeakRecording:
    media: Path
    transcript: Path
    chat: Path
    spans: dict[str, tuple[float, float]]


def weak_transcript(duration: float = DURATION) -> dict:
    """A transcript artifact as a garbled Whisper run writes it."""
    segs = [
        {"id": i, "start": a, "end": b, "text": t, "avg_logprob": -1.45, "no_speech_prob": 0.55}
        for i, (a, b, t) in enumerate(SEGMENTS)
    ]
    return transcript_artifact(
        segs,
        duration,
        "weak.mp4",
        "zh",
        language_probability=0.41,
        engine="faster-whisper",
        model="base",
    )


def build(work: Path) -> WeakRecording:
    import numpy as np

    work.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(11)
    audio = np.zeros(int(DURATION * SR), dtype=np.float32)
    t, k = 0.5, 0
    while t < DURATION - 4:
        loud = LOUD[0] <= t < LOUD[1]
        pcm = speech(FILLER[k % len(FILLER)], work) * (10 ** (9 / 20) if loud else 0.5)
        k += 1
        a = int(t * SR)
        n = min(pcm.size, audio.size - a)
        audio[a : a + n] += pcm[:n]
        t += pcm.size / SR + 0.6
    for t0 in np.arange(LOUD[0] + 0.3, LOUD[1] - 1.0, 2.0):  # 1 s of crowd noise every 2 s
        a, b = int(t0 * SR), int((t0 + 1.0) * SR)
        env = np.sin(np.linspace(0, np.pi, b - a)) ** 0.5
        audio[a:b] += (rng.normal(0, 0.25, b - a) * env).astype(np.float32)
    wav = write_wav(work / "audio.wav", audio)
    media = work / "weak.mp4"
    lo, hi = SHAKE
    # A still grey picture; during SHAKE a moving test pattern jumps about (a shaking camera).
    encode_stream(
        media,
        wav,
        DURATION,
        pattern="360x220",
        graph=f"[1:v]crop=320:180:'20+20*sin(t*37)':'20+20*cos(t*29)'[s];"
        f"[0:v][s]overlay=enable='between(t,{lo},{hi})'[v]",
        audio_bitrate="64k",
    )
    transcript = work / "weak.transcript.json"
    transcript.write_text(json.dumps(weak_transcript()), encoding="utf-8")
    chat = work / "chat.jsonl"
    msgs = [
        {"time": float(t0), "user": f"u{i % 7}", "text": ["来了", "主播好", "嗯"][i % 3]}
        for i, t0 in enumerate(np.arange(1.0, DURATION, 5.0))
    ]
    burst = ["哇", "太好看了", "怎么买", "上链接", "已下单", "买买买", "好便宜"]
    msgs += [
        {"time": round(float(t0), 2), "user": f"b{i}", "text": burst[i % 7]}
        for i, t0 in enumerate(np.arange(CHAT[0], CHAT[1], 0.35))
    ]
    write_chat(chat, msgs, ensure_ascii=False)
    return WeakRecording(media, transcript, chat, {"loud": LOUD, "shake": SHAKE, "chat": CHAT})
