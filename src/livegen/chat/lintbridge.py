"""The one place `livegen chat` calls the advertising-compliance rules of `livegen lint`.

Viewers who post "全网最低" or "100%有效" in a seller's chat are violating the same rules a
host would; reusing the lint rules keeps one source of truth for what is forbidden.
"""

from __future__ import annotations

from collections.abc import Sequence

from livegen.lint.api import lint_texts
from livegen.schemas.spec import ProductSpec


def lint_violations(
    texts: Sequence[str],
    *,
    lang: str | None = None,
    category: str | None = None,
    spec: ProductSpec | None = None,
) -> dict[int, list[str]]:
    """Map message index -> `lint:<rule>` tags of its warning- or error-level findings.

    `lang=None` lets the rules pick each message's language (chats mix them); with
    `category=None` the lint stage maps the spec's category onto its rule sets.
    """
    hits: dict[int, list[str]] = {}
    for finding in lint_texts(list(texts), lang=lang, category=category, spec=spec):
        if finding.index is None or not finding.at_least("warning"):
            continue
        tags = hits.setdefault(finding.index, [])
        tag = f"lint:{finding.rule}"
        if tag not in tags:
            tags.append(tag)
    return hits
