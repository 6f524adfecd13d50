"""The highlights artifact written by `livegen highlights`, read by clip."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from livegen.schemas.common import GeneratedBy, Model


class LintHit(Model):
    """A compliance finding inside a highlight (see `livegen lint`)."""

    rule: str
    severity: Literal["error", "warning", "info"]
    phrase: str
    start: float | None = None
    end: float | None = None
    suggestion: str = ""


class Highlight(Model):
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    score: float
    category: str  # selling_point | price_offer | urgency_cta | qa | story | interaction | ...
    signals: dict[str, float] = Field(default_factory=dict)  # name -> contribution to score
    text: str = ""
    title: str = ""
    hook: str = ""
    product: str | None = None
    reason: str = ""  # one line saying why it was picked (or the rerank reason)
    lint: list[LintHit] = Field(default_factory=list)


class Highlights(Model):
    schema_version: Literal["1"] = "1"
    media: list[str]
    duration: float = Field(ge=0)
    profile: str = "default"
    transcript: str | None = None  # path of the transcript used, when known
    highlights: list[Highlight] = Field(default_factory=list)  # best first
    products: list[Highlight] = Field(default_factory=list)  # best window per product
    generated_by: GeneratedBy | None = None
    # Why fewer than the asked-for windows came back, or why the transcript counted less.
    notes: list[str] = Field(default_factory=list)
