"""Building blocks of the synthetic recordings: espeak-ng speech, WAV, comment logs, transcripts.

`tests/highlights/hl_synth.py` (a stream whose highlights are known) and
`tests/highlights/weak_synth.py` (a stream whose speech recognition failed) both build from
these, so a sentence is synthesised, trimmed, written and encoded the same way in each.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import wave
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.support.media import overlay_args

SR = 16_000


def espeak(text: str, out: Path, voice: str = "en-us", speed: int = 165) -> None:
    exe = shutil.which("espeak-ng")
    if not exe:
        raise RuntimeError("espeak-ng is missing: run `bash scripts/system-deps.sh`")
    subprocess.run(
        [exe, "-v", voice, "-s", str(speed), "-w", str(out), text], check=True, capture_output=True
    )


def speech(text: str, work: Path) -> Any:
    """One sentence as 16 kHz float PCM, espeak's lead-in and tail trimmed (cached in `work`)."""
    import numpy as np

    from livegen.media.audio import read_pcm

    wav = work / f"s{hashlib.md5(text.encode()).hexdigest()[:10]}.wav"
    if not wav.exists():
        espeak(text, wav)
    pcm = read_pcm(wav)
    voiced = np.where(np.abs(pcm) > 0.01)[0]
    return pcm[voiced[0] : voiced[-1] + 1] if voiced.size else pcm


def write_wav(path: Path, audio: Any, sr: int = SR) -> Path:
    """Mono 16-bit PCM from float samples in [-1, 1] (clipped)."""
    import numpy as np

    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())
    return path


def write_chat(path: Path, messages: Iterable[dict[str, Any]], ensure_ascii: bool = True) -> Path:
    """A JSON Lines comment log, sorted by time."""
    rows = sorted(messages, key=lambda m: m["time"])
    path.write_text(
        "\n".join(json.dumps(m, ensure_ascii=ensure_ascii) for m in rows), encoding="utf-8"
    )
    return path


def encode_stream(
    media: Path, wav: Path, duration: float, *, pattern: str, graph: str, audio_bitrate: str
) -> Path:
    """A 320x180, 10 fps recording of `wav`: a still grey picture and a moving test pattern
    (`testsrc2` of size `pattern`) that `graph` combines into `[v]` (`[0:v]` grey, `[1:v]`
    pattern). A keyframe every 20 frames, because the highlight sampler reads keyframe pairs."""
    from livegen.media.ffmpeg import run_ffmpeg

    run_ffmpeg(
        overlay_args(
            f"color=c=0x808080:s=320x180:r=10:d={duration}",
            f"testsrc2=s={pattern}:r=10:d={duration}",
            ["-i", str(wav)],
            graph,
            media,
            gop=20,
            audio_bitrate=audio_bitrate,
        ),
        what=f"synthetic stream {media.name}",
    )
    return media


def transcript_artifact(
    segments: list[dict[str, Any]], duration: float, media: str, language: str, **fields: Any
) -> dict[str, Any]:
    """A transcript artifact (schema version 1) around ready-made segments."""
    return {
        "schema_version": "1",
        "media": [{"path": media, "offset": 0, "duration": duration}],
        "duration": duration,
        "language": language,
        **fields,
        "segments": segments,
    }
