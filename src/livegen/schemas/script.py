"""The run-of-show `Script` artifact written by `livegen script`, and title/CTA variants."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from livegen.schemas.common import GeneratedBy, Model
from livegen.schemas.findings import Finding

SegmentKind = Literal[
    "hook", "intro", "selling_point", "proof", "price", "offer", "objection", "interaction",
    "urgency", "recap", "preview", "story", "knowledge", "teaser",
]
Angle = Literal["benefit", "curiosity", "price", "scarcity", "social_proof", "story"]


class Variant(Model):
    """A title or call-to-action variant for A/B tests."""

    text: str
    angle: Angle


class ScriptSegment(Model):
    start: float = Field(ge=0)  # seconds from stream start
    end: float = Field(ge=0)
    kind: SegmentKind
    title: str = ""
    lines: list[str]  # spoken lines, in order
    cues: list[str] = Field(default_factory=list)  # on-screen / stage directions
    selling_point: str | None = None
    persona: str | None = None


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
    # Compliance findings left in the text after generation (and the rewrite, with an LLM);
    # positions are JSON paths such as `segments[3].lines[1]`. Last, so the text comes first.
    lint: list[Finding] = Field(default_factory=list)
