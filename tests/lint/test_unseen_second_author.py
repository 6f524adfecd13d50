"""A held-out set from a second author who never saw the rules, the tuned cases or the
issue's examples (unseen-second.yaml). It is never used to choose or tune a rule: only the
aggregate figures are printed, and the test pins a regression floor, not the 0.9 goal.

Traditional input must score like Simplified input. Measured: zh recall 0.671 as written,
0.616 in Traditional (4 of 73 violating lines apart); with the concept families 0.699 and
0.644, so the floor allows 0.08 while the goal stays equal scores; the assertion messages
carry totals only, never the misses. After the root Traditional conversion and the vocabulary
written from the law: P 0.906 / R 0.716 (zh 0.945/0.712, Traditional 0.943/0.685, en
0.863/0.721; English precision fell from 0.878, one more false alarm).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from livegen.lint.api import lint_texts
from livegen.lint.evaluation import load_cases, score_cases
from livegen.lint.ruleset import CATEGORIES
from livegen.schemas.findings import Finding

HERE = Path(__file__).resolve().parent
SECOND = load_cases(HERE / "unseen-second.yaml")
ZH = [c for c in SECOND if c["lang"] == "zh"]


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    return lint_texts([text], lang=case.get("lang"), category=case.get("category"))


def test_second_author_set_covers_both_languages_and_every_category() -> None:
    assert len(SECOND) >= 200
    assert {c["lang"] for c in SECOND} == {"zh", "en"}
    assert {c["category"] for c in SECOND} == set(CATEGORIES)
    assert all(c.get("text_traditional") for c in ZH)


def test_second_author_set_stays_above_its_measured_floor() -> None:
    score = score_cases(SECOND, _lint)
    line = score.line("second author")
    print("\n" + line)
    passed = score.precision >= 0.89 and score.recall >= 0.69
    assert passed, line


def test_traditional_lines_score_like_their_simplified_originals() -> None:
    simplified = score_cases(ZH, _lint)
    traditional = score_cases(ZH, _lint, text_key="text_traditional")
    print("\n" + simplified.line("zh") + "\n" + traditional.line("zh Traditional"))
    totals = simplified.line("zh") + " / " + traditional.line("zh Traditional")
    close = (
        abs(simplified.recall - traditional.recall) <= 0.08
        and traditional.precision >= simplified.precision - 0.05
    )
    assert close, totals
