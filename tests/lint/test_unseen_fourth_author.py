"""A held-out set from a fourth author (unseen-fourth.yaml), written after the third author's
set and scored on the code before and after the lint work of the same day; never used to tune.

Measured: before P 0.822 / R 0.808 (zh 0.881/0.843, Traditional 0.894/0.843, en 0.745/0.760);
after P 0.824 / R 0.858 (zh 0.863/0.900, Traditional 0.861/0.886, en 0.769/0.800). Recall moved,
precision did not: the clean look-alikes this author wrote (advice 最好, minimum-order 最低, a
warning that quotes 稳赚不赔, a lawful reference price) are the open problem. The test pins a
regression floor a little under the figure, not the 0.9 goal; messages carry totals only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from livegen.lint.api import lint_texts
from livegen.lint.evaluation import load_cases, score_cases
from livegen.lint.ruleset import CATEGORIES
from livegen.schemas.findings import Finding

FOURTH = load_cases(Path(__file__).resolve().parent / "unseen-fourth.yaml")
ZH = [c for c in FOURTH if c["lang"] == "zh"]


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    return lint_texts([text], lang=case.get("lang"), category=case.get("category"))


def test_fourth_author_set_is_large_balanced_and_uses_known_categories() -> None:
    assert len(FOURTH) >= 200
    assert {c["lang"] for c in FOURTH} == {"zh", "en"}
    assert {c["category"] for c in FOURTH} <= set(CATEGORIES)
    assert all(c.get("text_traditional") for c in ZH)
    violations = sum(c["expect"] == "violation" for c in FOURTH)
    assert abs(violations - (len(FOURTH) - violations)) <= len(FOURTH) // 10


def test_fourth_author_set_stays_above_its_measured_floor() -> None:
    score = score_cases(FOURTH, _lint)
    line = score.line("fourth author")
    print("\n" + line)
    assert score.precision >= 0.80 and score.recall >= 0.83, line


def test_fourth_author_traditional_lines_stay_above_their_floor() -> None:
    traditional = score_cases(ZH, _lint, text_key="text_traditional")
    line = traditional.line("fourth author, zh in Traditional")
    print("\n" + line)
    assert traditional.precision >= 0.83 and traditional.recall >= 0.86, line
