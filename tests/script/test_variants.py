"""Title and CTA variants: distinct angles, within limits, no near-duplicates."""

from __future__ import annotations

import itertools

import pytest
from tests.support.paths import SAMPLES

from livegen.platforms import get_platform
from livegen.script.similarity import jaccard


def _variants(sample: str, kind: str, n: int, **opts: object):  # type: ignore[no-untyped-def]
    from livegen.script import ScriptOptions, make_variants
    from livegen.spec import load_spec
    from livegen.templating import Templates

    return make_variants(load_spec(SAMPLES / sample), ScriptOptions(**opts), Templates(), kind, n)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "sample",
    ["face-cream.zh.yaml", "wuchang-rice.zh.yaml", "earbuds.zh.yaml", "phone-stand.en.yaml"],
)
@pytest.mark.parametrize("kind", ["title", "cta"])
def test_variants_fit_the_limit_and_are_not_near_duplicates(sample, kind) -> None:
    items = _variants(sample, kind, 10)
    assert len(items) >= 8
    from livegen.spec import load_spec

    limit = get_platform(load_spec(SAMPLES / sample).platform).title_limit
    assert all(0 < len(v.text) <= limit for v in items)
    for a, b in itertools.combinations(items, 2):
        assert jaccard(a.text, b.text) < 0.6, (a.text, b.text)


def test_first_six_titles_cover_six_angles_when_the_spec_backs_them() -> None:
    items = _variants("face-cream.zh.yaml", "title", 6)
    assert sorted(v.angle for v in items) == sorted(
        ["benefit", "curiosity", "price", "scarcity", "social_proof", "story"]
    )


def test_angles_the_spec_cannot_back_are_skipped(tmp_path) -> None:
    import yaml

    from livegen.script import ScriptOptions, make_variants
    from livegen.spec import load_spec, spec_from_data
    from livegen.templating import Templates

    data = yaml.safe_load((SAMPLES / "face-cream.zh.yaml").read_text(encoding="utf-8"))
    data.pop("promo_price")
    data["offer"] = {"gifts": []}
    data["proof"] = []
    data["story"] = ""
    spec = spec_from_data(data, "test")
    items = make_variants(spec, ScriptOptions(), Templates(), "title", 10)
    assert {v.angle for v in items} <= {"benefit", "curiosity"}
    assert load_spec(SAMPLES / "face-cream.zh.yaml").promo_price  # the sample itself is intact


def test_a_tight_platform_limit_is_respected() -> None:
    items = _variants("phone-stand.en.yaml", "title", 10, platform="douyin")
    assert all(len(v.text) <= 30 for v in items)
    assert items  # some short English titles still fit


def test_ctas_carry_the_platform_cart_wording() -> None:
    for v in _variants("earbuds.zh.yaml", "cta", 8):
        assert "点击左下角购物袋" in v.text
    for v in _variants("phone-stand.en.yaml", "cta", 8):
        assert "orange cart" in v.text.lower()


def test_near_duplicate_measure() -> None:
    assert jaccard("山茶花面霜直播间到手139元", "山茶花面霜直播间到手139元！") == 1.0
    assert jaccard("Only 250 left", "only 250 left!!") == 1.0
    assert jaccard("背后的故事", "到手139元") == 0.0
