"""The offline composer: a timed run-of-show built from the spec alone, no network.

The composer decides *what* each segment covers (which selling point, which question,
which proof) and *when*; the wording comes from the line templates in
`templates/offline/` and the phrase banks in `templates/phrases/`, so a creator
restyles the output without touching code. It is deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from livegen.schemas.script import ScriptSegment
from livegen.schemas.spec import Proof
from livegen.script import honesty
from livegen.script.context import (
    base_context,
    persona_ctx,
    point_ctx,
    proof_ctx,
    proofs_for,
    sentences,
    strip_end,
)
from livegen.script.options import Resolved
from livegen.script.personas import RankedPoint, rank_points
from livegen.script.phrases import PhraseBank
from livegen.script.plan import Item, interaction_length, schedule
from livegen.templating import Templates

CUE = "@cue "

# Nominal seconds per segment kind before the scheduler fits them to the duration.
NOMINAL = {
    "hook": 20.0, "intro": 60.0, "story": 90.0, "knowledge": 90.0, "selling_point": 90.0,
    "brief": 35.0, "proof": 50.0, "price": 40.0, "offer": 45.0, "objection": 40.0,
    "urgency": 35.0, "recap": 50.0, "preview": 25.0,
}


@dataclass
class Composer:
    """Everything one run needs: the resolved request, templates, phrases and context."""

    res: Resolved
    templates: Templates

    def __post_init__(self) -> None:
        self.bank = PhraseBank(self.templates, self.res.language, self.res.platform.name,
                               self.res.style, self.res.seed)
        self.ranked: list[RankedPoint] = rank_points(self.res.spec, self.res.personas)
        words = dict(self.bank.raw("words", {}) or {})
        self.words = words
        self.ctx: dict[str, Any] = base_context(
            self.res, self.ranked, words, dict(self.bank.raw("category_words", {}) or {}),
            str(self.bank.raw("list_sep", "、")), str(self.bank.raw("list_last", "和")))
        self.ctx["persona_pain_question"] = self._pain_question()
        self.forbidden = list(self.res.spec.forbidden_claims)
        self.proofs = [self._proof(p) for p in self.res.spec.proof]
        self.story_parts = self._story_parts()
        self.facts = [{"key": k, "value": strip_end(v)} for k, v in self.res.spec.specs.items()]

    # -- phrase and template helpers ----------------------------------------------------
    def say(self, slot: str, context: dict[str, Any], **extra: Any) -> str:
        merged = {**context, **extra}
        merged["say"] = lambda s, **more: self.say(s, merged, **more)
        return self.bank.say(slot, merged)

    def _proof(self, proof: Proof) -> dict[str, Any]:
        """Proof context, with its number worded by the phrase bank ("（编号…）")."""
        ctx = proof_ctx(proof, self.res.language)
        if proof.number:
            fmt = str(self.words.get("proof_number", " ({{ proof.number }})"))
            ctx["number_text"] = self.bank.render(fmt, {"proof": ctx}, "words.proof_number")
            if fmt[:1].isspace():
                ctx["number_text"] = " " + ctx["number_text"]  # render() strips; keep the gap
        return ctx

    def _pain_question(self) -> str:
        persona = self.ctx.get("persona")
        if persona:
            return self.bank.render(str(self.bank.raw("pain_question", "{{ pain }}?")),
                                    {**self.ctx, "pain": persona["pain"]}, "pain_question")
        return self.bank.render(str(self.bank.raw("top_question", "{{ top }}?")), self.ctx,
                                "top_question")

    def title_for(self, kind: str, context: dict[str, Any]) -> str:
        titles = self.bank.raw("segment_titles", {}) or {}
        text = titles.get(kind, kind)
        return self.bank.render(str(text), context, f"segment_titles.{kind}")

    def render_item(self, item: Item) -> tuple[list[str], list[str], dict[str, Any]]:
        context = {**self.ctx, **item.ctx}
        context["say"] = lambda s, **more: self.say(s, context, **more)
        template = "offline/teaser.j2" if item.kind == "teaser_part" else f"offline/{item.kind}.j2"
        text = self.templates.render(template, context)
        lines, cues = [], []
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith(CUE):
                cue = line[len(CUE):].strip()
                if cue:
                    cues.append(cue)
            else:
                lines.append(line)
        return (honesty.clean_lines(lines, self.forbidden),
                honesty.clean_lines(cues, self.forbidden), context)

    # -- building blocks ----------------------------------------------------------------
    def _story_parts(self) -> list[list[str]]:
        said = sentences(self.res.spec.story, self.res.language)
        if not said:
            return []
        size = 2 if len(said) <= 4 else 3
        return [said[i:i + size] for i in range(0, len(said), size)]

    def _sp_item(self, ranked: RankedPoint, index: int, *, optional: int,
                 repeat: bool = False) -> Item:
        persona = ranked.persona
        proofs = proofs_for(ranked.point, self.res.spec.proof)
        proof = self._proof(proofs[0]) if proofs else None
        brief = not ranked.featured and not repeat
        nominal = NOMINAL["brief" if brief else "selling_point"]
        if ranked.featured and index == 1 and self.res.personas:
            nominal *= 1.2  # the main audience's first concern gets the most air time
        return Item(
            kind="selling_point", nominal=nominal,
            ctx={"point": point_ctx(ranked.point), "loop_index": index, "brief": brief,
                 "persona": persona_ctx(persona, self.res.language) if persona else None,
                 "proof": proof,
                 "proof_number": proof["number_text"] if proof else ""},
            selling_point=ranked.point.title, persona=persona.name if persona else None,
            optional=optional,
        )

    def _persona_name(self) -> str | None:
        return self.res.personas[0].name if self.res.personas else None

    def _faq_item(self, index: int, optional: int) -> Item | None:
        faq = self.res.spec.faq
        if not faq:
            return None
        q = faq[index % len(faq)]
        return Item(kind="objection", nominal=NOMINAL["objection"],
                    ctx={"faq": {"question": q.question.strip(), "answer": q.answer.strip()}},
                    optional=optional)

    def _knowledge_item(self, index: int, optional: int) -> Item | None:
        if not self.facts:
            return None
        chunk = 3
        start = (index * chunk) % len(self.facts)
        facts = (self.facts + self.facts)[start:start + min(chunk, len(self.facts))]
        faq = self.res.spec.faq[index % len(self.res.spec.faq)] if self.res.spec.faq else None
        return Item(kind="knowledge", nominal=NOMINAL["knowledge"],
                    ctx={"facts": facts,
                         "faq": {"question": faq.question.strip(), "answer": faq.answer.strip()}
                         if faq else None},
                    optional=optional)

    def _story_item(self, index: int, optional: int) -> Item | None:
        if not self.story_parts:
            return None
        part = index % len(self.story_parts)
        return Item(kind="story", nominal=NOMINAL["story"] * 0.8,
                    ctx={"story_part": self.story_parts[part], "part_index": part,
                         "part_count": len(self.story_parts)},
                    optional=optional)

    def _simple(self, kind: str, optional: int = 0, **ctx: Any) -> Item:
        return Item(kind=kind, nominal=NOMINAL[kind], ctx=ctx, persona=None,
                    optional=optional)

    def first_round(self) -> list[Item]:
        """The full pitch, in an order that depends on the style."""
        style = self.res.style
        # Drop order when time is short (highest first): extra answers and minor points,
        # further story or lesson parts, proof and the first answer, then the second point
        # and the closing push and recap. The first story or lesson part stays: it is the style.
        sps = [self._sp_item(r, i + 1,
                             optional=(0, 1)[i] if i < 2 else (2 if r.featured else 3))
               for i, r in enumerate(self.ranked)]
        hook = self._simple("hook")
        hook.fixed = True  # the opening lines are read as written, at a speaking pace
        hook.persona = self._persona_name()
        intro = self._simple("intro", repitch=False)
        intro.persona = self._persona_name()
        proof = self._simple("proof", optional=2, proofs=self.proofs) if self.proofs else None
        faqs = [self._faq_item(i, optional=2 if i == 0 else 3)
                for i in range(len(self.res.spec.faq))]
        price = self._simple("price")
        offer = self._simple("offer") if self.ctx["has_offer"] else None
        seq: list[Item | None]
        if style == "story":
            stories = [self._story_item(i, optional=0 if i == 0 else 2)
                       for i in range(len(self.story_parts))]
            seq = [hook, stories[0] if stories else None, intro]
            for i, sp in enumerate(sps):
                seq.append(sp)
                if i + 1 < len(stories):
                    seq.append(stories[i + 1])
            seq += [proof, price, offer, *faqs]
        elif style == "knowledge":
            lessons = [self._knowledge_item(i, optional=0 if i == 0 else 2)
                       for i in range(max(1, (len(self.facts) + 2) // 3))]
            seq = [hook, intro, lessons[0] if lessons else None]
            for i, sp in enumerate(sps):
                seq.append(sp)
                if i % 2 == 1 and (i // 2 + 1) < len(lessons):
                    seq.append(lessons[i // 2 + 1])
            seq += [proof, *faqs, price, offer]
        else:  # promo: price comes early and the cart is pushed often
            seq = [hook, intro, *sps[:2], price, offer, *sps[2:], proof, *faqs]
        return [i for i in seq if i is not None]

    def repitch(self, round_no: int) -> list[Item]:
        """A shorter re-pitch for viewers who arrived after the first one."""
        featured = [r for r in self.ranked if r.featured] or self.ranked
        a = featured[(2 * round_no - 2) % len(featured)]
        b = featured[(2 * round_no - 1) % len(featured)]
        welcome = self._simple("intro", repitch=True)
        welcome.nominal = 30.0
        welcome.persona = self._persona_name()
        items: list[Item | None] = [welcome, self._sp_item(a, 1, optional=0, repeat=True)]
        if self.res.style == "story":
            items.append(self._story_item(round_no, optional=0))
        elif self.res.style == "knowledge":
            items.append(self._knowledge_item(round_no, optional=0))
        if b is not a:
            items.append(self._sp_item(b, 2, optional=0, repeat=True))
        if round_no % 2 == 1 and self.proofs:
            items.append(self._simple("proof", proofs=self.proofs))
        else:
            items.append(self._faq_item(round_no, optional=0))
        price = self._simple("price")
        price.nominal = 30.0
        items += [price, self._simple("offer") if self.ctx["has_offer"] else None,
                  self._simple("urgency")]
        return [i for i in items if i is not None]

    def closing(self) -> list[Item]:
        return [self._simple("urgency", optional=1), self._simple("recap", optional=1),
                self._simple("preview")]

    def interaction_kinds(self) -> list[str]:
        kinds = ["question", "poll"] if len(self.ranked) > 1 else ["question"]
        if self.res.spec.offer.giveaway.strip():
            kinds.append("giveaway")
        kinds.append("likes")
        return kinds

    def interaction(self, k: int) -> Item:
        kinds = self.interaction_kinds()
        kind = kinds[(k - 1) % len(kinds)]
        names = self.bank.raw("interaction_names", {}) or {}
        item = Item(kind="interaction", nominal=interaction_length(self.res.platform.
                                                                   interaction_every),
                    ctx={"interaction": kind, "interaction_name": names.get(kind, kind)})
        return item

    # -- public -----------------------------------------------------------------------
    def run_of_show(self) -> list[ScriptSegment]:
        placed = schedule(self.first_round(), self.repitch, self.closing(), self.res.duration,
                          self.res.platform.interaction_every, self.interaction)
        segments = []
        for p in placed:
            lines, cues, context = self.render_item(p.item)
            segments.append(ScriptSegment(
                start=p.start, end=p.end, kind=p.item.kind,  # type: ignore[arg-type]
                title=self.title_for("welcome" if context.get("repitch") else p.item.kind,
                                     context),
                lines=lines, cues=cues,
                selling_point=p.item.selling_point, persona=p.item.persona))
        return segments

    def teaser(self, seconds: int) -> list[ScriptSegment]:
        """A 15/30/60-second short video that sends viewers to the live stream."""
        hook_end = {15: 3.0, 30: 4.0, 60: 5.0}[seconds]
        close = {15: 3.0, 30: 5.0, 60: 8.0}[seconds]
        count = {15: 1, 30: 2, 60: 3}[seconds]
        points = [point_ctx(r.point) for r in self.ranked[:count]]
        titles = self.bank.raw("teaser_titles", {}) or {}
        parts = [("hook", "hook", 0.0, hook_end), ("teaser", "point", hook_end,
                                                   seconds - close),
                 ("preview", "close", seconds - close, float(seconds))]
        segments = []
        for kind, part, start, end in parts:
            item = Item(kind="teaser_part", nominal=end - start,
                        ctx={"part": part, "teaser_points": points,
                             "with_offer": seconds >= 30})
            lines, cues, _ = self.render_item(item)
            key = "body" if part == "point" else part
            segments.append(ScriptSegment(
                start=start, end=end, kind=kind,  # type: ignore[arg-type]
                title=str(titles.get(key, key)), lines=lines, cues=cues,
                selling_point=self.ranked[0].point.title if part == "point" else None,
                persona=self._persona_name()))
        return segments
