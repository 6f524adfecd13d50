"""The offline composer never says what the spec does not back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from script_helpers import all_text
from tests.support.paths import SAMPLE_FILES, SAMPLES

from livegen.script.honesty import absolute_terms

PHRASES = Path(__file__).resolve().parents[2] / "templates" / "phrases"


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@pytest.mark.parametrize("bank", sorted(PHRASES.glob("*.yaml")), ids=lambda p: p.name)
def test_phrase_banks_hold_no_absolute_or_medical_terms(bank) -> None:
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    bad = [(s, absolute_terms(s)) for s in _strings(data) if absolute_terms(s)]
    assert not bad


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_no_generated_text_carries_forbidden_or_absolute_claims(compose, sample) -> None:
    from livegen.spec import load_spec

    spec = load_spec(SAMPLES / sample)
    other = "en" if spec.language == "zh" else "zh"
    runs = [dict(style=style) for style in ("promo", "story", "knowledge")]
    runs += [dict(personas=[p.name], seed=i + 1) for i, p in enumerate(spec.personas)]
    runs += [dict(language=other, seed=9)]
    for run in runs:
        script = compose(sample, duration_minutes=35, n_titles=10, n_ctas=8, **run)
        for text in all_text(script):
            assert not absolute_terms(text), (run, text)
            for claim in spec.forbidden_claims:
                assert claim.lower() not in text.lower(), (claim, text)


def test_a_spec_line_with_an_absolute_claim_is_not_read_out(tmp_path, compose) -> None:
    data = yaml.safe_load((SAMPLES / "face-cream.zh.yaml").read_text(encoding="utf-8"))
    data["selling_points"][0]["detail"] = "全网最好的保湿面霜"
    data["faq"][0]["answer"] = "油皮也能用，三天祛痘。"
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from livegen.script import ScriptOptions
    from livegen.script import compose as run
    from livegen.spec import load_spec
    from livegen.templating import Templates

    script = run(load_spec(path), ScriptOptions(duration_minutes=30), Templates())
    text = "\n".join(all_text(script))
    assert "全网最好" not in text and "三天祛痘" not in text
    assert "24小时长效保湿" in text  # the rest of the point is still there


def test_a_bare_spec_promises_no_deal_it_does_not_have() -> None:
    from livegen.script import ScriptOptions, compose
    from livegen.spec import spec_from_data
    from livegen.templating import Templates

    for lang, point in (("zh", "保温六小时"), ("en", "Keeps tea hot for six hours")):
        spec = spec_from_data(
            {"name": "Mug", "price": 59, "selling_points": [point], "language": lang}, "bare"
        )
        for style in ("promo", "story", "knowledge"):
            script = compose(spec, ScriptOptions(duration_minutes=20, style=style), Templates())
            kinds = {s.kind for s in script.segments}
            assert "offer" not in kinds and "proof" not in kinds
            text = "\n".join(all_text(script)).lower()
            for word in (
                "福利",
                "专属",
                "直播价",
                "赠品",
                "deal",
                "live-only",
                "free ",
                "gift",
                "poll",
            ):
                assert word not in text, (lang, style, word)
