"""The transcript artifact written by `livegen transcribe`, read by highlights and clip."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from livegen.schemas.common import Model


class Word(Model):
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    word: str
    probability: float = Field(default=1.0, ge=0, le=1)


class Segment(Model):
    """One decoded sentence-ish unit, times in seconds on the whole-stream timeline."""

    id: int = Field(ge=0)
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    text: str
    avg_logprob: float | None = None
    no_speech_prob: float | None = None
    words: list[Word] = Field(default_factory=list)


class MediaPart(Model):
    """One input file; several parts are fragments of one stream, in order."""

    path: str
    offset: float = Field(ge=0)  # where this file starts on the joined timeline
    duration: float = Field(ge=0)
    sha: str = ""  # content hash used by the cache


class Transcript(Model):
    schema_version: Literal["1"] = "1"
    media: list[MediaPart]
    duration: float = Field(ge=0)
    language: str
    language_probability: float | None = None
    engine: str
    model: str
    options: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    segments: list[Segment] = Field(default_factory=list)

    @property
    def text(self) -> str:
        joiner = "" if self.language in {"zh", "ja", "ko", "yue"} else " "
        return joiner.join(s.text.strip() for s in self.segments)

    def words_between(self, start: float, end: float) -> list[Word]:
        return [w for s in self.segments for w in s.words if w.start >= start and w.end <= end]
