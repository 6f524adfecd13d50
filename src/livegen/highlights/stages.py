"""The two points where highlights use other stages: transcription and compliance lint."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from livegen.errors import DependencyError
from livegen.lint.api import lint_texts
from livegen.progress import NullReporter, Reporter
from livegen.schemas.highlights import LintHit
from livegen.schemas.spec import ProductSpec
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


def lint_highlight_text(text: str, lang: str, spec: ProductSpec | None = None) -> list[LintHit]:
    """Compliance findings for what was said in a highlight, so an editor sees them before
    posting the clip."""
    if not text.strip():
        return []
    # The rules exist for zh and en; other languages are detected line by line.
    rules_lang = lang if lang in ("zh", "en") else None
    return [
        LintHit(rule=f.rule, severity=f.severity, phrase=f.phrase, suggestion=f.suggestion)
        for f in lint_texts([text], lang=rules_lang, category=None, spec=spec)
    ]
