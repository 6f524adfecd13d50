"""Pieces shared by several artifacts."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from livegen import __version__

AI_LABEL = {
    "zh": "【AI生成】本内容由人工智能辅助生成，请人工审核后使用。",
    "en": "[AI-generated] This content was produced with AI assistance; review before use.",
}


class Model(BaseModel):
    """Base for artifacts: unknown keys are rejected so typos in hand edits surface."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class GeneratedBy(Model):
    """Implicit AI-generation label (China's 2025 labelling rules) plus provenance."""

    tool: str = "livegen"
    version: str = __version__
    ai_generated: bool = True
    backend: str
    model: str | None = None
    template: str | None = None
    seed: int | None = None
    created: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
