"""Sets by authors who never saw the rules, each pinned at a floor a little under its figure.

- Fourth author (`unseen-fourth.yaml`), scored before and after the lint work of its day:
  before P 0.822 / R 0.808 (zh 0.881/0.843, Traditional 0.894/0.843, en 0.745/0.760); after
  P 0.824 / R 0.858. The next round read its false alarms (advice 最好, a minimum order
  最低起购, a warning that quotes 稳赚不赔, a lawful reference price, "FDA-registered facility —
  not FDA approval") to build the context readings (livegen.lint.readings), so the set is
  tuned from then on, and its misses widened the families too: P 1.000 / R 0.958 (zh
  1.000/0.986, Traditional 1.000/0.986, en 1.000/0.920).
- Fifth author (`unseen-fifth.yaml`), written while the context readings were built and
  scored only by totals, before and after: P 0.798 / R 0.825 → 0.855 / 0.833 (zh
  0.806/0.829 → 0.843/0.843, Traditional 0.814/0.814 → 0.853/0.829, en 0.788/0.820 →
  0.872/0.820). The next round read its misses and false alarms to build the name,
  study, hearsay and A-not-A readings and to widen the families (dares, a big brand's
  twin, hospital comparisons, expert and celebrity use, off-app contact), so it is tuned
  from then on: P 0.992 / R 0.983 (zh 0.986/0.986, Traditional 0.971/0.971, en 1.000/0.980).
- Sixth author (`unseen-sixth.yaml`), written at the start of the round that read the fifth,
  scored only by totals, before and after: P 0.887 / R 0.764 → 0.918 / 0.821 (zh
  0.859/0.764 → 0.896/0.833, Traditional 0.855/0.736 → 0.891/0.792, en 0.929/0.765 →
  0.953/0.804). Untuned: the honest figure for new wordings.

Messages carry totals only, never the lines.
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
# author: (file, (precision, recall) floor as written, the same for the zh lines in Traditional)
AUTHORS = {
    "fourth": ("unseen-fourth.yaml", (0.97, 0.93), (0.97, 0.95)),
    "fifth": ("unseen-fifth.yaml", (0.97, 0.96), (0.95, 0.95)),
    "sixth": ("unseen-sixth.yaml", (0.90, 0.79), (0.87, 0.77)),
}


def _lint(text: str, case: dict[str, Any]) -> list[Finding]:
    return lint_texts([text], lang=case.get("lang"), category=case.get("category"))


def _cases(author: str) -> list[dict[str, Any]]:
    return load_cases(HERE / AUTHORS[author][0])


@pytest.mark.parametrize("author", sorted(AUTHORS))
def test_author_set_is_large_balanced_and_uses_known_categories(author: str) -> None:
    cases = _cases(author)
    assert len(cases) >= 200
    assert {c["lang"] for c in cases} == {"zh", "en"}
    assert {c["category"] for c in cases} <= set(CATEGORIES)
    assert all(c.get("text_traditional") for c in cases if c["lang"] == "zh")
    violations = sum(c["expect"] == "violation" for c in cases)
    assert abs(violations - (len(cases) - violations)) <= len(cases) // 10


@pytest.mark.parametrize("author", sorted(AUTHORS))
def test_author_set_stays_above_its_measured_floor(author: str) -> None:
    score = score_cases(_cases(author), _lint)
    line = score.line(f"{author} author")
    print("\n" + line)
    precision, recall = AUTHORS[author][1]
    assert score.precision >= precision and score.recall >= recall, line


@pytest.mark.parametrize("author", sorted(AUTHORS))
def test_author_traditional_lines_stay_above_their_floor(author: str) -> None:
    zh = [c for c in _cases(author) if c["lang"] == "zh"]
    traditional = score_cases(zh, _lint, text_key="text_traditional")
    line = traditional.line(f"{author} author, zh in Traditional")
    print("\n" + line)
    precision, recall = AUTHORS[author][2]
    assert traditional.precision >= precision and traditional.recall >= recall, line
