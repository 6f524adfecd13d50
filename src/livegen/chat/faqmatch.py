"""Chat questions matched to FAQ entries by what they ask, not by the words they share.

"哺乳期能用吗" and "孕妇可以用吗？" share most of their characters and mean different
things; "宝宝能用吗" and "儿童可以用吗？" share none and mean the same. Word similarity
gets both wrong, so each text is read for its concepts, from groups kept as data
(`templates/chat/faq_concepts.yaml`, zh and en):

- who the question is about (孕妇, 哺乳期, 儿童, 老人, 敏感肌, 男士, ...);
- what it asks about, one facet each (shipping time, shipping fee, return window,
  battery life, charging time, ...);
- the kind of answer it wants (a time, a cost, a place), which composes with a broad
  subject into its facet: "发货" + "多久" is shipping time.

A question matches an entry only when the concepts agree (`agree`): the same people, or
an entry that covers the question's people; and a shared facet (or a facet and its broad
subject), where a question about people with no subject ("孕妇能用吗") asks whether the
product suits them. Among the entries that agree, the closest concepts and then the most
similar wording win. When one side names no concept the data knows, wording similarity
alone decides, at the caller's threshold. A question no entry agrees with stays
unanswered, which is what the creator needs to see.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from livegen.chat.lexicon import read_chat_data
from livegen.errors import InputError
from livegen.resources import data_path
from livegen.text import has_cjk, match_key

SUITABLE = "suitable"  # the implied subject of a question about people alone


@dataclass(frozen=True)
class Concepts:
    who: frozenset[str]
    what: frozenset[str]
    suitability: frozenset[str] = frozenset()  # subjects that still ask "does it suit"
    parents: tuple[tuple[str, str], ...] = ()  # (child, parent): a subject and its hypernym
    person_bound: frozenset[str] = frozenset()  # subjects whose answer depends on the person

    def without(self, subjects: frozenset[str]) -> Concepts:
        """The same reading without `subjects` (and without the implied suitability)."""
        return Concepts(frozenset(), self.what - subjects, frozenset(), self.parents)

    @property
    def empty(self) -> bool:
        return not self.who and not self.what

    def subjects(self) -> frozenset[str]:
        if not self.who:
            return self.what
        if self.what <= self.suitability:
            return self.what | {SUITABLE}
        return self.what


class ConceptReader:
    """Finds the concepts a text names: the longest term at each position wins.

    Besides `who` and `what`, a third slot `ask` holds what kind of answer is wanted
    (a time, a cost, a place); `compose` turns a broad subject and an ask into the
    facet it means ("ship" + "how long" is shipping time, "ship" + "where" is the
    shipping area), so "how long to ship" and "ship to TX?" are told apart without
    listing every phrasing. `parents` names each facet's broad subject (its hypernym):
    a question on the broad subject ("能发吗") is answered by an entry on one of its
    facets, and the other way round, but two different facets never answer each other.
    """

    def __init__(
        self,
        groups: dict[str, dict[str, Sequence[str]]],
        *,
        covers: dict[str, Sequence[str]] | None = None,
        suitability: Sequence[str] = (),
        parents: dict[str, str] | None = None,
        compose: dict[str, dict[str, str]] | None = None,
        already: dict[str, Sequence[str]] | None = None,
        person_bound: Sequence[str] = (),
    ) -> None:
        self._person_bound = frozenset(person_bound)
        self._already = {k: frozenset(v) for k, v in (already or {}).items()}
        self._covers = {k: frozenset(v) for k, v in (covers or {}).items()}
        self._suitability = frozenset(suitability)
        self._parents = tuple(sorted((parents or {}).items()))
        self._compose = {k: dict(v) for k, v in (compose or {}).items()}
        self._owners: dict[str, set[tuple[str, str]]] = {}
        for slot, concepts in groups.items():
            for concept, terms in concepts.items():
                for term in terms:
                    raw = str(term)
                    key = raw if raw.startswith("re:") else match_key(raw).lower()
                    if key:
                        self._owners.setdefault(key, set()).add((slot, concept))
        # `re:` terms are patterns (an age: "8个月", "6 yo"); they add their concepts
        # wherever they match, beside the plain terms.
        self._patterns = [
            (re.compile(term[3:]), owners)
            for term, owners in self._owners.items()
            if term.startswith("re:")
        ]
        for term in [t for t in self._owners if t.startswith("re:")]:
            del self._owners[term]
        parts = []
        for term in sorted(self._owners, key=len, reverse=True):
            if has_cjk(term):
                parts.append(re.escape(term))
            else:
                parts.append(r"(?<![a-z0-9])" + re.escape(term) + r"(?![a-z0-9])")
        self._pattern = re.compile("|".join(parts)) if parts else None

    def read(self, text: str) -> Concepts:
        found: dict[str, set[str]] = {"who": set(), "what": set(), "ask": set()}
        key = match_key(text).lower()
        if self._pattern is not None:
            for m in self._pattern.finditer(key):
                for slot, concept in self._owners[m.group(0)]:
                    found.setdefault(slot, set()).add(concept)
        for pattern, owners in self._patterns:
            if pattern.search(key):
                for slot, concept in owners:
                    found.setdefault(slot, set()).add(concept)
        who, what, ask = found["who"], found["what"], found["ask"]
        parent_of = dict(self._parents)
        composed = set()
        for named in list(what):
            # A facet of a broad subject composes too: "ship to TX, how long?" asks the
            # shipping time as well as the area.
            broad = parent_of.get(named, named)
            for aspect in sorted(ask - self._already.get(named, frozenset())):
                facet = self._compose.get(broad, {}).get(aspect)
                if facet:
                    composed.add(facet)
                    if named == broad:
                        what.discard(broad)
        what |= composed
        # A broad subject named beside one of its own facets adds nothing.
        what -= {parent_of[c] for c in what if c in parent_of}
        implied = {c for w in who for c in self._covers.get(w, ())}
        return Concepts(
            frozenset(who - implied),
            frozenset(what),
            self._suitability,
            self._parents,
            self._person_bound,
        )


def _related(a: str, b: str, parents: dict[str, str]) -> float:
    """1 for the same subject, 0.5 for a subject and its own facet, else 0."""
    if a == b:
        return 1.0
    if parents.get(a) == b or parents.get(b) == a:
        return 0.5
    return 0.0


def _overlap(question: Concepts, entry: Concepts) -> float:
    parents = dict(question.parents or entry.parents)
    q, e = question.subjects(), entry.subjects()
    return sum(max((_related(a, b, parents) for b in e), default=0.0) for a in q)


def agree(question: Concepts, entry: Concepts) -> bool | None:
    """True when the entry answers what the question asks, False when it does not, None
    when neither names a concept (then only wording can tell)."""
    if question.empty or entry.empty:
        return None  # one side says nothing the concept data can read: wording decides
    if not question.who and entry.who:
        # An entry about people answers a question naming none only on a subject that does
        # not depend on the person: "八个月能喝吗" takes "几个月的宝宝可以喝？", but
        # "会过敏吗" never takes "孕妇用安全吗？".
        bound = question.person_bound | {SUITABLE}
        unbound = Concepts(question.who, question.what - bound, question.suitability)
        return _overlap(unbound, entry.without(bound)) > 0
    if question.who and not entry.who:
        # The people named do not change an answer on a subject that is not person-bound:
        # "孕妇什么时候发货" is answered by "什么时候发货？", "孕妇会过敏吗" is not by
        # "过敏了怎么办？".
        bound = question.person_bound | {SUITABLE}
        free = Concepts(frozenset(), question.what - bound, frozenset(), question.parents)
        return _overlap(free, entry.without(bound)) > 0
    if question.who != entry.who and not (question.who and question.who <= entry.who):
        return False
    return _overlap(question, entry) > 0


def _score(question: Concepts, entry: Concepts) -> float:
    """How closely the concepts agree (a Jaccard over both slots where a subject and its
    own facet count half), for ranking only."""
    who_q, who_e = question.who, entry.who
    shared = len(who_q & who_e) + _overlap(question, entry)
    union = len(who_q | who_e) + len(question.subjects() | entry.subjects())
    return shared / union if union else 0.0


@dataclass(frozen=True)
class Match:
    index: int | None  # the FAQ entry, or None when none answers
    similarity: float  # the best wording similarity seen (reported either way)
    by_concept: bool = False
    by_words: bool = False  # answered by the content-word fallback (`livegen.chat.faqwords`)


def _other_people(question: Concepts, answer: Concepts) -> bool:
    """An answer about other people than the question's: "哺乳期能用吗" is not answered
    by an entry whose answer speaks of 孕妇 alone, whatever words they share."""
    return bool(question.who and answer.who and not question.who <= answer.who)


def best_entry(
    wordings: Sequence[str],
    entries: Sequence[str],
    similarity: Sequence[Sequence[float]],
    threshold: float,
    reader: ConceptReader | None = None,
    answers: Sequence[str] | None = None,
) -> Match:
    """The entry that answers the question asked in `wordings` (most central first).

    `similarity[i][j]` is the wording similarity of wording i and entry j. Only wordings
    that ask what the first one asks take part, so a group that mixed 孕妇 and 哺乳期
    wordings is answered for the question it is named after. When no entry agrees by
    concept, the content words the question shares with an entry's question and answer
    decide (`livegen.chat.faqwords`), among the entries whose concepts do not contradict
    it; the plain wording similarity at `threshold` comes last.
    """
    if not entries or not wordings:
        return Match(None, 0.0)
    reader = reader or concept_reader()
    asked = [reader.read(w) for w in wordings]
    read = [reader.read(e) for e in entries]
    lead = asked[0]
    open_: list[int] = []  # entries no concept rules in or out for the lead wording
    best: tuple[float, float, int] | None = None
    fallback: tuple[float, int] | None = None
    top_sim = 0.0
    for i, concepts in enumerate(asked):
        if concepts != lead:
            continue
        for j, entry in enumerate(read):
            sim = float(similarity[i][j])
            verdict = agree(concepts, entry)
            if verdict is False:
                continue
            top_sim = max(top_sim, sim)
            if verdict:
                key = (_score(concepts, entry), sim, -j)
                if best is None or key > best:
                    best = key
            else:
                if i == 0:
                    open_.append(j)
                if fallback is None or sim > fallback[0]:
                    fallback = (sim, j)
    if best is not None:
        return Match(-best[2], round(best[1], 3), by_concept=True)
    found = words = None
    lead_wordings = [w for w, c in zip(wordings, asked, strict=True) if c == lead]
    if answers is not None and open_:
        from livegen.chat.faqwords import faq_words

        words = faq_words(tuple(entries), tuple(answers))
        said = [reader.read(a) for a in answers]
        candidates = [j for j in open_ if not _other_people(lead, said[j])]
        found = words.best(lead_wordings, candidates)
        if found.index is not None:
            sim = max(float(similarity[i][found.index]) for i in range(len(wordings)))
            return Match(found.index, round(sim, 3), by_words=True)
    if fallback is not None and fallback[0] >= threshold:
        # The plain similarity (which counts every shared n-gram) may still answer, but
        # only with the entry the content words rank first by a margin, and one whose own
        # question shares such a word: shared filler alone never answers.
        if (
            found is not None
            and words is not None
            and not (
                found.clear
                and found.top == fallback[1]
                and words.shares_words(lead_wordings, fallback[1])
            )
        ):
            return Match(None, round(top_sim, 3))
        return Match(fallback[1], round(fallback[0], 3))
    return Match(None, round(top_sim, 3))


@functools.cache
def concept_reader(path: str | None = None) -> ConceptReader:
    p = Path(path) if path else data_path("chat", "faq_concepts.yaml")
    data = read_chat_data(p, "a mapping with `who` and `what`")
    groups: dict[str, dict[str, Sequence[str]]] = {}
    for slot in ("who", "what", "ask", "ignore"):
        body = data.get(slot) or {}
        if not isinstance(body, dict):
            raise InputError(f"{p}: `{slot}` must map concept names to terms")
        groups[slot] = {}
        for concept, terms in body.items():
            langs = terms if isinstance(terms, dict) else {"any": terms}
            groups[slot][str(concept)] = [str(t) for ts in langs.values() for t in ts or []]
    patterns = data.get("patterns") or {}
    if not isinstance(patterns, dict):
        raise InputError(f"{p}: `patterns` must map slots to concepts to expressions")
    for slot, body in patterns.items():
        for concept, exprs in (body or {}).items():
            for expr in exprs or []:
                try:
                    re.compile(str(expr))
                except re.error as exc:
                    raise InputError(f"{p}: patterns.{slot}.{concept}: {exc}") from None
                groups.setdefault(str(slot), {}).setdefault(str(concept), [])
                groups[str(slot)][str(concept)] = [*groups[str(slot)][str(concept)], "re:" + expr]
    covers = data.get("covers") or {}
    suitability = data.get("suitability") or []
    parents = data.get("parents") or {}
    compose = data.get("compose") or {}
    already = data.get("already") or {}
    if not isinstance(covers, dict) or not isinstance(suitability, list):
        raise InputError(f"{p}: `covers` must be a mapping and `suitability` a list")
    if not all(isinstance(x, dict) for x in (parents, compose, already)):
        raise InputError(f"{p}: `parents`, `compose` and `already` must be mappings")
    return ConceptReader(
        groups,
        covers={str(k): [str(x) for x in v or []] for k, v in covers.items()},
        suitability=[str(x) for x in suitability],
        parents={str(k): str(v) for k, v in parents.items()},
        compose={
            str(k): {str(a): str(f) for a, f in (v or {}).items()} for k, v in compose.items()
        },
        already={str(k): [str(x) for x in v or []] for k, v in already.items()},
        person_bound=[str(x) for x in data.get("person_bound") or []],
    )


def compatible(a: Concepts, b: Concepts) -> bool:
    """Two wordings that may be one question: no concept of one contradicts the other."""
    if a.empty or b.empty:
        return True
    if a.who != b.who:
        return False
    if _overlap(a, b) > 0:
        return True
    # Facets of one subject are one topic for grouping ("is shipping free" beside "how long
    # does shipping take"), though an FAQ entry on one never answers the other.
    parents = dict(a.parents or b.parents)
    return bool({parents.get(c, c) for c in a.what} & {parents.get(c, c) for c in b.what})


def split_by_concepts(
    clusters: Sequence[Sequence[int]],
    wordings: Sequence[str],
    weights: Sequence[float],
    reader: ConceptReader | None = None,
) -> list[list[int]]:
    """Clusters cut where their wordings ask different things.

    Wording similarity groups "哺乳期能用吗" with "宝宝能用吗" (both are mostly "能用吗");
    each cluster is split into buckets whose concepts agree, heaviest wording first;
    wordings naming no concept stay with the heaviest bucket.
    """
    reader = reader or concept_reader()
    out: list[list[int]] = []
    for members in clusters:
        order = sorted(members, key=lambda i: -weights[i])
        buckets: list[tuple[Concepts, list[int]]] = []
        plain: list[int] = []
        for i in order:
            concepts = reader.read(wordings[i])
            if concepts.empty:
                plain.append(i)
                continue
            for lead, bucket in buckets:
                if compatible(lead, concepts):
                    bucket.append(i)
                    break
            else:
                buckets.append((concepts, [i]))
        if not buckets:
            out.append(list(members))
            continue
        buckets[0][1].extend(plain)
        out.extend(sorted(b, key=list(members).index) for _, b in buckets)
    return out
