"""Lint findings: what `livegen lint` and the script stage report about a piece of text."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from livegen.schemas.common import Model

Severity = Literal["error", "warning", "info"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class Finding(Model):
    """One risky phrase, where it is, why it is risky and what to say instead.

    A position is `line` for files read line by line, `start`/`end` (seconds) for
    transcripts and subtitles, and `segment`/`where` inside a livegen Script. `index`
    is the position in the list given to `lint_texts`, so a caller can map back.
    """

    file: str = ""
    line: int | None = Field(default=None, ge=1)
    column: int | None = Field(default=None, ge=1)
    start: float | None = Field(default=None, ge=0)
    end: float | None = Field(default=None, ge=0)
    segment: int | None = None
    where: str | None = None  # JSON path inside a livegen artifact, e.g. segments[3].lines[1]
    index: int | None = None
    phrase: str
    rule: str
    severity: Severity
    basis: str
    suggestion: str = ""
    context: str = ""
    backed_by: str | None = None  # proof or spec fact that downgraded this finding

    def at_least(self, severity: str) -> bool:
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[severity]


class FindingsReport(Model):
    """The `--format json` document: a version and the findings, nothing else."""

    schema_version: Literal["1"] = "1"
    findings: list[Finding] = Field(default_factory=list)
