"""Where highlights use another stage: the compliance lint of what was said."""

from __future__ import annotations

from livegen.lint.api import lint_texts
from livegen.schemas.highlights import LintHit
from livegen.schemas.spec import ProductSpec


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
