"""Precision and recall of the rules on the labelled case list (tests/lint/cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml

from livegen.lint.api import lint_texts
from livegen.schemas.findings import Finding
from livegen.spec import load_spec

HERE = Path(__file__).resolve().parent


def _flagged(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in ("error", "warning")]


def evaluate() -> tuple[float, float, list[str]]:
    cases = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    specs = {}
    tp = fp = fn = 0
    misses: list[str] = []
    for case in cases:
        spec = None
        if case.get("spec"):
            name = case["spec"]
            specs.setdefault(name, load_spec(HERE / "specs" / name))
            spec = specs[name]
        flagged = _flagged(
            lint_texts(
                [case["text"]], lang=case.get("lang"), category=case.get("category"), spec=spec
            )
        )
        expect = case["expect"]
        rules = [f.rule for f in flagged]
        if expect == "clean":
            if flagged:
                fp += 1
                misses.append(f"false positive: {case['text']!r} -> {rules}")
        elif any(r.startswith(expect) for r in rules):
            tp += 1
        else:
            fn += 1
            if flagged:
                fp += 1
            misses.append(f"missed {expect}: {case['text']!r} -> {rules}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, misses


def test_case_list_precision_and_recall_are_at_least_ninety_percent() -> None:
    precision, recall, misses = evaluate()
    print(f"\nlint case list: precision {precision:.3f}, recall {recall:.3f}")
    for line in misses:
        print("  " + line)
    assert precision >= 0.9, misses
    assert recall >= 0.9, misses


def test_case_list_is_large_and_covers_both_languages() -> None:
    cases = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    assert len(cases) >= 80
    langs = {"zh" if any("\u4e00" <= ch <= "\u9fff" for ch in c["text"]) else "en" for c in cases}
    assert langs == {"zh", "en"}
    assert sum(c["expect"] == "clean" for c in cases) >= 30
