"""Clean look-alikes of the context readings and their violating twins (lookalikes.yaml,
tuned): a superlative's role, quotation scope, reference prices, regulatory records and
English words broader than their claim, in Simplified, Traditional and English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from livegen.lint.api import lint_texts
from livegen.lint.evaluation import load_cases, score_cases
from livegen.schemas.findings import Finding

CASES = load_cases(Path(__file__).resolve().parent / "lookalikes.yaml")
KINDS = {"role", "quote", "priceref", "regulatory"}


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    return lint_texts([text], lang=case.get("lang"), category=case.get("category"))


def test_every_reading_has_clean_lines_and_violating_twins_in_both_languages() -> None:
    for lang in ("zh", "en"):
        for kind in KINDS:
            part = [c for c in CASES if c["lang"] == lang and c["kind"] == kind]
            assert any(c["expect"] == "violation" for c in part), (lang, kind)
            assert sum(c["expect"] == "clean" for c in part) >= 4, (lang, kind)
    assert all(c.get("text_traditional") for c in CASES if c["lang"] == "zh")


@pytest.mark.parametrize("key", ["text", "text_traditional"])
def test_every_look_alike_stays_clean_and_every_twin_is_flagged(key: str) -> None:
    score = score_cases(CASES, _lint, text_key=key)
    print("\n" + score.line(key))
    assert not score.misses, "\n".join(score.misses)
