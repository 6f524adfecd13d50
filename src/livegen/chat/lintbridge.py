"""The one place `livegen chat` calls the advertising-compliance rules of `livegen lint`.

Viewers who post "全网最低" or "100%有效" in a seller's chat are violating the same rules a
host would; reusing the lint rules keeps one source of truth for what is forbidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from livegen.schemas.spec import ProductSpec

LINT_MISSING_NOTE = (
    "the lint rules are not available in this installation, so spam detection used "
    "contact-detail patterns and word lists only"
)


def _field(finding: Any, *names: str) -> Any:
    for name in names:
        if isinstance(finding, dict) and name in finding:
            return finding[name]
        if hasattr(finding, name):
            return getattr(finding, name)
    return None


def lint_violations(texts: Sequence[str], *, lang: str | None = None,
                    category: str | None = None, spec: ProductSpec | None = None,
                    ) -> tuple[dict[int, list[str]], str | None]:
    """Map message index -> rule ids of error/warning findings, plus a note when the
    lint package is not importable (the caller shows the note on stderr).

    `lang=None` lets the rules pick each message's language (chats mix them); with
    `category=None` the lint stage maps the spec's category onto its rule sets.
    """
    try:
        from livegen.lint.api import lint_texts
    except ImportError:
        return {}, LINT_MISSING_NOTE
    findings = lint_texts(list(texts), lang=lang, category=category, spec=spec)
    hits: dict[int, list[str]] = {}
    for f in findings or []:
        severity = str(_field(f, "severity") or "error").lower()
        if severity not in ("error", "warning"):
            continue
        rule = str(_field(f, "rule", "rule_id", "id") or "rule")
        index = _field(f, "index", "text_index", "item")
        if isinstance(index, int) and 0 <= index < len(texts):
            targets = [index]
        else:
            line = _field(f, "line")
            phrase = str(_field(f, "phrase", "match", "text") or "")
            if isinstance(line, int) and 1 <= line <= len(texts) and not phrase:
                targets = [line - 1]
            else:
                targets = [i for i, t in enumerate(texts) if phrase and phrase in t]
        for i in targets:
            hits.setdefault(i, [])
            tag = f"lint:{rule}"
            if tag not in hits[i]:
                hits[i].append(tag)
    return hits, None
