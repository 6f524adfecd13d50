"""The independent evaluation: lines written before the rules were read (unseen.yaml).

Only aggregate figures are printed here, never the misses: the set measures how the
rules generalise and must not become a list to tune against.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from livegen.lint.api import lint_texts
from livegen.lint.evaluation import load_cases, score_cases
from livegen.lint.ruleset import CATEGORIES
from livegen.schemas.findings import Finding

HERE = Path(__file__).resolve().parent
UNSEEN = load_cases(HERE / "unseen.yaml")
TUNED = load_cases(HERE / "cases.yaml")


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    return lint_texts([text], lang=case.get("lang"), category=case.get("category"))


def test_the_labelled_set_has_five_hundred_lines_and_two_hundred_unseen() -> None:
    assert len(UNSEEN) >= 200
    assert len(UNSEEN) + len(TUNED) >= 500
    assert {c["lang"] for c in UNSEEN} == {"zh", "en"}
    assert {c.get("category", "general") for c in UNSEEN} == set(CATEGORIES)
    assert sum(c["expect"] == "clean" for c in UNSEEN) >= 80
    assert all(
        c["text_traditional"] != c["text"]
        for c in UNSEEN
        if c["lang"] == "zh" and any(ch in c["text"] for ch in "这说价发")
    )


def test_every_unseen_violation_names_phrases_that_occur_in_its_line() -> None:
    for case in UNSEEN:
        assert case["expect"] in ("violation", "clean")
        if case["expect"] == "violation":
            assert case["phrases"], case["text"]
            assert all(p.lower() in case["text"].lower() for p in case["phrases"])


@pytest.mark.parametrize("key", ["text", "text_traditional"])
def test_unseen_lines_reach_ninety_percent_precision_and_recall(key: str) -> None:
    score = score_cases(UNSEEN, _lint, text_key=key)
    print("\n" + score.line(f"unseen {key}"))
    assert score.precision >= 0.9 and score.recall >= 0.9, score.line(key)
