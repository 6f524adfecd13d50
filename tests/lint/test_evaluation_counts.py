"""Case-level scoring counts every labelled line once, whatever the linter said about it."""

from __future__ import annotations

from typing import Any

from livegen.lint.evaluation import score_cases
from livegen.schemas.findings import Finding, Severity


def _finding(rule: str, severity: Severity = "error") -> Finding:
    return Finding(
        file="",
        phrase="x",
        rule=rule,
        severity=severity,
        basis="b",
        suggestion="",
        context="x",
    )


ANSWERS: dict[str, list[Finding]] = {
    "right rule": [_finding("zh.price.lowest")],
    "wrong rule": [_finding("zh.absolute.superlative")],
    "nothing": [],
    "clean flagged": [_finding("zh.absolute.ranking", "warning")],
    "clean quiet": [_finding("zh.absolute.ranking", "info")],
    "any violation": [_finding("zh.guarantee.result")],
}
CASES = [
    {"text": "right rule", "expect": "zh.price.lowest"},
    {"text": "wrong rule", "expect": "zh.price.lowest"},
    {"text": "nothing", "expect": "zh.price"},
    {"text": "clean flagged", "expect": "clean"},
    {"text": "clean quiet", "expect": "clean"},
    {"text": "any violation", "expect": "violation"},
]


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    return ANSWERS[text]


def test_a_line_flagged_by_another_rule_than_expected_is_one_case_not_two() -> None:
    score = score_cases(CASES, _lint)
    assert score.cases == len(CASES)
    assert (score.tp, score.fp, score.fn, score.tn) == (2, 1, 2, 1)
    assert score.wrong == 1
    assert score.tp + score.fp + score.fn + score.tn == score.cases


def test_a_wrong_rule_still_costs_precision_and_recall() -> None:
    score = score_cases(CASES, _lint)
    # flagged: two right, one clean line, one wrong rule
    assert score.precision == 2 / 4
    assert score.recall == 2 / 4
    assert "of them flagged by another rule 1" in score.line("set")


def test_cases_without_the_text_key_are_not_counted() -> None:
    score = score_cases([*CASES, {"text_traditional": "x", "expect": "clean"}], _lint)
    assert score.cases == len(CASES)
