"""Build the bundled sample recordings, comment logs and sales export, deterministically.

    python samples/make_samples.py --speech-dir DIR [--out samples] [--only zh|en]

Why a generator instead of a real stream: every file's truth is known (when each sentence
is spoken, where the loud part and the music decoy are, when the scene changes), so the
post-stream stages can be tested and demonstrated against it, and nothing here belongs
to a third party except the seven Mandarin speech clips, whose licences allow it (see
LICENSES.md).

What it needs:
- numpy, and the ffmpeg that livegen uses (`livegen.media.ffmpeg.ffmpeg_exe()`);
- espeak-ng for the English voice (`bash scripts/system-deps.sh` installs it);
- `--speech-dir`: a folder with the seven real Mandarin clips (AISHELL-1 BAC009*.wav and
  FunASR's asr_example.wav saved as funasr_asr_example.wav). Their public sources and
  sha256 sums are in `SPEECH_CLIPS` below; the script refuses clips that do not match.
  espeak-ng's Mandarin is not used because Whisper cannot understand it.

Everything random comes from fixed seeds, so two runs write the same logs and the same
audio and picture content (the MP4 container bytes depend on the ffmpeg build).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SR = 16_000  # the mix is built at Whisper's rate; ffmpeg resamples for AAC
W, H, FPS = 1280, 720, 25

# file name -> (sha256, reference text, public source)
SPEECH_CLIPS: dict[str, tuple[str, str, str]] = {
    "funasr_asr_example.wav": (
        "a1bd32dc78493c123f9625a66deee562aed2895f53fbc39f2cca3be7e6f4f20f",
        "欢迎大家来体验达摩院推出的语音识别模型",
        "modelscope/FunASR runtime/funasr_api/asr_example.wav",
    ),
    "BAC009S0764W0121.wav": (
        "46dbc998c9d1d48111267c40741dd3200f2e5bcf4075f8c4c97f4451160dce50",
        "甚至出现交易几乎停滞的情况",
        "AISHELL-1 test set (OpenSLR SLR33)",
    ),
    "BAC009S0764W0122.wav": (
        "5760c7ace0923a499f605d373011c7aaf658e304a0999a493c63669c756384e1",
        "一二线城市虽然也处于调整中",
        "AISHELL-1 test set (OpenSLR SLR33)",
    ),
    "BAC009S0724W0121.wav": (
        "2f9fc9c912bb71c85fb286cb88b599c81efb8f727c727a5ea8f6d1c89c55ac13",
        "广州市房地产中介协会分析",
        "AISHELL-1 dev set (OpenSLR SLR33)",
    ),
    "BAC009S0002W0122.wav": (
        "71bc9f1a1cdd3ba115c0fc6cb10c67cfdafa2e104df4c92dd6f29f962b82c0f1",
        "而对楼市成交抑制作用最大的限购",
        "AISHELL-1 train set (OpenSLR SLR33)",
    ),
    "BAC009S0002W0123.wav": (
        "350b0b604646bbb285c4284d0083bd43d0fc75fa32800e6ededb9ac70f8ece3f",
        "也成为地方政府的眼中钉",
        "AISHELL-1 train set (OpenSLR SLR33)",
    ),
    "BAC009S0002W0124.wav": (
        "85e184e8aed8c40a94a4666e8d021ef41901c8d566d928951d54e6a540aaaaca",
        "自六月底呼和浩特市率先宣布取消限购后",
        "AISHELL-1 train set (OpenSLR SLR33)",
    ),
}


# --------------------------------------------------------------------------- timelines


@dataclass
class Speech:
    start: float
    text: str
    role: str  # hook | selling_point | price_offer | urgency_cta | qa | filler | welcome ...
    source: str  # clip file name, or "espeak-ng en-us"
    loud: bool = False
    samples: np.ndarray | None = field(default=None, repr=False)

    @property
    def end(self) -> float:
        assert self.samples is not None
        return round(self.start + len(self.samples) / SR, 3)


@dataclass
class Plan:
    lang: str
    duration: float
    speech: list[Speech]
    loud: tuple[float, float]  # speech with gain + noise bed, then an applause-like burst
    applause: tuple[float, float]
    decoy: tuple[float, float]  # music-like tones, no speech
    scene_change: float
    product_visible: list[tuple[float, float]]
    offer_moment: float
    product: str


def zh_plan() -> Plan:
    """Seven real clips with short gaps; the fifth is the loud one, music sits in between."""
    order = [
        (2.0, "funasr_asr_example.wav", "welcome", False),
        (10.0, "BAC009S0764W0121.wav", "selling_point", False),
        (16.5, "BAC009S0764W0122.wav", "selling_point", False),
        (23.5, "BAC009S0724W0121.wav", "qa", False),
        (46.0, "BAC009S0002W0122.wav", "price_offer", True),
        (61.0, "BAC009S0002W0123.wav", "urgency_cta", False),
        (68.0, "BAC009S0002W0124.wav", "filler", False),
    ]
    speech = [Speech(t, SPEECH_CLIPS[name][1], role, name, loud) for t, name, role, loud in order]
    return Plan(
        lang="zh",
        duration=80.0,
        speech=speech,
        loud=(45.0, 52.5),
        applause=(52.2, 57.0),
        decoy=(30.5, 42.5),
        scene_change=44.0,
        product_visible=[(9.5, 28.5), (45.5, 66.0)],
        offer_moment=46.0,
        product="水润保湿面霜 50ml",
    )


EN_LINES: list[tuple[float, str, str, bool]] = [
    (
        1.0,
        "Hey everyone, welcome back to the stream! Stay with me, today's deal is one "
        "you do not want to miss.",
        "hook",
        False,
    ),
    (9.0, "Let me know in the chat where you are watching from.", "filler", False),
    (
        13.5,
        "This is our adjustable aluminum phone stand. It folds flat, fits in your "
        "pocket, and holds phones and tablets up to thirteen inches.",
        "selling_point",
        False,
    ),
    (
        23.5,
        "The base has anti slip silicone pads, so it stays put on your desk while you "
        "type or video call.",
        "selling_point",
        False,
    ),
    (
        31.0,
        "Sarah asks, does it work with a phone case? Yes it does, the holder fits cases "
        "up to one centimetre thick.",
        "qa",
        False,
    ),
    (
        52.0,
        "Here is the deal! The normal price is thirty five dollars, but today only, 19 dollars!",
        "price_offer",
        True,
    ),
    (
        63.0,
        "Tap the orange shopping cart now, there are only 20 left at this price!",
        "urgency_cta",
        False,
    ),
    (68.5, "Oh, I love this song by the way. Did everyone have a good weekend?", "filler", False),
    (
        74.0,
        "Tom wants to know, how long is shipping? It ships in two days, and shipping is free.",
        "qa",
        False,
    ),
    (
        81.0,
        "Only 20 left. Tap the orange shopping cart now. Thanks for watching!",
        "urgency_cta",
        False,
    ),
]


def en_plan() -> Plan:
    speech = [Speech(t, text, role, "espeak-ng en-us", loud) for t, text, role, loud in EN_LINES]
    return Plan(
        lang="en",
        duration=88.0,
        speech=speech,
        loud=(51.5, 58.0),
        applause=(57.8, 61.5),
        decoy=(39.0, 50.0),
        scene_change=51.0,
        product_visible=[(13.0, 38.5), (51.5, 68.0), (79.5, 88.0)],
        offer_moment=52.0,
        product="adjustable aluminum phone stand",
    )


# --------------------------------------------------------------------------- audio


def ffmpeg() -> str:
    from livegen.media.ffmpeg import ffmpeg_exe

    return ffmpeg_exe()


def decode(path: Path) -> np.ndarray:
    """Any audio file as 16 kHz mono float32."""
    out = subprocess.run(
        [
            ffmpeg(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(path),
            "-f",
            "f32le",
            "-ac",
            "1",
            "-ar",
            str(SR),
            "pipe:1",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(out, dtype="<f4").astype(np.float32)


def check_clip(path: Path) -> None:
    want = SPEECH_CLIPS[path.name][0]
    got = hashlib.sha256(path.read_bytes()).hexdigest()
    if got != want:
        raise SystemExit(f"{path}: sha256 {got} does not match the published clip ({want})")


def espeak(text: str, workdir: Path, n: int) -> np.ndarray:
    exe = shutil.which("espeak-ng")
    if not exe:
        raise SystemExit("espeak-ng not found: run `bash scripts/system-deps.sh`")
    wav = workdir / f"en-{n:02d}.wav"
    subprocess.run([exe, "-v", "en-us", "-s", "158", "-w", str(wav), text], check=True)
    return decode(wav)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if len(x) else 0.0


def trim(x: np.ndarray, floor: float = 0.01) -> np.ndarray:
    """Drop leading/trailing near-silence so the truth times are the voiced span."""
    loud = np.flatnonzero(np.abs(x) > floor * max(float(np.abs(x).max()), 1e-9) * 10)
    if not len(loud):
        return x
    lo = max(int(loud[0]) - int(0.05 * SR), 0)
    hi = min(int(loud[-1]) + int(0.05 * SR), len(x))
    return x[lo:hi]


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    white = rng.standard_normal(n)
    spec = np.fft.rfft(white)
    f = np.fft.rfftfreq(n, 1 / SR)
    spec[1:] /= np.sqrt(f[1:])
    spec[0] = 0
    out = np.fft.irfft(spec, n)
    return (out / (rms(out) + 1e-12)).astype(np.float32)


def applause(n: int, rng: np.random.Generator) -> np.ndarray:
    """Many short decaying noise bursts (claps) over a hiss, like a cheering room."""
    out = 0.25 * rng.standard_normal(n)
    clap_len = int(0.03 * SR)
    env = np.exp(-np.linspace(0, 6, clap_len))
    for start in rng.integers(0, max(n - clap_len, 1), size=int(n / SR * 90)):
        out[start : start + clap_len] += rng.standard_normal(clap_len) * env * rng.uniform(0.5, 1.5)
    fade = np.minimum(1, np.minimum(np.arange(n), np.arange(n)[::-1]) / (0.4 * SR))
    out *= fade
    return (out / (rms(out) + 1e-12)).astype(np.float32)


def music(n: int) -> np.ndarray:
    """A plain melody over a chord pad: tonal, rhythmic, and no speech in it."""
    t = np.arange(n) / SR
    out = np.zeros(n)
    melody = [0, 4, 7, 12, 7, 4, 2, 5, 9, 5, 2, -1, 0, 4, 7, 4]
    beat = 0.375
    for i, semis in enumerate(melody * 4):
        s, e = int(i * beat * SR), int((i + 1) * beat * SR)
        if s >= n:
            break
        e = min(e, n)
        seg = t[: e - s]
        freq = 440.0 * 2 ** (semis / 12)
        env = np.exp(-seg * 4.0) * np.minimum(1, seg / 0.01)
        out[s:e] += env * (np.sin(2 * np.pi * freq * seg) + 0.3 * np.sin(4 * np.pi * freq * seg))
    for f in (220.0, 277.2, 329.6):  # an A major pad
        out += 0.15 * np.sin(2 * np.pi * f * t)
    fade = np.minimum(1, np.minimum(np.arange(n), np.arange(n)[::-1]) / (0.5 * SR))
    out *= fade
    return (out / (rms(out) + 1e-12)).astype(np.float32)


def db(x: float) -> float:
    return 10 ** (x / 20)


def build_audio(plan: Plan, speech_dir: Path | None, workdir: Path) -> np.ndarray:
    rng = np.random.default_rng(7 if plan.lang == "zh" else 11)
    n = int(plan.duration * SR)
    mix = (pink_noise(n, rng) * db(-52)).astype(np.float32)  # room tone
    for i, sp in enumerate(plan.speech):
        if plan.lang == "zh":
            assert speech_dir is not None
            path = speech_dir / sp.source
            check_clip(path)
            x = trim(decode(path))
        else:
            x = trim(espeak(sp.text, workdir, i))
        x = x / (rms(x) + 1e-12) * db(-20 + (9 if sp.loud else 0))
        sp.samples = x
        s = int(sp.start * SR)
        if s + len(x) > n:
            raise SystemExit(f"{plan.lang}: speech at {sp.start}s runs past the end")
        mix[s : s + len(x)] += x
    a, b = (int(v * SR) for v in plan.loud)
    mix[a:b] += pink_noise(b - a, rng) * db(-24)  # excited room under the loud speech
    a, b = (int(v * SR) for v in plan.applause)
    mix[a:b] += applause(b - a, rng) * db(-13)
    a, b = (int(v * SR) for v in plan.decoy)
    mix[a:b] += music(b - a) * db(-19)
    return np.tanh(mix * 1.1).astype(np.float32) / 1.1  # soft limit, no hard clipping


# --------------------------------------------------------------------------- pictures


def write_pam(path: Path, rgba: np.ndarray) -> None:
    """PAM keeps the alpha channel and needs no image library to write."""
    h, w, _ = rgba.shape
    head = f"P7\nWIDTH {w}\nHEIGHT {h}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n"
    path.write_bytes(head.encode() + np.ascontiguousarray(rgba, dtype=np.uint8).tobytes())


def canvas(w: int, h: int) -> np.ndarray:
    return np.zeros((h, w, 4), dtype=np.float32)


def fill(img: np.ndarray, mask: np.ndarray, rgb: Sequence[int], alpha: float = 1.0) -> None:
    m = mask.astype(np.float32)[..., None] * alpha
    img[..., :3] = img[..., :3] * (1 - m) + np.array(rgb, np.float32) * m
    img[..., 3:] = np.maximum(img[..., 3:], m * 255)


def grid(w: int, h: int) -> tuple[np.ndarray, np.ndarray]:
    yy, xx = np.mgrid[0:h, 0:w]
    return xx.astype(np.float32), yy.astype(np.float32)


def ellipse(w: int, h: int, cx: float, cy: float, rx: float, ry: float) -> np.ndarray:
    xx, yy = grid(w, h)
    d = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
    return np.clip((1 - d) * min(rx, ry) / 2, 0, 1)  # anti-aliased edge


def rect(w: int, h: int, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    xx, yy = grid(w, h)
    return ((xx >= x0) & (xx < x1) & (yy >= y0) & (yy < y1)).astype(np.float32)


def background(scene: int) -> np.ndarray:
    """A studio wall with a shelf of products and a lamp glow; scene 1 is cool, 2 is warm."""
    xx, yy = grid(W, H)
    top, bottom = ([58, 72, 110], [24, 30, 52]) if scene == 1 else ([150, 92, 70], [70, 38, 34])
    g = (yy / H)[..., None]
    img = np.zeros((H, W, 4), np.float32)
    img[..., :3] = np.array(top) * (1 - g) + np.array(bottom) * g
    img[..., 3] = 255
    glow = np.exp(-(((xx - W * 0.5) / 420) ** 2 + ((yy - H * 0.35) / 260) ** 2))
    img[..., :3] += glow[..., None] * (40 if scene == 1 else 55)
    panel = [46, 56, 92] if scene == 1 else [128, 74, 58]
    for i in range(6):  # wall panels
        x0 = 40 + i * 210
        fill(img, rect(W, H, x0, 60, x0 + 180, 470), [c + 12 for c in panel], 0.55)
    shelf_y = 250 if scene == 1 else 210
    fill(img, rect(W, H, 60, shelf_y, 1220, shelf_y + 14), [200, 190, 170])
    colors = [[230, 90, 90], [240, 200, 80], [90, 180, 220], [150, 220, 140], [230, 140, 200]]
    for i in range(11):
        x0 = 90 + i * 105
        hgt = 60 + (i * 37) % 50
        fill(img, rect(W, H, x0, shelf_y - hgt, x0 + 60, shelf_y), colors[i % len(colors)])
    if scene == 2:  # a ring light and a banner stripe make the cut obvious
        ring = ellipse(W, H, 1080, 170, 110, 110) - ellipse(W, H, 1080, 170, 88, 88)
        fill(img, np.clip(ring, 0, 1), [255, 250, 235])
        fill(img, rect(W, H, 0, 520, W, 560), [250, 210, 80], 0.8)
    fill(img, rect(W, H, 40, 28, 150, 66), [220, 30, 50])  # the LIVE badge
    fill(img, rect(W, H, 56, 40, 134, 54), [255, 235, 235], 0.9)
    return img


def host(mouth_open: bool) -> np.ndarray:
    """A presenter stand-in: shirt, neck, a skin-tone face with eyes, brows, hair, a mouth."""
    w, h = 360, 560
    img = canvas(w, h)
    fill(img, ellipse(w, h, 180, 560, 175, 170), [40, 110, 170])  # shoulders / shirt
    fill(img, rect(w, h, 150, 300, 210, 400), [224, 178, 146])  # neck
    fill(img, ellipse(w, h, 180, 190, 118, 150), [236, 190, 156])  # face
    fill(img, ellipse(w, h, 180, 90, 128, 80) * rect(w, h, 0, 0, w, 120), [40, 28, 24])  # hair
    for ex in (135, 225):
        fill(img, ellipse(w, h, ex, 180, 22, 13), [250, 250, 250])
        fill(img, ellipse(w, h, ex, 181, 9, 9), [50, 35, 30])
        fill(img, rect(w, h, ex - 24, 150, ex + 24, 157), [70, 45, 35])  # brows
    fill(img, ellipse(w, h, 180, 230, 10, 18), [214, 160, 130], 0.7)  # nose
    if mouth_open:
        fill(img, ellipse(w, h, 180, 280, 34, 18), [120, 30, 40])
        fill(img, ellipse(w, h, 180, 272, 26, 6), [245, 245, 240])
    else:
        fill(img, ellipse(w, h, 180, 280, 36, 5), [170, 60, 70])
    return img


def desk() -> np.ndarray:
    img = canvas(W, H)
    fill(img, rect(W, H, 0, 600, W, H), [92, 62, 44])
    fill(img, rect(W, H, 0, 596, W, 606), [140, 100, 72])
    return img


def product(lang: str) -> np.ndarray:
    """A boxed product: a cream jar for the Chinese stream, a phone-stand box for English."""
    w, h = 220, 200
    img = canvas(w, h)
    if lang == "zh":
        fill(img, rect(w, h, 30, 70, 190, 200), [245, 240, 250])
        fill(img, rect(w, h, 22, 40, 198, 80), [210, 120, 160])
        fill(img, rect(w, h, 30, 120, 190, 140), [210, 120, 160], 0.8)
    else:
        fill(img, rect(w, h, 10, 30, 210, 200), [250, 140, 40])
        fill(img, rect(w, h, 30, 60, 190, 170), [60, 60, 66])
        fill(img, rect(w, h, 100, 70, 120, 160), [200, 200, 210])  # the stand, drawn on the box
        fill(img, rect(w, h, 60, 150, 160, 160), [200, 200, 210])
    return img


def speaking_expr(plan: Plan) -> str:
    spans = "+".join(f"between(t,{sp.start:.2f},{sp.end:.2f})" for sp in plan.speech)
    return f"({spans})*lt(mod(t*7,1),0.55)"


def render(plan: Plan, audio: np.ndarray, out: Path, workdir: Path) -> None:
    layers = {
        "bg1": background(1),
        "bg2": background(2),
        "host": host(False),
        "mouth": host(True)[255:305, 130:230],
        "desk": desk(),
        "product": product(plan.lang),
    }
    for name, img in layers.items():
        write_pam(workdir / f"{name}.pam", np.clip(img, 0, 255))
    wav = workdir / "mix.f32"
    wav.write_bytes(audio.astype("<f4").tobytes())
    x = "470+190*sin(2*PI*t/14)"  # the host drifts slowly left and right
    y = 170
    product_on = "+".join(f"between(t,{a},{b})" for a, b in plan.product_visible)
    graph = (
        f"[0:v][1:v]overlay=0:0:enable='gte(t,{plan.scene_change})'[bg];"
        f"[bg][2:v]overlay=x='{x}':y={y}[h];"
        f"[h][3:v]overlay=x='{x}+130':y={y + 255}:enable='{speaking_expr(plan)}'[m];"
        f"[m][4:v]overlay=0:0[d];"
        f"[d][5:v]overlay=x=980:y=420:enable='{product_on}',format=yuv420p[v]"
    )
    args = [ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-y"]
    for name in layers:
        args += ["-loop", "1", "-framerate", str(FPS), "-i", str(workdir / f"{name}.pam")]
    args += ["-f", "f32le", "-ar", str(SR), "-ac", "1", "-i", str(wav)]
    args += [
        "-filter_complex",
        graph,
        "-map",
        "[v]",
        "-map",
        "6:a",
        "-t",
        f"{plan.duration}",
        "-r",
        str(FPS),
        "-c:v",
        "libx264",
        "-preset",
        "medium",
        "-crf",
        "30",
        "-pix_fmt",
        "yuv420p",
        "-g",
        str(FPS * 4),
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-ar",
        "44100",
        "-ac",
        "1",
        "-map_metadata",
        "-1",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        "-movflags",
        "+faststart",
        str(out),
    ]
    subprocess.run(args, check=True)


# --------------------------------------------------------------------------- truth


def truth(plan: Plan, media: str) -> dict[str, object]:
    return {
        "schema_version": "1",
        "media": media,
        "language": plan.lang,
        "duration": plan.duration,
        "product": plan.product,
        "speech": [
            {
                "start": sp.start,
                "end": sp.end,
                "text": sp.text,
                "role": sp.role,
                "source": sp.source,
                "loud": sp.loud,
            }
            for sp in plan.speech
        ],
        "loud": {
            "start": plan.loud[0],
            "end": plan.loud[1],
            "note": "speech +9 dB over an excited room noise bed",
        },
        "applause": {"start": plan.applause[0], "end": plan.applause[1]},
        "decoy_music": {
            "start": plan.decoy[0],
            "end": plan.decoy[1],
            "note": "melody and chords, no speech",
        },
        "offer_moment": plan.offer_moment,
        "scene_changes": [plan.scene_change],
        "product_visible": [{"start": a, "end": b} for a, b in plan.product_visible],
        "video": {
            "width": W,
            "height": H,
            "fps": FPS,
            "host": "face-like drawing drifting left/right, mouth moves while speaking",
        },
    }


# --------------------------------------------------------------------------- chat logs

ZH_USERS = [
    "小鹿",
    "橙子酱",
    "阿宁",
    "momo",
    "晴天",
    "大熊",
    "糖糖",
    "Lily",
    "木子",
    "小七",
    "一只猫",
    "阿杰",
    "芒果",
    "清风",
    "豆豆",
    "雪梨",
    "KK",
    "小满",
    "星星",
    "阿May",
]
EN_USERS = [
    "sarah_k",
    "mike88",
    "jen.codes",
    "tomtom",
    "lucy_w",
    "dev_ray",
    "amber",
    "nick_p",
    "zoe",
    "maria.g",
    "ben",
    "kat",
    "oli",
    "priya",
    "sam_t",
    "hana",
    "leo",
    "ivy",
    "max",
    "noah",
]

ZH_BANK: dict[str, list[str]] = {
    "greet": [
        "来了来了",
        "主播好",
        "晚上好",
        "第一次来",
        "主播今天好美",
        "打卡",
        "来啦",
        "支持主播",
        "主播声音好好听",
        "终于开播了",
    ],
    "price": [
        "多少钱",
        "多少钱啊",
        "这个多少钱？",
        "价格多少",
        "什么价格",
        "现在什么价",
        "到手价多少",
        "有优惠券吗",
        "贵不贵呀",
        "直播间价格多少",
    ],
    "skin": [
        "适合干皮吗",
        "干皮能用吗？",
        "油皮可以用吗",
        "敏感肌能用吗",
        "混油皮适合吗",
        "痘痘肌可以用吗",
    ],
    "pregnant": ["孕妇能用吗", "孕妇可以用吗？", "哺乳期能用吗", "孕期可以用吗"],
    "shipping": [
        "发什么快递",
        "发什么快递呀",
        "包邮吗",
        "几天能到",
        "什么时候发货",
        "顺丰吗",
        "偏远地区发货吗",
    ],
    "buy": ["怎么买", "怎么买啊", "链接在哪", "几号链接", "在哪里拍", "怎么下单"],
    "size": ["多大容量", "有几毫升", "一瓶能用多久", "是50ml吗"],
    "ingredient": ["什么成分", "含酒精吗", "有香精吗", "成分安全吗"],
    "stock": ["还有货吗", "还有库存吗", "是现货吗"],
    "intent": [
        "上链接",
        "上链接！！",
        "快上链接",
        "买了",
        "拍了",
        "已下单",
        "抢到了",
        "拍了两瓶",
        "已拍",
        "买买买",
        "冲冲冲",
        "付款了",
    ],
    "react": [
        "哈哈哈",
        "好看",
        "666",
        "真的吗",
        "心动了",
        "好划算",
        "想要",
        "种草了",
        "厉害",
        "看起来不错",
        "主播皮肤好好",
    ],
    "negative": [
        "太贵了",
        "有点贵",
        "上次买的过敏了",
        "客服一直不回复",
        "发货太慢了",
        "卡了卡了",
        "声音太小听不清",
        "上次的还没收到",
        "质量一般",
        "感觉是智商税",
    ],
    "spam": [
        "加微信 abc8899 领券",
        "最便宜的在我这，私聊",
        "vx：xm2024 有同款",
        "QQ 12345678 代购",
        "加V看主页 www.example.cn",
        "全网最低价找我 13800138000",
        "最便宜的渠道加微信",
    ],
    "music": ["这歌叫什么", "好听", "背景音乐好听", "歌名是什么"],
}

EN_BANK: dict[str, list[str]] = {
    "greet": [
        "hi from texas",
        "hello!",
        "hey everyone",
        "first time here",
        "watching from london",
        "hi from manila",
        "good evening",
        "hey!!",
        "love these streams",
        "hello from ohio",
    ],
    "price": [
        "how much is it?",
        "how much?",
        "what's the price",
        "price please",
        "how much does it cost?",
        "is there a discount?",
        "any coupon?",
        "how much for two?",
    ],
    "case": [
        "does it work with a phone case?",
        "will it fit my phone with a case?",
        "does it work with thick cases?",
        "can i use it with an otterbox case?",
    ],
    "tablet": [
        "does it fit an ipad?",
        "will it hold a tablet?",
        "can it hold my ipad pro?",
        "is it big enough for a tablet?",
    ],
    "shipping": [
        "how long is shipping?",
        "do you ship to canada?",
        "is shipping free?",
        "when will it arrive?",
        "how fast is delivery?",
    ],
    "buy": [
        "where is the link?",
        "how do i buy?",
        "where's the cart?",
        "how do i order it?",
        "link please",
    ],
    "material": ["is it real aluminum?", "what is it made of?", "is it metal or plastic?"],
    "intent": [
        "bought!",
        "just ordered",
        "ordered 2",
        "got one",
        "added to cart",
        "bought one for my mom",
        "done, ordered",
        "link!",
        "drop the link",
        "ordered!!",
    ],
    "react": [
        "nice",
        "looks sturdy",
        "wow",
        "cool",
        "lol",
        "that's neat",
        "want",
        "so cute",
        "clean design",
        "i need this",
    ],
    "negative": [
        "too expensive",
        "mine broke after a week",
        "lagging",
        "can't hear you",
        "my last order never arrived",
        "kind of a rip off",
        "audio is bad",
    ],
    "spam": [
        "contact me on whatsapp +1 555 0100 for cheaper",
        "cheapest price dm me",
        "visit www.example.com for free phones",
        "add me on telegram @dealz",
        "whatsapp me for wholesale 555-0199",
    ],
    "music": ["what song is this", "nice music", "song name?"],
}


def burst(rng: np.random.Generator, t0: float, t1: float, n: int) -> list[float]:
    return sorted(float(v) for v in rng.uniform(t0, t1, size=n))


def chat_events(plan: Plan) -> list[tuple[float, str]]:
    """(time, bank) pairs: quiet baseline, bursts after each moment the host creates."""
    rng = np.random.default_rng(23 if plan.lang == "zh" else 29)
    ev: list[tuple[float, str]] = []

    def add(t0: float, t1: float, n: int, bank: str) -> None:
        ev.extend((t, bank) for t in burst(rng, t0, t1, n))

    d = plan.duration
    add(0.5, 9, 16, "greet")
    add(0, d, 22, "react")  # a thin baseline all along
    if plan.lang == "zh":
        add(10, 30, 18, "price")
        add(12, 30, 12, "skin")
        add(14, 32, 7, "pregnant")
        add(18, 40, 7, "size")
        add(20, 40, 6, "ingredient")
        add(31, 42, 3, "music")
        add(46.5, 60, 48, "intent")  # the offer: "上链接", "买了"
        add(47, 62, 11, "buy")
        add(52, 76, 14, "shipping")
        add(60, 74, 6, "stock")
        add(62, 79, 10, "negative")
        add(5, 78, 10, "spam")
    else:
        add(13, 38, 18, "price")
        add(14, 34, 10, "case")
        add(18, 38, 9, "tablet")
        add(24, 38, 6, "material")
        add(40, 50, 3, "music")
        add(52.5, 68, 48, "intent")  # "today only 19 dollars" and the cart
        add(53, 66, 11, "buy")
        add(60, 84, 13, "shipping")
        add(66, 86, 9, "negative")
        add(5, 84, 9, "spam")
    return sorted(ev)


def chat_log(plan: Plan) -> list[dict[str, object]]:
    rng = np.random.default_rng(31 if plan.lang == "zh" else 37)
    bank = ZH_BANK if plan.lang == "zh" else EN_BANK
    users = ZH_USERS if plan.lang == "zh" else EN_USERS
    spammer = "优惠小助手" if plan.lang == "zh" else "deals4u"
    rows = []
    for t, kind in chat_events(plan):
        user = spammer if kind == "spam" else users[int(rng.integers(len(users)))]
        text = bank[kind][int(rng.integers(len(bank[kind])))]
        rows.append({"time": round(t, 2), "user": user, "text": text})
    return rows


def sales(plan: Plan, step: float = 5.0) -> list[tuple[float, int]]:
    """Orders per 5 s: a trickle, then a spike in the minute after the offer."""
    rng = np.random.default_rng(41)
    out = []
    for i in range(math.ceil(plan.duration / step)):
        t = i * step
        lam = 0.4
        if plan.offer_moment + 2 <= t < plan.offer_moment + 25:
            lam += 14 * math.exp(-(t - plan.offer_moment - 6) / 8)
        out.append((t, int(rng.poisson(lam))))
    return out


# --------------------------------------------------------------------------- main


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def make(plan: Plan, out_dir: Path, speech_dir: Path | None) -> None:
    stem = f"live-demo.{plan.lang}"
    with tempfile.TemporaryDirectory(prefix="livegen-samples-") as tmp:
        work = Path(tmp)
        audio = build_audio(plan, speech_dir, work)
        render(plan, audio, out_dir / f"{stem}.mp4", work)
    write_json(out_dir / f"{stem}.truth.json", truth(plan, f"{stem}.mp4"))
    lines = [json.dumps(r, ensure_ascii=False) for r in chat_log(plan)]
    (out_dir / f"{stem}.chat.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if plan.lang == "zh":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["time", "orders"])
        w.writerows((f"{t:.0f}", n) for t, n in sales(plan))
        (out_dir / f"{stem}.sales.csv").write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {out_dir / stem}.*", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--speech-dir",
        type=Path,
        help="folder with the seven Mandarin clips (needed for the zh sample)",
    )
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--only", choices=["zh", "en"])
    args = ap.parse_args(argv)
    if args.only != "en" and args.speech_dir is None:
        ap.error("--speech-dir is required for the zh sample (or pass --only en)")
    if args.only in (None, "zh"):
        make(zh_plan(), args.out, args.speech_dir)
    if args.only in (None, "en"):
        make(en_plan(), args.out, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
