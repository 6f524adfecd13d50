"""The batch index `batch.json` written by `livegen batch`: one item per recording.

It is rewritten (atomically) each time a recording finishes, so at any moment it says
what is done, and a re-run of the same command reads it to keep finished recordings.
Paths of run folders and reports are relative to the index's folder, so the whole
output folder can be moved or served as it is.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from livegen.schemas.common import Model

ItemStatus = Literal["pending", "done", "kept", "failed"]


class BatchClip(Model):
    file: str  # relative to the index's folder
    cover: str | None = None
    title: str = ""
    duration: float = Field(default=0, ge=0)
    status: Literal["rendered", "skipped", "failed"] = "rendered"


class BatchItem(Model):
    name: str  # the run folder's name, unique within the batch
    source: list[str]  # the recording's files (fragments of one stream, in order)
    out: str  # the run folder, relative to the index's folder
    status: ItemStatus = "pending"
    clips: int = Field(default=0, ge=0)  # clips written (rendered or kept)
    failed_clips: int = Field(default=0, ge=0)
    clip_files: list[BatchClip] = Field(default_factory=list)
    report: str | None = None  # relative to the index's folder
    media_seconds: float | None = Field(default=None, ge=0)  # length of the recording
    seconds: float | None = Field(default=None, ge=0)  # wall time of the last attempt
    stages: dict[str, float] = Field(default_factory=dict)  # wall seconds per stage
    reused: list[str] = Field(default_factory=list)  # stages reused from an earlier attempt
    worker: str | None = None  # host:pid that ran it
    peak_memory_mib: float | None = Field(default=None, ge=0)  # that worker's peak RSS
    cpu_seconds: float | None = Field(default=None, ge=0)  # the worker's and its ffmpeg's
    error: str | None = None  # one line, for failed items
    fingerprint: str = ""  # inputs and options; a re-run keeps the item when it matches
    finished: str | None = None  # UTC time the last attempt ended


class BatchIndex(Model):
    schema_version: Literal["1"] = "1"
    engine: str
    workers: int = Field(ge=1)
    threads_per_worker: int = Field(ge=1)
    started: str
    updated: str
    items: list[BatchItem] = Field(default_factory=list)
