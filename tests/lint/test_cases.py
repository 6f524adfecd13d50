"""Precision and recall of the rules on the labelled case list (tests/lint/cases.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from livegen.lint.api import lint_texts
from livegen.lint.evaluation import Score, load_cases, score_cases
from livegen.schemas.findings import Finding
from livegen.schemas.spec import ProductSpec
from livegen.spec import load_spec

HERE = Path(__file__).resolve().parent


SPECS: dict[str, ProductSpec] = {}


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    spec = None
    if case.get("spec"):
        name = case["spec"]
        spec = SPECS.setdefault(name, load_spec(HERE / "specs" / name))
    return lint_texts([text], lang=case.get("lang"), category=case.get("category"), spec=spec)


def evaluate() -> Score:
    """Counted by `livegen.lint.evaluation.score_cases`, each case once."""
    return score_cases(load_cases(HERE / "cases.yaml"), _lint)


def test_case_list_precision_and_recall_are_at_least_ninety_percent() -> None:
    score = evaluate()
    print("\n" + score.line("lint case list"))
    for line in score.misses:
        print("  " + line)
    assert score.precision >= 0.9, score.misses
    assert score.recall >= 0.9, score.misses


def test_every_tuned_case_is_right() -> None:
    # the rules were tuned on these lines: a miss here is a regression, not a hard case
    assert not evaluate().misses


def test_case_list_is_large_and_covers_both_languages() -> None:
    cases = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    assert len(cases) >= 80
    langs = {"zh" if any("\u4e00" <= ch <= "\u9fff" for ch in c["text"]) else "en" for c in cases}
    assert langs == {"zh", "en"}
    assert sum(c["expect"] == "clean" for c in cases) >= 30
