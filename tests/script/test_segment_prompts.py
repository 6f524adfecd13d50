"""What the segment-wise LLM path sends for each segment, pinned and checked against the spec.

Every segment kind's prompt is kept as a golden file for one zh and one en bundled sample
(`tests/script/golden/segments/`), so any change to the segment templates, the facts a
kind may use, the budgets or the persona block shows up as a diff in review. After an
intended change, rewrite them with `make goldens` (or `pytest --update-goldens`) and read
the diff before committing.

Beside the pinned text, every prompt of every planned segment is checked for what it must
carry: its own time budget, the persona it speaks to, and facts that all come from the
spec (a fact the spec does not hold would invite the model to say it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import pytest
from tests.support.paths import SAMPLES

from livegen.schemas.script import ScriptSegment, SegmentKind
from livegen.schemas.spec import ProductSpec

GOLDEN = Path(__file__).resolve().parent / "golden" / "segments"
# One bundled sample per language, each with a named persona; the promo plan holds most
# segment kinds, the story and knowledge plans add their own.
SAMPLES_UNDER_TEST = (("face-cream.zh.yaml", "干皮上班族"), ("phone-stand.en.yaml", "Commuter"))
STYLES = ("promo", "story", "knowledge")
MINUTES = 10.0
FACTS_START = "Facts this segment may use (and only these):\n"
FACTS_END = "\n\nThe offline draft of this segment"


@dataclass(frozen=True)
class Rendered:
    segment: ScriptSegment
    index: int
    count: int
    system: str
    user: str


def _spec(sample: str) -> ProductSpec:
    from livegen.spec import load_spec

    return load_spec(SAMPLES / sample)


def _render(spec: ProductSpec, persona: str, style: str) -> tuple[Any, list[Rendered]]:
    from livegen.script import ScriptOptions
    from livegen.script.offline import Composer
    from livegen.script.options import resolve
    from livegen.script.segmentwise import dry_run_prompts
    from livegen.templating import Templates

    opts = ScriptOptions(
        duration_minutes=MINUTES, personas=(persona,), style=style, llm_plan="segments"
    )
    composer = Composer(resolve(spec, opts), Templates())
    plan = composer.run_of_show()
    asked = [(i, s) for i, s in enumerate(plan) if not s.host_prompt]
    prompts = dry_run_prompts(composer, plan)
    assert len(prompts) == len(asked)
    out = [
        Rendered(seg, i, len(plan), p.messages[0].content, p.messages[1].content)
        for (i, seg), p in zip(asked, prompts, strict=True)
    ]
    return composer, out


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], tuple[Any, list[Rendered]]]:
    out = {}
    for sample, persona in SAMPLES_UNDER_TEST:
        spec = _spec(sample)
        for style in STYLES:
            out[(sample, style)] = _render(spec, persona, style)
    return out


def _goldens(
    rendered: dict[tuple[str, str], tuple[Any, list[Rendered]]],
) -> dict[str, str]:
    """File name → content: one system prompt per sample and style, and the user prompt
    of the first segment of each kind (a kind pinned once, from the first style that
    plans it)."""
    files: dict[str, str] = {}
    for sample, _persona in SAMPLES_UNDER_TEST:
        stem = sample.split(".")[0]
        seen: set[str] = set()
        for style in STYLES:
            _composer, prompts = rendered[(sample, style)]
            files[f"{stem}.{style}.system.txt"] = prompts[0].system + "\n"
            for r in prompts:
                if r.segment.kind in seen:
                    continue
                seen.add(r.segment.kind)
                files[f"{stem}.{r.segment.kind}.user.txt"] = r.user + "\n"
    return files


def test_segment_prompts_match_the_golden_files(rendered, update_goldens) -> None:
    """`make goldens` (or `pytest --update-goldens`) rewrites the files; a stale or missing
    file, or one no longer rendered, fails here."""
    files = _goldens(rendered)
    if update_goldens:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for stale in set(p.name for p in GOLDEN.glob("*.txt")) - set(files):
            (GOLDEN / stale).unlink()
        for name, content in files.items():
            (GOLDEN / name).write_text(content, encoding="utf-8")
    on_disk = {p.name for p in GOLDEN.glob("*.txt")}
    assert on_disk == set(files), "golden files differ from the rendered set: make goldens"
    drifted = [n for n, c in sorted(files.items()) if (GOLDEN / n).read_text("utf-8") != c]
    assert not drifted, f"rendered prompts drifted from {drifted}: make goldens, read the diff"


def test_every_segment_kind_is_pinned_in_both_languages(rendered) -> None:
    files = _goldens(rendered)
    # Every kind the schema knows but the teaser (a task with its own prompt) and host
    # segments (marked for the host to fill): a new kind fails here until it is pinned.
    kinds = set(get_args(SegmentKind)) - {"teaser", "host"}
    assert len(kinds) == 13
    for stem in ("face-cream", "phone-stand"):
        pinned = {n.split(".")[1] for n in files if n.startswith(stem) and n.endswith("user.txt")}
        assert pinned == kinds, stem


def _facts(user: str) -> dict[str, Any]:
    body = user[user.index(FACTS_START) + len(FACTS_START) : user.index(FACTS_END)]
    facts: dict[str, Any] = json.loads(body)
    return facts


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [] if value is None else [str(value)]


@pytest.mark.parametrize("sample", [s for s, _ in SAMPLES_UNDER_TEST])
@pytest.mark.parametrize("style", STYLES)
def test_each_prompt_carries_its_budget_persona_and_only_spec_facts(
    rendered, sample, style
) -> None:
    from livegen.script.segmentwise import budget_of

    composer, prompts = rendered[(sample, style)]
    spec: ProductSpec = composer.res.spec
    said_by_spec = set(_leaves(spec.model_dump(mode="json")))
    points = {p.title for p in spec.selling_points}
    personas = {p.name: p for p in spec.personas}
    for r in prompts:
        seg, user = r.segment, r.user
        where = f"{sample} {style} segment {r.index + 1} ({seg.kind})"
        assert f'Segment {r.index + 1} of {r.count}: "{seg.kind}"' in user, where
        budget = budget_of(seg, composer.res.language, composer.pace)
        assert (
            f"Time budget: {budget.seconds:g} seconds of speech, about {int(budget.units)} "
            f"{budget.unit}"
        ) in user, where
        persona = personas[seg.persona or next(iter(personas))]
        assert f"Persona: {persona.name}" in user, where
        for pain in persona.pains:
            assert pain in user, where
        facts = _facts(user)
        invented = [leaf for leaf in _leaves(facts) if leaf not in said_by_spec]
        assert not invented, f"{where}: facts the spec does not hold: {invented}"
        if seg.kind == "selling_point":
            assert facts["selling_point"]["title"] == seg.selling_point, where
            others = points - {seg.selling_point}
            assert not others & set(_leaves(facts)), f"{where}: another point's facts"
        if seg.kind not in ("price", "offer", "urgency", "recap"):
            assert "offer" not in facts, where
        if seg.kind == "objection":
            answered = {f.question for f in spec.faq}
            assert all(f["question"] in answered for f in facts["faq"]), where
    # The system prompt is the same for every segment of one stream.
    assert len({r.system for r in prompts}) == 1


def test_a_spec_without_an_offer_or_proof_sends_none(rendered) -> None:
    """The facts follow the spec: take the offer and proof away and no prompt carries any
    coupon, gift, stock or report, whatever the segment kind."""
    from livegen.schemas.spec import Offer

    spec = _spec("face-cream.zh.yaml")
    thin = spec.model_copy(update={"offer": Offer(), "proof": []})
    _composer, prompts = _render(thin, "干皮上班族", "promo")
    for r in prompts:
        facts = _facts(r.user)
        assert "offer" not in facts and not facts.get("proof"), r.segment.kind
        text = json.dumps(facts, ensure_ascii=False)
        for gone in (spec.offer.coupon, *spec.offer.gifts, "WTS-2025-0817", spec.offer.ends):
            assert gone not in text, (r.segment.kind, gone)
