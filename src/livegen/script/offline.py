"""The offline composer: a timed run-of-show built from the spec alone, no network.

The composer decides *what* each segment covers (which selling point, which question,
which proof) and *when*; the wording comes from the line templates in
`templates/offline/` and the phrase banks in `templates/phrases/`, so a creator
restyles the output without touching code. It is deterministic for a given seed.

Depth without invention: the first pitch develops each selling point from its detail,
demo, proof and the pains it answers; later rounds re-pitch for latecomers in other
words. No line is said twice: a phrase whose rendering is a near-duplicate of a line
already in the script (character-bigram Jaccard) gives way to another variant, and when
none is left the line is skipped. When the spec runs out of fresh things to say before
the stream ends, the rest is left to the host as clearly marked prompts, never padded
with invented facts, and `notes` says which spec fields would fill it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from livegen.schemas.script import ScriptSegment, StageTime
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
from livegen.script.pace import DEFAULT_PACE, speech_seconds
from livegen.script.personas import RankedPoint, meaning_overlap, rank_points
from livegen.script.phrases import PhraseBank
from livegen.script.placeholders import is_placeholder
from livegen.script.plan import Item, drop_order, interaction_length, place
from livegen.script.similarity import bigrams
from livegen.script.speech import tidy
from livegen.templating import Templates

CUE = "@cue "
STAGE = "@stage "
NEAR_DUPLICATE = 0.75  # below the 0.8 a reader calls "the same line", with a margin

# Rough lengths, used only to decide what a short stream drops before rendering.
NOMINAL = {
    "hook": 15.0,
    "intro": 40.0,
    "story": 50.0,
    "knowledge": 60.0,
    "selling_point": 75.0,
    "brief": 20.0,
    "proof": 35.0,
    "price": 25.0,
    "offer": 30.0,
    "objection": 25.0,
    "urgency": 20.0,
    "recap": 30.0,
    "preview": 15.0,
}


@dataclass
class Rendered:
    item: Item
    lines: list[str]
    cues: list[str]
    stage: list[tuple[str, float]]
    speech: float
    title: str
    skipped: int = 0  # lines left out because the script had already said them
    host_prompt: bool = False

    @property
    def length(self) -> float:
        return self.speech + sum(s for _, s in self.stage)


@dataclass
class _Deferred:
    """An item chosen when its turn comes (the next unanswered question)."""

    make: Any


@dataclass
class _Said:
    owner: int
    grams: set[str]
    text: str


@dataclass
class Composer:
    """Everything one run needs: the resolved request, templates, phrases and context."""

    res: Resolved
    templates: Templates
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        res = self.res
        # Each audience gets its own wording as well as its own emphasis.
        audience = "|".join(p.name for p in res.personas)
        self.bank = PhraseBank(
            self.templates,
            res.language,
            res.platform.name,
            res.style,
            f"{res.seed}:{audience}" if audience else res.seed,
        )
        self.bank.prefer = audience
        words = dict(self.bank.raw("words", {}) or {})
        self.words = words
        self.synonyms = list(self.bank.raw("synonyms", []) or [])
        self.host = dict(self.bank.raw("first_person", {}) or {}) or None
        self.pace = (
            res.pace or float(self.bank.raw("pace", 0) or 0) or DEFAULT_PACE.get(res.language, 2.5)
        )
        self.ranked: list[RankedPoint] = self._honest_points(
            rank_points(res.spec, res.personas, self.synonyms)
        )
        self.ctx: dict[str, Any] = base_context(
            res,
            self.ranked,
            words,
            dict(self.bank.raw("category_words", {}) or {}),
            str(self.bank.raw("list_sep", "、")),
            str(self.bank.raw("list_last", "和")),
        )
        self.ctx["persona_pain_question"] = self._pain_question()
        self.forbidden = list(res.spec.forbidden_claims)
        self.proofs = [self._proof(p) for p in res.spec.proof]
        self.story_parts = self._story_parts()
        self.facts = list(self.ctx["facts"])
        self.faqs = self._speakable_faqs()
        self.ctx["promise"] = self._promise()
        self.ctx["coupon_speak"] = self._coupon_speak()
        self._said: list[_Said] = []
        self._texts: set[str] = set()
        self._index: dict[str, list[int]] = {}
        self._owner = 0
        self._depth = 0
        self._skipped = 0
        self._point_no = 0
        self._promised: set[str] = set()
        self._persona_lines: dict[str, int] = {}

    # -- what the spec lets us say --------------------------------------------------------
    def _honest_points(self, ranked: list[RankedPoint]) -> list[RankedPoint]:
        """Selling points whose own words break the rules are left out, and the creator told.

        A bad title drops the point; a bad detail or demo drops only that part.
        """
        import dataclasses

        def bad(text: str) -> list[str]:
            found = honesty.absolute_terms(text)
            found += [
                f
                for f in self.res.spec.forbidden_claims
                if f.strip() and f.strip().casefold() in text.casefold()
            ]
            return list(dict.fromkeys(found))

        kept = []
        for r in ranked:
            why = bad(r.point.title)
            if why:
                self.notes.append(
                    f"selling point '{r.point.title}' left out of the script: it says "
                    f"{', '.join(repr(w) for w in why)} (absolute, medical or forbidden "
                    "wording); reword it in the spec to use it"
                )
                continue
            changes = {}
            for part in ("detail", "demo"):
                why = bad(getattr(r.point, part))
                if why:
                    changes[part] = ""
                    self.notes.append(
                        f"the {part} of selling point '{r.point.title}' left out of the "
                        f"script: it says {', '.join(repr(w) for w in why)}"
                    )
            if changes:
                r = dataclasses.replace(r, point=r.point.model_copy(update=changes))
            kept.append(r)
        return kept or ranked[:1]

    def _promise(self) -> dict[str, str] | None:
        """The main persona's pain the intro promises to answer, and the point that does."""
        from livegen.script.personas import pain_answers

        persona = self.res.personas[0] if self.res.personas else None
        if persona is None:
            return None
        featured = {r.point.title for r in self.ranked if r.featured}
        for pain, point in pain_answers(self.res.spec, persona, self.synonyms).items():
            if point.title in featured:
                return {"pain": strip_end(pain), "point": strip_end(point.title)}
        return None

    def _coupon_speak(self) -> str:
        """How the offer segment may speak of the coupon without stacking discounts.

        With a promo price, a coupon worth exactly the difference *is* the promo price (the
        price segment says so once); a coupon on a second item is its own deal; any other
        coupon beside a promo price would read as a second discount, so the host is asked
        to confirm instead of the script guessing.
        """
        spec, ctx = self.res.spec, self.ctx
        coupon = spec.offer.coupon.strip()
        if not coupon or ctx["coupon_included"]:
            return ""
        multibuy = [str(w).casefold() for w in self.bank.raw("multibuy_words", []) or []]
        if ctx["has_promo"] and not _multibuy(coupon, multibuy, spec.promo_price):
            self.notes.append(
                f"offer.coupon '{coupon}' beside promo_price {ctx['promo']} would read as a "
                "second discount, so it is not read out; the script asks the host to confirm "
                "(set promo_price to the price after the coupon, or drop one of them)"
            )
            return "confirm"
        return "claim" if ctx["coupon_claimable"] else "plain"

    def _speakable_faqs(self) -> list[dict[str, str]]:
        out = []
        skipped = []
        for q in self.res.spec.faq:
            answer = q.answer.strip()
            if is_placeholder(answer):
                skipped.append(q.question.strip())
                continue
            out.append({"question": q.question.strip(), "answer": answer})
        if skipped:
            self.notes.append(
                f"{len(skipped)} FAQ answer{'s are' if len(skipped) != 1 else ' is'} still a "
                f"placeholder, not read out: {'; '.join(skipped[:5])} (fill `faq[].answer`)"
            )
        return out

    # -- phrase and template helpers ----------------------------------------------------
    def _is_repeat(self, text: str) -> bool:
        """Exactly or nearly (bigram Jaccard) a line the script already holds."""
        if text in self._texts:
            return True
        grams = bigrams(text)
        if not grams:
            return False
        counts: dict[int, int] = {}
        for g in grams:
            for n in self._index.get(g, ()):
                counts[n] = counts.get(n, 0) + 1
        need = NEAR_DUPLICATE * len(grams)  # J >= t needs |A & B| >= t * |A|
        for n, inter in counts.items():
            if inter >= need and inter / len(grams | self._said[n].grams) >= NEAR_DUPLICATE:
                return True
        return False

    def _remember(self, line: str) -> None:
        n = len(self._said)
        said = _Said(self._owner, bigrams(line), line)
        self._said.append(said)
        self._texts.add(line)
        for g in said.grams:
            self._index.setdefault(g, []).append(n)

    def say(self, slot: str, context: dict[str, Any], **extra: Any) -> str:
        merged = {**context, **extra}
        merged["say"] = lambda s, **more: self.say(s, merged, **more)
        # Only spoken lines must be fresh; a cue may well repeat ("演示：…").
        top = self._depth == 0 and not slot.startswith(("cue.", "stage.", "host.cue"))
        self._depth += 1
        try:
            options = self.bank.variants(slot)
            if not options:
                return ""
            order = self.bank.deal(slot)
            fallback = ""
            for index in order:
                text = self.bank.render(options[index], merged, slot)
                if not top:
                    self.bank.use(slot, index)
                    return text
                line = tidy(text, self.res.language)
                if not line:
                    continue
                if not self._is_repeat(line):
                    self.bank.use(slot, index)
                    return text
                fallback = fallback or text
            if top and fallback:
                self._skipped += 1
            return ""
        finally:
            self._depth -= 1

    def _proof(self, proof: Proof) -> dict[str, Any]:
        """Proof context, with its number worded by the phrase bank ("（编号…）")."""
        ctx = proof_ctx(proof, self.res.language)
        regulators = [str(w).casefold() for w in self.bank.raw("regulation_words", []) or []]
        ctx["is_rule"] = any(w in f"{proof.name} {proof.issuer}".casefold() for w in regulators)
        if proof.number:
            fmt = str(self.words.get("proof_number", " ({{ proof.number }})"))
            ctx["number_text"] = self.bank.render(fmt, {"proof": ctx}, "words.proof_number")
            if fmt[:1].isspace():
                ctx["number_text"] = " " + ctx["number_text"]  # render() strips; keep the gap
        return ctx

    def _pain_question(self) -> str:
        persona = self.ctx.get("persona")
        if persona:
            return self.bank.render(
                str(self.bank.raw("pain_question", "{{ pain }}?")),
                {**self.ctx, "pain": persona["pain"]},
                "pain_question",
            )
        return self.bank.render(
            str(self.bank.raw("top_question", "{{ top }}?")), self.ctx, "top_question"
        )

    def title_for(self, kind: str, context: dict[str, Any]) -> str:
        titles = self.bank.raw("segment_titles", {}) or {}
        text = titles.get(kind, kind)
        return self.bank.render(str(text), context, f"segment_titles.{kind}")

    def render_item(self, item: Item) -> tuple[list[str], list[str], dict[str, Any]]:
        r = self.render(item)
        return r.lines, r.cues, {**self.ctx, **item.ctx}

    def render(self, item: Item) -> Rendered:
        """Lines, cues and stage time of one item; its lines join the script's memory."""
        context = {**self.ctx, **item.ctx}
        context["say"] = lambda s, **more: self.say(s, context, **more)
        template = "offline/teaser.j2" if item.kind == "teaser_part" else f"offline/{item.kind}.j2"
        self._owner += 1
        before = self._skipped
        text = self.templates.render(template, context)
        lines: list[str] = []
        cues: list[str] = []
        stage: list[tuple[str, float]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith(CUE) or line == CUE.strip():
                cue = tidy(line[len(CUE) :], self.res.language)
                if cue:
                    cues.append(cue)
            elif line == STAGE.strip():
                continue
            elif line.startswith(STAGE):
                seconds, _, label = line[len(STAGE) :].strip().partition(" ")
                try:
                    stage.append((tidy(label, self.res.language) or "stage", float(seconds)))
                except ValueError:
                    cues.append(tidy(line[len(STAGE) :], self.res.language))
            else:
                line = tidy(line, self.res.language)
                if line and line not in lines:
                    lines.append(line)
        lines = honesty.clean_lines(lines, self.forbidden)
        cues = honesty.clean_lines(cues, self.forbidden)
        lines = self._address(item, lines)
        kept = []
        for line in lines:
            if self._is_repeat(line):
                self._skipped += 1
                continue
            kept.append(line)
            self._remember(line)
        title_kind = "welcome" if context.get("repitch") else item.kind
        return Rendered(
            item=item,
            lines=kept,
            cues=cues,
            stage=stage,
            speech=speech_seconds(kept, self.res.language, self.pace),
            title=self.title_for(title_kind, context),
            skipped=self._skipped - before,
        )

    _ADDRESSED = frozenset(
        {
            "interaction",
            "urgency",
            "offer",
            "price",
            "objection",
            "intro",
            "knowledge",
            "story",
            "host",
            "selling_point",
            "proof",
            "recap",
        }
    )

    @property
    def _greetings(self) -> tuple[str, ...]:
        return tuple(str(g) for g in self.bank.variants("greeting")) + tuple(
            str(g).capitalize() for g in self.bank.variants("greeting")
        )

    def _address(self, item: Item, lines: list[str]) -> list[str]:
        """Speak to the chosen audience by name, as hosts do ("宝妈们，…"), on the lines
        that carry no spec wording of their own (calls, closers, bridges)."""
        persona = self.ctx.get("persona")
        forms = self.words.get("address") or []
        if not persona or not forms or item.kind not in self._ADDRESSED or not lines:
            return lines
        fixed = {item.ctx.get("faq", {}).get("answer", "")} if item.ctx.get("faq") else set()
        out = []
        for n, line in enumerate(lines):
            last = n == len(lines) - 1
            lead = n == 0 and item.kind in ("objection", "knowledge", "proof", "price")
            if (
                line in fixed
                or not (last or lead)
                or persona["name"] in line
                or line.startswith(self._greetings)
                or self.bank.rng.random() < 0.05
            ):
                out.append(line)
                continue
            form = self.bank.render(str(self.bank.rng.choice(forms)), self.ctx, "words.address")
            if self.res.language == "en":
                from livegen.templating import lower_first

                out.append(form.rstrip() + " " + lower_first(line))
            else:
                out.append(form + line)
        return out

    def _snapshot(self) -> tuple[Any, ...]:
        return (
            self.bank.snapshot(),
            len(self._said),
            self._owner,
            self._skipped,
            self._point_no,
            set(self._promised),
            dict(self._persona_lines),
        )

    def _restore(self, state: tuple[Any, ...]) -> None:
        bank, said, owner, skipped, point_no, promised, persona_lines = state
        self.bank.restore(bank)
        for gone in self._said[said:]:
            self._texts.discard(gone.text)
        self._said = self._said[:said]
        self._index = {g: [n for n in ns if n < said] for g, ns in self._index.items()}
        self._owner, self._skipped = owner, skipped
        self._point_no, self._promised = point_no, set(promised)
        self._persona_lines = dict(persona_lines)

    # -- building blocks ----------------------------------------------------------------
    def _story_parts(self) -> list[list[str]]:
        said = sentences(self.res.spec.story, self.res.language)
        if not said:
            return []
        size = 2 if len(said) <= 4 else 3
        return [said[i : i + size] for i in range(0, len(said), size)]

    def _related(self, ranked: RankedPoint) -> dict[str, Any]:
        """The spec facts and questions that belong to this point, by meaning."""
        text = f"{ranked.point.title} {ranked.point.detail}"
        facts = [
            f
            for f in self.facts
            if meaning_overlap(f"{f['key']} {f['value']}", text, self.synonyms) >= 0.3
        ]
        faqs = [q for q in self.faqs if meaning_overlap(q["question"], text, self.synonyms) >= 0.3]
        return {"related_facts": facts[:2], "related_faq": faqs[0] if faqs else None}

    def _sp_item(self, ranked: RankedPoint, *, optional: int, repeat: bool = False) -> Item:
        persona = ranked.persona
        proofs = proofs_for(ranked.point, self.res.spec.proof)
        proof = self._proof(proofs[0]) if proofs else None
        brief = not ranked.featured and not repeat
        nominal = NOMINAL["brief" if brief else "selling_point"] * (0.6 if repeat else 1.0)
        pctx = (
            persona_ctx(
                persona, self.res.language, dict(self.words.get("persona_frames", {}) or {})
            )
            if persona
            else None
        )
        return Item(
            kind="selling_point",
            nominal=nominal,
            ctx={
                "point": point_ctx(ranked.point, self.host),
                "brief": brief,
                "repeat": repeat,
                "persona": pctx,
                "pains": self._pains_for(ranked),
                "proof": proof,
                "proof_number": proof["number_text"] if proof else "",
                "promised_pain": self._promised_pain(ranked, repeat),
                **self._related(ranked),
            },
            selling_point=ranked.point.title,
            persona=persona.name if persona else None,
            optional=optional,
        )

    def _pains_for(self, ranked: RankedPoint) -> list[str]:
        """Every audience pain this point answers: its own persona's first, then the others'."""
        from livegen.script.personas import pain_answers

        pains = [strip_end(p) for p in ranked.pains]
        audience = self.res.personas or self.res.spec.personas
        if not hasattr(self, "_answers"):
            self._answers = {
                p.name: pain_answers(self.res.spec, p, self.synonyms) for p in audience
            }
        for persona in audience:
            for pain, point in self._answers[persona.name].items():
                if point is ranked.point and strip_end(pain) not in pains:
                    pains.append(strip_end(pain))
        return pains

    def _promised_pain(self, ranked: RankedPoint, repeat: bool) -> str:
        promise = self.ctx.get("promise")
        if repeat or not promise or strip_end(ranked.point.title) != promise["point"]:
            return ""
        return promise["pain"]

    def _persona_name(self) -> str | None:
        return self.res.personas[0].name if self.res.personas else None

    def _faq_item(self, index: int, optional: int) -> Item | None:
        if not self.faqs:
            return None
        return Item(
            kind="objection",
            nominal=NOMINAL["objection"],
            ctx={"faq": self.faqs[index % len(self.faqs)]},
            optional=optional,
        )

    def _next_faq(self) -> Item | None:
        """A question not answered yet: an answer is the spec's own words, said once."""
        answered = self._texts
        for faq in self.faqs:
            if faq["answer"] not in answered and faq["answer"].strip() not in answered:
                return Item(kind="objection", nominal=NOMINAL["objection"], ctx={"faq": faq})
        return None

    def _knowledge_item(self, index: int, optional: int) -> Item | None:
        if not self.facts:
            return None
        chunk = 3
        start = (index * chunk) % len(self.facts)
        facts = (self.facts + self.facts)[start : start + min(chunk, len(self.facts))]
        faq = self.faqs[index % len(self.faqs)] if self.faqs else None
        return Item(
            kind="knowledge",
            nominal=NOMINAL["knowledge"],
            ctx={"lesson_facts": facts, "faq": faq, "lesson_no": index + 1},
            optional=optional,
        )

    def _story_item(self, index: int, optional: int) -> Item | None:
        if not self.story_parts:
            return None
        part = index % len(self.story_parts)
        return Item(
            kind="story",
            nominal=NOMINAL["story"],
            ctx={
                "story_part": self.story_parts[part],
                "part_index": part,
                "part_count": len(self.story_parts),
                "retold": index >= len(self.story_parts),
            },
            optional=optional,
        )

    def _simple(self, kind: str, optional: int = 0, **ctx: Any) -> Item:
        return Item(kind=kind, nominal=NOMINAL[kind], ctx=ctx, persona=None, optional=optional)

    def first_round(self) -> list[Item]:
        """The full pitch, in an order that depends on the style."""
        style = self.res.style
        # Drop order when time is short (highest first): extra answers and minor points,
        # further story or lesson parts, proof and the first answer, then the second point
        # and the closing push and recap. The first story or lesson part stays: it is the style.
        sps = [
            self._sp_item(r, optional=(0, 1)[i] if i < 2 else (2 if r.featured else 3))
            for i, r in enumerate(self.ranked)
        ]
        hook = self._simple("hook")
        hook.persona = self._persona_name()
        intro = self._simple("intro", repitch=False)
        intro.persona = self._persona_name()
        proof = self._simple("proof", optional=2, proofs=self.proofs) if self.proofs else None
        faqs = [self._faq_item(i, optional=2 if i == 0 else 3) for i in range(len(self.faqs))]
        price = self._simple("price", first=True)
        offer = self._simple("offer") if self.ctx["has_offer"] else None
        seq: list[Item | None]
        if style == "story":
            stories = [
                self._story_item(i, optional=0 if i == 0 else 2)
                for i in range(len(self.story_parts))
            ]
            seq = [hook, stories[0] if stories else None, intro]
            for i, sp in enumerate(sps):
                seq.append(sp)
                if i + 1 < len(stories):
                    seq.append(stories[i + 1])
            seq += [proof, price, offer, *faqs]
        elif style == "knowledge":
            lessons = [
                self._knowledge_item(i, optional=0 if i == 0 else 2)
                for i in range(max(1, (len(self.facts) + 2) // 3))
            ]
            seq = [hook, intro, lessons[0] if lessons else None]
            for i, sp in enumerate(sps):
                seq.append(sp)
                if i % 2 == 1 and (i // 2 + 1) < len(lessons):
                    seq.append(lessons[i // 2 + 1])
            seq += [proof, *faqs, price, offer]
        else:  # promo: price comes early and the cart is pushed often
            seq = [hook, intro, *sps[:2], price, offer, *sps[2:], proof, *faqs]
        return [i for i in seq if i is not None]

    def repitch(self, round_no: int) -> list[Item | _Deferred]:
        """A shorter, freshly worded re-pitch for viewers who arrived after the first one."""
        featured = [r for r in self.ranked if r.featured] or self.ranked
        a = featured[(2 * round_no - 2) % len(featured)]
        b = featured[(2 * round_no - 1) % len(featured)]
        welcome = self._simple("intro", repitch=True, round_no=round_no)
        welcome.persona = self._persona_name()
        items: list[Item | _Deferred | None] = [welcome, self._sp_item(a, optional=0, repeat=True)]
        if self.res.style == "story":
            items.append(self._story_item(round_no, optional=0))
        elif self.res.style == "knowledge":
            items.append(self._knowledge_item(round_no, optional=0))
        if b is not a:
            items.append(self._sp_item(b, optional=0, repeat=True))
        if round_no % 2 == 1 and self.proofs:
            items.append(self._simple("proof", proofs=self.proofs, repeat=True))
        items.append(_Deferred(self._next_faq))
        items += [
            self._simple("price", first=False),
            self._simple("offer", repeat=True) if self.ctx["has_offer"] else None,
            self._simple("urgency", repeat=True),
        ]
        return [i for i in items if i is not None]

    def closing(self) -> list[Item]:
        return [
            self._simple("urgency", optional=1),
            self._simple("recap", optional=1),
            self._simple("preview"),
        ]

    def interaction_kinds(self) -> list[str]:
        kinds = ["question", "poll"] if len(self.ranked) > 1 else ["question"]
        if self.res.spec.offer.giveaway.strip():
            kinds.append("giveaway")
        kinds += ["likes", "question"]
        return kinds

    def interaction(self, k: int) -> Item:
        kinds = self.interaction_kinds()
        kind = kinds[(k - 1) % len(kinds)]
        names = self.bank.raw("interaction_names", {}) or {}
        points = [strip_end(r.point.title) for r in self.ranked]
        pair = (k // len(kinds)) % max(1, len(points) - 1)
        return Item(
            kind="interaction",
            nominal=interaction_length(self.res.platform.interaction_every),
            ctx={
                "interaction": kind,
                "interaction_name": names.get(kind, kind),
                "poll_a": points[pair % len(points)],
                "poll_b": points[(pair + 1) % len(points)],
            },
        )

    def host_slot(self, seconds: float, k: int) -> Item:
        return Item(kind="host", ctx={"seconds": round(seconds), "host_no": k})

    # -- the clock --------------------------------------------------------------------
    def _fit_first(self, first: list[Item], closing: list[Item], budget: float) -> list[Item]:
        """Drop optional items (the drop order of `first_round`) until the pitch fits."""
        state = self._snapshot()
        items = first + closing
        lengths = {}
        for item in items:
            self._number(item)
            lengths[id(item)] = self.render(item).length
        self._restore(state)
        kept = list(items)
        for index in drop_order(items):
            if sum(lengths[id(i)] for i in kept) <= budget:
                break
            kept.remove(items[index])
        return kept

    def run_of_show(self) -> list[ScriptSegment]:
        res = self.res
        duration, every = res.duration, res.platform.interaction_every
        first_items, closing_items = self.first_round(), self.closing()
        est_prompts = (duration // every) * interaction_length(every) if every > 0 else 0.0
        kept = self._fit_first(first_items, closing_items, max(0.0, duration - est_prompts))
        first = [i for i in kept if not any(i is c for c in closing_items)]
        closing = [i for i in kept if any(i is c for c in closing_items)]

        placed: list[Rendered] = []
        clock = 0.0
        next_prompt = every if every > 0 else float("inf")
        prompt_no = 0
        closing_reserve = sum(NOMINAL[i.kind] for i in closing) * 1.3

        def push(r: Rendered) -> None:
            nonlocal clock, next_prompt, prompt_no
            placed.append(r)
            clock += r.length
            if clock >= next_prompt and clock + closing_reserve + 30 < duration:
                prompt_no += 1
                p = self.render(self.interaction(prompt_no))
                placed.append(p)
                clock += p.length
                # Keep to the grid, but never two prompts back to back after a long item.
                next_prompt = max(next_prompt + every, clock + 0.6 * every)

        for item in first:
            self._number(item)
            push(self.render(item))
        pitch_speech = sum(r.speech for r in placed)
        # The close is worded now, so the re-pitches cannot use up its lines; it is placed
        # at the end.
        closing_r = [
            r for r in (self.render(i) for i in closing) if r.lines or r.item.kind == "preview"
        ]
        closing_reserve = sum(r.length for r in closing_r)

        exhausted = False
        round_no = 1
        while clock + closing_reserve + 45 < duration and round_no <= 60:
            state = self._snapshot()
            batch: list[Rendered] = []
            for entry in self.repitch(round_no):
                made = entry.make() if isinstance(entry, _Deferred) else entry
                if made is None:
                    continue
                r = self.render(made)
                if clock + sum(b.length for b in batch) + r.length + closing_reserve > duration:
                    break
                batch.append(r)
            # An item with nothing fresh left to say is left out; a round with too little
            # fresh speech means the spec is told, and the rest goes to the host.
            batch = [b for b in batch if b.lines and b.speech >= 2.0]
            spoken = sum(b.speech for b in batch)
            if (
                not batch
                or spoken < min(40.0, 0.1 * pitch_speech)
                or not any(b.item.kind == "selling_point" for b in batch)
            ):
                self._restore(state)
                exhausted = True
                break
            for b in batch:
                push(b)
            round_no += 1

        gap = duration - clock - sum(r.length for r in closing_r)
        host_no = 0
        self.duration = duration
        if exhausted and res.fill == "shorten" and gap >= max(60.0, 0.1 * duration):
            # Told in full: end the stream when the spec runs out rather than pad it.
            self.duration = round(clock + sum(r.length for r in closing_r) + 0.05, 1)
            self._shortened_note(duration, self.duration)
            gap = 0.0
        while gap >= 20:
            # Left to the host, clearly marked: answering chat, re-demoing on request.
            chunk = min(gap, max(45.0, 0.5 * every if every > 0 else gap))
            host_no += 1
            slot = self.render(self.host_slot(chunk, host_no))
            slot.host_prompt = True
            slot.stage.append((self._host_label(chunk), max(0.0, chunk - slot.speech)))
            push(slot)
            gap = duration - clock - sum(r.length for r in closing_r)
        if gap > 0 and placed:
            label = str(self.words.get("pause_label", "pause for the chat"))
            placed[-1].stage.append((label, gap))
            clock += gap
        placed += closing_r
        if exhausted or host_no:
            self._thin_note(sum(r.length for r in placed if r.host_prompt))
        return self._segments(placed)

    def _shortened_note(self, asked: float, told: float) -> None:
        self.notes.append(
            f"the spec holds about {told / 60:.0f} of the {asked / 60:.0f} minutes asked for "
            f"without repeating itself, so the script ends at {told / 60:.1f} min (--fill host "
            f"keeps {asked / 60:.0f} min with the rest marked for the host; more in "
            f"{', '.join(self._thin_fields())} would fill it)"
        )

    def _host_label(self, seconds: float) -> str:
        fmt = str(self.words.get("host_label", "HOST: about {seconds} s in your own words"))
        return fmt.format(seconds=round(seconds))

    def _thin_note(self, host_seconds: float) -> None:
        if host_seconds < max(60.0, 0.1 * self.res.duration):
            return
        fields = self._thin_fields()
        minutes = host_seconds / 60
        self.notes.append(
            f"the spec holds enough for about {(self.res.duration - host_seconds) / 60:.0f} of "
            f"{self.res.duration / 60:.0f} minutes without repeating itself; "
            f"{minutes:.0f} min are left to the host as marked prompts "
            f"(more in {', '.join(fields)} would fill them)"
        )

    def _thin_fields(self) -> list[str]:
        """The spec fields that would give the composer more to say."""
        spec = self.res.spec
        fields = []
        if not any(sp.detail.strip() for sp in spec.selling_points) or len(spec.selling_points) < 3:
            fields.append("selling_points (with detail and demo)")
        elif not all(sp.demo.strip() for sp in spec.selling_points):
            fields.append("selling_points[].demo")
        if len(self.faqs) < 4:
            fields.append("faq")
        if not spec.proof:
            fields.append("proof")
        if not any(p.pains for p in spec.personas):
            fields.append("personas (with pains)")
        if len(spec.specs) < 4:
            fields.append("specs")
        if not spec.story.strip():
            fields.append("story")
        return fields or ["selling_points", "faq", "specs"]

    def _number(self, item: Item) -> None:
        """Continuous numbering of the first pitch's full selling-point segments."""
        if (
            item.kind == "selling_point"
            and not item.ctx.get("brief")
            and not item.ctx.get("repeat")
        ):
            self._point_no += 1
            item.ctx["loop_index"] = self._point_no
        elif item.kind == "selling_point":
            item.ctx["loop_index"] = 0

    def _segments(self, placed: list[Rendered]) -> list[ScriptSegment]:
        times = place([r.length for r in placed], self.duration)
        segments = []
        for r, (start, end) in zip(placed, times, strict=True):
            # A host slot is its stage instruction; it needs no scripted line of its own.
            lines = r.lines or ([] if r.host_prompt else [self._filler_line(r)])
            segments.append(
                ScriptSegment(
                    start=start,
                    end=end,
                    kind=r.item.kind,  # type: ignore[arg-type]
                    title=r.title,
                    lines=lines,
                    cues=r.cues,
                    selling_point=r.item.selling_point,
                    persona=r.item.persona,
                    speech_seconds=round(r.speech, 1),
                    stage=[StageTime(label=label, seconds=round(s, 1)) for label, s in r.stage],
                    host_prompt=r.host_prompt,
                )
            )
        return segments

    def _filler_line(self, r: Rendered) -> str:
        text = str(self.words.get("bridge_line", "OK."))
        return tidy(self.bank.render(text, self.ctx, "words.bridge_line"), self.res.language)

    def teaser(self, seconds: int) -> list[ScriptSegment]:
        """A 15/30/60-second short video that sends viewers to the live stream."""
        hook_end = {15: 3.0, 30: 4.0, 60: 5.0}[seconds]
        close = {15: 3.0, 30: 5.0, 60: 8.0}[seconds]
        count = {15: 1, 30: 2, 60: 3}[seconds]
        points = [point_ctx(r.point, self.host) for r in self.ranked[:count]]
        titles = self.bank.raw("teaser_titles", {}) or {}
        parts = [
            ("hook", "hook", 0.0, hook_end),
            ("teaser", "point", hook_end, seconds - close),
            ("preview", "close", seconds - close, float(seconds)),
        ]
        segments = []
        for kind, part, start, end in parts:
            item = Item(
                kind="teaser_part",
                nominal=end - start,
                ctx={"part": part, "teaser_points": points, "with_offer": seconds >= 30},
            )
            r = self.render(item)
            key = "body" if part == "point" else part
            segments.append(
                ScriptSegment(
                    start=start,
                    end=end,
                    kind=kind,  # type: ignore[arg-type]
                    title=str(titles.get(key, key)),
                    lines=r.lines or [self._filler_line(r)],
                    cues=r.cues,
                    selling_point=self.ranked[0].point.title if part == "point" else None,
                    persona=self._persona_name(),
                    speech_seconds=round(r.speech, 1),
                )
            )
        return segments


def _multibuy(coupon: str, words: list[str], live_price: float | None) -> bool:
    """Whether a coupon is a deal on buying more, not a second discount on one item.

    "满2件减10" or "buy 2" is; "满299元可用" / "spend $50" is not when the live price
    alone reaches the threshold, because then one item gets both discounts.
    """
    low = coupon.casefold()
    spend = re.search(r"(?:满|spend\s*(?:over\s*)?[$¥￥€£]?)\s*(\d+(?:\.\d+)?)\s*(?:元|块)?", low)
    per_item = spend is not None and re.search(
        r"件|个|items?|pcs", low[spend.end() : spend.end() + 6]
    )
    if spend and live_price is not None and not per_item and float(spend.group(1)) <= live_price:
        return False
    return any(w in low for w in words)
