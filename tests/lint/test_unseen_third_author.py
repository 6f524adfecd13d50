"""A held-out set from a third author (unseen-third.yaml), measured once before and once after
the concept-slot families and the regional lexicon went in; it is never used to tune a rule.

Measured: before P 0.853 / R 0.744 (zh 0.870/0.800, Traditional 0.831/0.720, en 0.825/0.660);
after P 0.867 / R 0.784 (zh 0.875/0.840, Traditional 0.838/0.760, en 0.854/0.700). After the
root Traditional conversion, the vocabulary written kind by kind from the law and the question,
disowned-claim and scoped-superlative context: P 0.885 / R 0.800 (zh 0.889/0.853, Traditional
0.843/0.787, en 0.878/0.720). The test pins a regression floor a little under the figure, not
the 0.9 goal; messages carry totals only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from livegen.lint.api import lint_texts
from livegen.lint.evaluation import load_cases, score_cases
from livegen.lint.ruleset import CATEGORIES
from livegen.schemas.findings import Finding

THIRD = load_cases(Path(__file__).resolve().parent / "unseen-third.yaml")
ZH = [c for c in THIRD if c["lang"] == "zh"]


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    return lint_texts([text], lang=case.get("lang"), category=case.get("category"))


def test_third_author_set_is_large_and_uses_known_categories() -> None:
    assert len(THIRD) >= 200
    assert {c["lang"] for c in THIRD} == {"zh", "en"}
    assert {c["category"] for c in THIRD} <= set(CATEGORIES)
    assert all(c.get("text_traditional") for c in ZH)


def test_third_author_set_stays_above_its_measured_floor() -> None:
    score = score_cases(THIRD, _lint)
    line = score.line("third author")
    print("\n" + line)
    assert score.precision >= 0.87 and score.recall >= 0.78, line


def test_third_author_traditional_lines_stay_above_their_floor() -> None:
    traditional = score_cases(ZH, _lint, text_key="text_traditional")
    line = traditional.line("third author, zh in Traditional")
    print("\n" + line)
    assert traditional.precision >= 0.82 and traditional.recall >= 0.76, line
