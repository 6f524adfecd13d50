"""Everything that decides what a transcript looks like, in one value the cache can key on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from livegen.errors import UsageError
from livegen.text import has_cjk
from livegen.transcribe.languages import normalize_language

ENGINE_NAMES = ("faster-whisper", "openai-whisper", "openai-api")


@dataclass(frozen=True)
class TranscribeOptions:
    engine: str = "faster-whisper"
    model: str | None = None  # None: the engine's default (config transcribe.model / whisper-1)
    language: str | None = None  # None: detect by a vote over the recording
    language_prior: str | None = None  # the spec's/config's language: wins a weak vote
    chinese: str = "simplified"  # script of Chinese output: simplified | traditional | keep
    beam_size: int = 1
    hotwords: tuple[str, ...] = ()
    initial_prompt: str | None = None
    vad: bool = True
    word_timestamps: bool = True
    compute_type: str = "int8"
    threads: int = 0
    allow_download: bool = False
    window_seconds: float | None = None  # None: the engine's own default
    batch_size: int = 0  # faster-whisper: 0 = batched on long windows, 1 = always sequential
    # Repetition-loop guard (Whisper's own thresholds plus livegen's post-filter).
    compression_ratio_threshold: float = 2.4
    log_prob_threshold: float = -1.0
    no_speech_threshold: float = 0.6
    condition_on_previous_text: bool = False
    multilingual: bool = False  # per-segment language detection (set for mixed streams)
    # Whisper's retries at higher temperatures sample at random; the language check turns
    # them off so that deciding between languages gives the same answer every time.
    temperature_fallback: bool = True
    max_repeats: int = 4
    decode_time_factor: float = 4.0  # per window: give up after factor × audio length + 60 s
    # openai-api only
    api_base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    api_timeout: float = 600.0

    def __post_init__(self) -> None:
        if self.engine not in ENGINE_NAMES:
            raise UsageError(
                f"unknown engine '{self.engine}' (choose from {', '.join(ENGINE_NAMES)})"
            )
        object.__setattr__(self, "language", normalize_language(self.language))
        object.__setattr__(self, "language_prior", normalize_language(self.language_prior))
        from livegen.transcribe.chinese import check_script

        object.__setattr__(self, "chinese", check_script(self.chinese))
        if self.beam_size < 1 or self.beam_size > 20:
            raise UsageError(f"--beam must be between 1 and 20, got {self.beam_size}")
        if self.batch_size < 0 or self.batch_size > 64:
            raise UsageError(f"batch size must be between 0 (auto) and 64, got {self.batch_size}")
        if self.window_seconds is not None and self.window_seconds < 5:
            raise UsageError(f"window length must be at least 5 s, got {self.window_seconds}")
        cleaned = tuple(dict.fromkeys(w.strip() for w in self.hotwords if w and w.strip()))
        object.__setattr__(self, "hotwords", cleaned)

    def hotword_text(self) -> str | None:
        """Hotwords as one phrase list. Joined by bare spaces, Whisper tends to read them
        back as a "sentence" over trailing silence; a comma-separated list does not."""
        if not self.hotwords:
            return None
        cjk = any(has_cjk(w) for w in self.hotwords)
        return ("，" if cjk else ", ").join(self.hotwords)

    def prompt(self) -> str | None:
        """Initial prompt for engines without a separate hotword input."""
        parts = [p for p in (self.initial_prompt, self.hotword_text()) if p]
        return " ".join(parts) or None

    def key_dict(self) -> dict[str, Any]:
        """The options that change the result (not threads, keys, timeouts, downloads)."""
        d = asdict(self)
        for k in (
            "threads",
            "allow_download",
            "api_key",
            "api_timeout",
            "decode_time_factor",
            "multilingual",
            "temperature_fallback",
        ):
            d.pop(k)
        d["hotwords"] = list(self.hotwords)
        return d

    def temperatures(self) -> tuple[float, ...]:
        """Whisper's own fallback ladder, or greedy decoding only."""
        return (0.0, 0.2, 0.4, 0.6, 0.8, 1.0) if self.temperature_fallback else (0.0,)

    def recorded(self) -> dict[str, str | int | float | bool | None]:
        """What the transcript's `options` field records."""
        d = self.key_dict()
        d.pop("model")
        d.pop("engine")
        d["hotwords"] = ",".join(self.hotwords) or None
        if self.engine != "openai-api":
            d.pop("api_base_url")
        return d
