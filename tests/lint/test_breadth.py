"""Vocabulary written kind by kind from the law (breadth.yaml, tuned): every family of claim
in the many ways hosts say it, with clean look-alikes sharing its words, in Simplified,
Traditional and English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from livegen.lint.api import lint_texts
from livegen.lint.evaluation import load_cases, score_cases
from livegen.schemas.findings import Finding

CASES = load_cases(Path(__file__).resolve().parent / "breadth.yaml")
KINDS = {
    "absolute",
    "price",
    "ranking",
    "medical",
    "cosmetics",
    "weight",
    "guarantee",
    "endorse",
    "scarcity",
    "offplatform",
    "kids",
    "finance",
}  # batch 7 adds "mechanism" lines, which need not cover every kind


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    return lint_texts([text], lang=case.get("lang"), category=case.get("category"))


def test_every_kind_has_violations_and_clean_look_alikes_in_both_languages() -> None:
    for lang in ("zh", "en"):
        for kind in KINDS:
            part = [c for c in CASES if c["lang"] == lang and c["kind"] == kind]
            assert any(c["expect"] == "violation" for c in part), (lang, kind)
            assert any(c["expect"] == "clean" for c in part), (lang, kind)


@pytest.mark.parametrize("key", ["text", "text_traditional"])
def test_every_line_not_marked_as_a_known_miss_is_right(key: str) -> None:
    score = score_cases([c for c in CASES if not c.get("known_miss")], _lint, text_key=key)
    print("\n" + score.line(key))
    assert not score.misses, "\n".join(score.misses)
