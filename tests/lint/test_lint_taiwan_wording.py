"""Chinese rules match the Taiwan wording that OpenCC `tw2sp` leaves in place (著, 新增,
使用者, 資料 ...), so Traditional input is checked like Simplified input."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
import yaml

from livegen.lint.api import lint_texts
from livegen.lint.prefilter import necessary_literals
from livegen.lint.ruleset import expand_macros
from livegen.lint.variants import TAIWAN_RESIDUE, widen_zh
from livegen.text import normalize


def _flagged(text: str, category: str = "general") -> list[str]:
    return [
        f.rule for f in lint_texts([text], category=category) if f.severity in ("error", "warning")
    ]


@pytest.mark.parametrize("simplified", ["睡着也能瘦", "无添加，敏感肌放心用", "闭着眼睛买就对了"])
def test_taiwan_rendering_is_flagged_like_the_simplified_line(simplified: str) -> None:
    taiwan = opencc.OpenCC("s2twp").convert(simplified)
    assert taiwan != simplified
    assert _flagged(simplified)
    assert _flagged(taiwan) == _flagged(simplified)


def test_a_source_in_taiwan_wording_still_backs_a_ranking() -> None:
    taiwan = opencc.OpenCC("s2twp").convert("据店铺后台数据，本月店里销量第一")
    assert "資料" in taiwan
    assert _flagged(taiwan) == []


def test_widening_keeps_the_mainland_word_and_adds_the_residue() -> None:
    assert widen_zh("睡着") == "睡[着著]"
    assert widen_zh("无添加") == "无(?:添加|新增)"


def test_every_shipped_chinese_literal_survives_the_taiwan_round_trip() -> None:
    """Each literal some Chinese rule needs, written in Taiwan wording and normalised
    back, is still matched by that rule's widened pattern (the table is complete)."""
    cc = opencc.OpenCC("s2twp")
    missing = []
    rules_dir = Path(__file__).resolve().parents[2] / "src" / "livegen" / "lint" / "rules"
    for path in sorted(rules_dir.glob("zh.*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            literals = set(rule.get("words") or [])
            for rx in rule.get("regex") or []:
                literals |= set(necessary_literals(expand_macros(rx)) or ())
            for word in literals:
                back = normalize(cc.convert(word)).text
                if back != normalize(word).text and not any(
                    v in back for v in TAIWAN_RESIDUE.values()
                ):
                    missing.append((rule["id"], word, back))
    assert not missing, missing


def test_every_chinese_concept_word_survives_the_taiwan_round_trip() -> None:
    """Each literal of each concept slot, written in Taiwan wording (s2twp) and normalised
    the way lint does, is still matched by that concept's widened pattern."""
    import re

    from livegen.lint.engine import NORMALIZE
    from livegen.lint.ruleset import concepts

    cc = opencc.OpenCC("s2twp")
    missing = []
    for name in concepts("zh"):
        pattern = re.compile(widen_zh(expand_macros("{" + name + "}", "zh")))
        for word in necessary_literals(expand_macros("{" + name + "}", "zh")) or ():
            back = normalize(cc.convert(word), **NORMALIZE).text  # type: ignore[arg-type]
            same = normalize(word, **NORMALIZE).text  # type: ignore[arg-type]
            if back != same and not pattern.search(back):
                missing.append((name, word, back))
    assert not missing, missing
