"""A set from a fourth author (unseen-fourth.yaml), written after the third author's set and
scored on the code before and after the lint work of the same day.

Measured then: before P 0.822 / R 0.808 (zh 0.881/0.843, Traditional 0.894/0.843, en
0.745/0.760); after P 0.824 / R 0.858. The next round read its false alarms (advice 最好, a
minimum order 最低起购, a warning that quotes 稳赚不赔, a lawful reference price, "FDA-registered
facility — not FDA approval") to build the context readings (livegen.lint.readings), so the
set is tuned from then on, and its misses widened the families too (先提价后打折, 防病毒,
不看征信, 大夫让病人买, off-app prices, "reverses aging", SIDS): P 1.000 / R 0.958 (zh
1.000/0.986, Traditional 1.000/0.986, en 1.000/0.920). The test pins a regression floor a little
under that; messages carry totals.
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
    assert score.precision >= 0.97 and score.recall >= 0.93, line


def test_fourth_author_traditional_lines_stay_above_their_floor() -> None:
    traditional = score_cases(ZH, _lint, text_key="text_traditional")
    line = traditional.line("fourth author, zh in Traditional")
    print("\n" + line)
    assert traditional.precision >= 0.97 and traditional.recall >= 0.95, line
