"""The two points where highlights use other stages: transcription and compliance lint.

Both import their stage lazily, so highlights works (with `--transcript`) in an install or
checkout that lacks them: without the transcribe stage it asks for a transcript file, and
without the lint stage each highlight's `lint` list stays empty.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from livegen.errors import DependencyError
from livegen.progress import NullReporter, Reporter
from livegen.schemas.highlights import LintHit
from livegen.schemas.transcript import Transcript


def _transcribe(media: Sequence[str | os.PathLike[str]], config: Any,
                reporter: Reporter | None = None,
                options: dict[str, Any] | None = None) -> Transcript:
    """Transcribe (cached) with the transcribe stage."""
    try:
        from livegen.transcribe.api import transcribe_cached
    except ImportError:
        raise DependencyError(
            "the transcribe stage is not available in this installation",
            hint="pass --transcript FILE (from `livegen transcribe`)",
        ) from None
    return transcribe_cached([str(m) for m in media], options or {}, config,
                             reporter or NullReporter())


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value not in (None, ""):
            return value
    return default


def lint_highlight_text(text: str, lang: str, spec: Any = None) -> list[LintHit]:
    """Compliance findings for what was said in a highlight (empty without the lint stage)."""
    if not text.strip():
        return []
    try:
        from livegen.lint.api import lint_texts
    except ImportError:
        return []
    category = getattr(spec, "category", None) or "general"
    result = lint_texts([text], lang=lang, category=category, spec=spec)
    findings = _get(result, "findings", default=result) or []
    hits: list[LintHit] = []
    for f in findings:
        severity = str(_get(f, "severity", "level", default="warning")).lower()
        if severity not in ("error", "warning", "info"):
            severity = "warning"
        hits.append(LintHit(
            rule=str(_get(f, "rule", "rule_id", "id", default="lint")),
            severity=severity,  # type: ignore[arg-type]
            phrase=str(_get(f, "phrase", "match", "text", default="")),
            suggestion=str(_get(f, "suggestion", "fix", "replacement", default="")),
        ))
    return hits
