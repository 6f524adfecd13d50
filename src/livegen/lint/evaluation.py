"""Case-level precision and recall of the linter on a labelled case file.

Two files exist: `tests/lint/cases.yaml`, the cases the rules were tuned on (each names the
rule prefix it expects), and `tests/lint/unseen.yaml`, lines written before the rules were
read (each says only `violation` or `clean`, plus the phrases a reviewer would point at).
The unseen figures are the honest ones; they are reported, never tuned on, which is why
`evaluate` returns counts and, for the unseen file, callers print no per-case misses.

A case is positive when the linter reports at least one warning or error on it; `info`
(a claim backed by spec proof, a sourced ranking) is not a flag.

Every case is counted exactly once, in one of tp, fp, fn and tn. A case that expects one
rule and is flagged only by others is a miss (fn) for recall and, since a wrong rule was
raised on it, also counts as a wrong flag (`wrong`) against precision; it stays one case.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from livegen.schemas.findings import Finding
from livegen.text import match_key

FLAG_SEVERITIES = ("error", "warning")


@dataclass
class Score:
    """Counts for one run over a case list."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    # fn cases flagged by some other rule than the one expected: a miss for recall and a
    # wrong flag for precision, but still one case
    wrong: int = 0
    phrase_hits: int = 0  # true positives whose finding overlaps an expected phrase
    phrase_cases: int = 0  # true positives that list expected phrases
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        flagged = self.tp + self.fp + self.wrong
        return self.tp / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def cases(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def line(self, name: str) -> str:
        phrase = f", phrase hit {self.phrase_hits}/{self.phrase_cases}" if self.phrase_cases else ""
        wrong = f", of them flagged by another rule {self.wrong}" if self.wrong else ""
        return (
            f"{name}: {self.cases} cases, precision {self.precision:.3f}, "
            f"recall {self.recall:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn}{wrong}, "
            f"tn {self.tn}{phrase})"
        )


def load_cases(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return list(data or [])


def _overlaps(finding: Finding, text: str, phrases: Sequence[str]) -> bool:
    if not finding.phrase:
        return False
    low = match_key(text)
    phrase = match_key(finding.phrase)
    at = low.find(phrase)
    if at < 0:
        return False
    end = at + len(phrase)
    for p in phrases:
        p = match_key(p)
        q = low.find(p)
        if q >= 0 and q < end and q + len(p) > at:
            return True
    return False


LintFn = Callable[[str, dict[str, Any]], list[Finding]]


def score_cases(cases: Sequence[dict[str, Any]], lint: LintFn, *, text_key: str = "text") -> Score:
    """Score `lint(text, case)` on every case that has `text_key` (e.g. the Traditional
    rendering); `expect` is `clean`, `violation`, or a rule prefix that must be among the
    flagged rules."""
    score = Score()
    for case in cases:
        text = case.get(text_key)
        if not text:
            continue
        flagged = [f for f in lint(text, case) if f.severity in FLAG_SEVERITIES]
        rules = [f.rule for f in flagged]
        expect = case["expect"]
        if expect == "clean":
            if flagged:
                score.fp += 1
                score.misses.append(f"false alarm: {text!r} -> {rules}")
            else:
                score.tn += 1
            continue
        hit = bool(flagged) if expect == "violation" else any(r.startswith(expect) for r in rules)
        if hit:
            score.tp += 1
            phrases = case.get("phrases") or []
            if phrases:
                score.phrase_cases += 1
                score.phrase_hits += any(_overlaps(f, text, phrases) for f in flagged)
        else:
            score.fn += 1
            if flagged:
                score.wrong += 1
            score.misses.append(f"missed {expect}: {text!r} -> {rules}")
    return score
