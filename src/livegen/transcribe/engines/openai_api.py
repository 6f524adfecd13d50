"""Any OpenAI-compatible `audio/transcriptions` endpoint (OpenAI, a local server, ...).

Uploads are capped at 25 MB, so each window (10 minutes, ending at a pause) is encoded
to 16 kHz mono 48 kbit/s MP3 (about 3.6 MB) and sent on its own; the segments and words
of every answer are shifted onto the stream's timeline by the driver.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING, Any

from livegen.config import Config
from livegen.errors import BackendError, DependencyError, MediaError
from livegen.media.audio import SAMPLE_RATE
from livegen.media.ffmpeg import ffmpeg_exe, tail
from livegen.schemas.transcript import Segment, Word
from livegen.transcribe.engines.base import WindowResult
from livegen.transcribe.options import TranscribeOptions

if TYPE_CHECKING:
    import numpy as np

    from livegen.transcribe.deadline import DecodeDeadline

UPLOAD_LIMIT = 25 * 1024 * 1024
DEFAULT_MODEL = "whisper-1"


def encode_mp3(audio: np.ndarray, bitrate: str = "48k") -> bytes:
    """Encode float32 mono PCM through ffmpeg's stdin (no temporary files)."""
    import numpy as np

    pcm = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        "-f",
        "s16le",
        "-ar",
        str(SAMPLE_RATE),
        "-ac",
        "1",
        "-i",
        "pipe:0",
        "-c:a",
        "libmp3lame",
        "-b:a",
        bitrate,
        "-f",
        "mp3",
        "pipe:1",
    ]
    proc = subprocess.run(cmd, input=pcm, capture_output=True)
    if proc.returncode != 0:
        raise MediaError(
            f"encoding an upload chunk failed: {tail(proc.stderr.decode('utf-8', 'replace'), 2)}"
        )
    return proc.stdout


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


class OpenAIAPIEngine:
    name = "openai-api"
    window_seconds = 600.0
    # Each re-decode of missed speech would be another paid upload; the language vote
    # runs on this machine instead (`livegen.transcribe.local`).
    refill_holes = False

    def __init__(self, options: TranscribeOptions, config: Config) -> None:
        self.options = options
        self.model = options.model or DEFAULT_MODEL
        self.base_url = options.api_base_url
        try:
            import openai
        except ImportError:
            raise DependencyError(
                "the openai-api engine needs the openai package", hint="pip install openai"
            ) from None
        key = options.api_key or ("not-needed" if self.base_url else None)
        if key is None:
            raise DependencyError(
                "the openai-api engine needs an API key or a base URL",
                hint="set LIVEGEN_API_KEY / OPENAI_API_KEY, or "
                "LIVEGEN_TRANSCRIBE_BASE_URL for a local server",
            )
        self._client = openai.OpenAI(
            api_key=key, base_url=self.base_url, timeout=options.api_timeout, max_retries=2
        )

    @property
    def model_label(self) -> str:
        return self.model

    @property
    def model_identity(self) -> str:
        return f"{self.base_url or 'api.openai.com'}:{self.model}"

    def transcribe_window(
        self, audio: np.ndarray, *, language: str | None, deadline: DecodeDeadline | None
    ) -> WindowResult:
        import openai

        data = encode_mp3(audio)
        if len(data) > UPLOAD_LIMIT:
            data = encode_mp3(audio, bitrate="24k")
        kwargs: dict[str, Any] = {
            "model": self.model,
            "file": ("chunk.mp3", data, "audio/mpeg"),
            "response_format": "verbose_json",
            "timestamp_granularities": ["word", "segment"],
        }
        if language:
            kwargs["language"] = language
        if self.options.prompt():
            kwargs["prompt"] = self.options.prompt()
        if deadline is not None:
            kwargs["timeout"] = max(10.0, deadline.remaining())
        try:
            resp = self._client.audio.transcriptions.create(**kwargs)
        except openai.APIStatusError as exc:
            failure = BackendError(
                f"transcription API answered {exc.status_code}: {self._scrub(exc.message)}"
            )
        except openai.APIError as exc:
            failure = BackendError(f"transcription API failed: {self._scrub(exc)}")
        else:
            return parse_verbose_json(resp, len(audio) / SAMPLE_RATE)
        # Raised outside the handler so the client's exception, whose text may quote the
        # key, is not attached as context (--debug tracebacks show the chain).
        raise failure

    def _scrub(self, text: object) -> str:
        from livegen.scrub import scrub

        return scrub(text, [self.options.api_key], limit=200)


def parse_verbose_json(resp: Any, duration: float) -> WindowResult:
    """Segments with their words (matched by time) from a verbose_json answer."""
    lang = _get(resp, "language")
    code = _language_code(lang)
    words = [
        Word(
            start=max(float(_get(w, "start", 0.0)), 0.0),
            end=max(float(_get(w, "end", 0.0)), float(_get(w, "start", 0.0)), 0.0),
            word=str(_get(w, "word", "")),
        )
        for w in (_get(resp, "words") or [])
    ]
    segments: list[Segment] = []
    raw_segments = _get(resp, "segments") or []
    if not raw_segments and _get(resp, "text"):
        raw_segments = [{"start": 0.0, "end": duration, "text": _get(resp, "text")}]
    for s in raw_segments:
        start = max(float(_get(s, "start", 0.0)), 0.0)
        end = max(float(_get(s, "end", start)), start)
        text = str(_get(s, "text", "")).strip()
        if not text:
            continue
        mine = [w for w in words if start - 0.01 <= (w.start + w.end) / 2 <= end + 0.01]
        nsp = _get(s, "no_speech_prob")
        segments.append(
            Segment(
                id=0,
                start=start,
                end=end,
                text=text,
                avg_logprob=_get(s, "avg_logprob"),
                no_speech_prob=None if nsp is None else float(nsp),
                words=mine,
            )
        )
    return WindowResult(segments=segments, language=code)


def _language_code(value: Any) -> str | None:
    """verbose_json names the language ('chinese'); transcripts use codes ('zh')."""
    if not value:
        return None
    from livegen.transcribe.languages import WHISPER_LANGUAGES

    v = str(value).lower()
    if v in WHISPER_LANGUAGES:
        return v
    by_name = {name: code for code, name in WHISPER_LANGUAGES.items()}
    return by_name.get(v, v)
