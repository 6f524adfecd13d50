"""The clip manifest `clips.json` written by `livegen clip`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from livegen.schemas.common import GeneratedBy, Model


class Clip(Model):
    start: float = Field(ge=0)  # in the source timeline
    end: float = Field(ge=0)
    file: str  # relative to the manifest's folder
    srt: str | None = None
    cover: str | None = None
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    duration: float = Field(ge=0)
    title: str = ""
    tags: list[str] = Field(default_factory=list)
    score: float | None = None
    platform: str = ""
    # "pending": listed before its render starts, so a run stopped halfway knows the file
    # (if any) is its own; replaced by rendered/failed when the render ends.
    status: Literal["rendered", "skipped", "failed", "pending"] = "rendered"
    error: str | None = None
    key: str = ""  # hash of the inputs; a re-run skips clips whose key matches


class ClipManifest(Model):
    schema_version: Literal["1"] = "1"
    source: list[str]
    platform: str
    preset: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    clips: list[Clip] = Field(default_factory=list)
    generated_by: GeneratedBy | None = None
