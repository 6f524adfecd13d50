"""Briefs written by merchants who never saw the spec format import whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from livegen.text import match_key

BRIEFS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "briefs-merchant"
EXPECTED = yaml.safe_load((BRIEFS / "EXPECTED.yaml").read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", match_key(str(text)))


def _kept(wanted: str, found: list[str]) -> bool:
    w = _norm(wanted)
    return any(w in _norm(f) or (_norm(f) and _norm(f) in w) for f in found)


@pytest.mark.parametrize("brief", sorted(EXPECTED))
def test_merchant_brief_imports_with_every_point_persona_and_price(cli, tmp_path, brief) -> None:
    out = tmp_path / "spec.yaml"
    done = cli("spec", "import", str(BRIEFS / brief), "-o", str(out))
    assert done.returncode == 0, done.stderr
    want = EXPECTED[brief]
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    titles = [p["title"] for p in data["selling_points"]]
    names = [p["name"] for p in data.get("personas", [])]
    for point in want["selling_points"]:
        assert _kept(point, titles), (point, titles)
    for persona in want["personas"]:
        assert _kept(persona, names), (persona, names)
    assert data["price"] == pytest.approx(want["list_price"])
    assert data["promo_price"] == pytest.approx(want["live_price"])
    assert data["currency"] == want["currency"]
    checked = cli("spec", "check", str(out))
    assert checked.returncode == 0, checked.stderr
    script = cli("script", str(out), "--format", "json")
    assert script.returncode == 0, script.stderr


def test_unknown_names_are_placed_by_shape_and_prices_read_from_prose() -> None:
    from livegen.spec_import import import_brief

    brief = """
meta: {lang: English (UK)}
item:
  details: {productTitle: Acme Yoga Mat}
  marketing:
    hero_messages:
      - {headline: Non-slip surface, body: grips even when wet}
      - {headline: 6mm cushioning, body: kind to knees}
    shoppers:
      - {label: Beginner Bea, notes: new to yoga}
      - {segmentTitle: Studio Sam}
  offer_text: "Was £40, now £28 during the live"
"""
    spec, result = import_brief(brief, "mat.yaml", ".yaml")
    assert [p.title for p in spec.selling_points] == ["Non-slip surface", "6mm cushioning"]
    assert [p.name for p in spec.personas] == ["Beginner Bea", "Studio Sam"]
    assert (spec.price, spec.promo_price, spec.currency) == (40, 28, "GBP")
    assert spec.language == "en"
    assert any("by its shape" in g for g in result.guessed)
    assert "item.offer_text" not in result.unplaced
