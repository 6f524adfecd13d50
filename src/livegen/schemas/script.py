"""The run-of-show `Script` artifact written by `livegen script`, and title/CTA variants."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from livegen.schemas.common import GeneratedBy, Model
from livegen.schemas.findings import Finding

SegmentKind = Literal[
    "hook",
    "intro",
    "selling_point",
    "proof",
    "price",
    "offer",
    "objection",
    "interaction",
    "urgency",
    "recap",
    "preview",
    "story",
    "knowledge",
    "teaser",
    "host",
]
Angle = Literal["benefit", "curiosity", "price", "scarcity", "social_proof", "story"]


class Variant(Model):
    """A title or call-to-action variant for A/B tests."""

    text: str
    angle: Angle


class StageTime(Model):
    """Seconds of a segment that are not speech: a demo, a poll left open, chat to read."""

    label: str
    seconds: float = Field(ge=0)


class ScriptSegment(Model):
    start: float = Field(ge=0)  # seconds from stream start
    end: float = Field(ge=0)
    kind: SegmentKind
    title: str = ""
    lines: list[str]  # spoken lines, in order
    cues: list[str] = Field(default_factory=list)  # on-screen / stage directions
    selling_point: str | None = None
    persona: str | None = None
    # Estimated speaking time of `lines` at the script's pace, and the labelled stage time;
    # together they make the segment's length (end - start).
    speech_seconds: float = Field(default=0.0, ge=0)
    stage: list[StageTime] = Field(default_factory=list)
    host_prompt: bool = False  # a marked slot for the host's own words, not scripted facts


class Script(Model):
    schema_version: Literal["1"] = "1"
    product: str
    brand: str = ""
    platform: str
    language: Literal["zh", "en"]
    style: Literal["promo", "story", "knowledge"] = "promo"
    personas: list[str] = Field(default_factory=list)
    duration: float = Field(ge=0)  # seconds
    teaser: int | None = None  # 15 / 30 / 60 for a short-video teaser script
    label: str | None = None  # visible AI-generated label line; None with --no-label
    segments: list[ScriptSegment]
    titles: list[Variant] = Field(default_factory=list)
    ctas: list[Variant] = Field(default_factory=list)
    generated_by: GeneratedBy
    # Spoken coverage: the lines' speaking time over the duration, at `pace` units a second
    # (characters for zh, words for en).
    coverage: float | None = None
    pace: float | None = None
    # Compliance findings left in the text after generation (and the rewrite, with an LLM);
    # positions are JSON paths such as `segments[3].lines[1]`. Last, so the text comes first.
    lint: list[Finding] = Field(default_factory=list)
