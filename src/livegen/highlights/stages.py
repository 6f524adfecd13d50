"""Where highlights use another stage: the compliance lint of what was said."""

from __future__ import annotations

from collections.abc import Sequence

from livegen.lint.api import lint_texts
from livegen.schemas.highlights import LintHit
from livegen.schemas.spec import ProductSpec


def lint_highlight_text(
    text: str, lang: str, spec: ProductSpec | None = None, also: Sequence[str] = ()
) -> list[LintHit]:
    """Compliance findings for what was said in a highlight and for the title and hook
    livegen wrote for it (they land on the title card, the file name and the MP4 tag), so
    an editor sees them before posting the clip."""
    texts = [t for t in (text, *also) if t and t.strip()]
    if not texts:
        return []
    # The rules exist for zh and en; other languages are detected line by line.
    rules_lang = lang if lang in ("zh", "en") else None
    hits: dict[tuple[str, str], LintHit] = {}
    for f in lint_texts(texts, lang=rules_lang, category=None, spec=spec):
        # The hook repeats a sentence of the text: one finding per rule and phrase.
        hits.setdefault(
            (f.rule, f.phrase),
            LintHit(rule=f.rule, severity=f.severity, phrase=f.phrase, suggestion=f.suggestion),
        )
    return list(hits.values())
