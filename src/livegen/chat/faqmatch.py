"""Chat questions matched to FAQ entries by what they ask, not by the words they share.

"哺乳期能用吗" and "孕妇可以用吗？" share most of their characters and mean different
things; "宝宝能用吗" and "儿童可以用吗？" share none and mean the same. Word similarity
gets both wrong, so each text is read for its key concepts in two slots, from concept
groups kept as data (`templates/chat/faq_concepts.yaml`, zh and en):

- who the question is about (孕妇, 哺乳期, 儿童, 老人, 敏感肌, 男士, ...);
- what it asks about (发货, 保质期, 尺码, 成分, 售后, 价格, 赠品, ...).

A question matches an entry only when the concepts agree (`agree`): the same people, or
an entry that covers the question's people; and a shared subject, where a question about
people with no subject ("孕妇能用吗") asks whether the product suits them. Among the
entries that agree, the most similar wording wins. When neither side names a concept,
wording similarity alone decides, at the caller's threshold. A question no entry agrees
with stays unanswered, which is what the creator needs to see.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from livegen.errors import InputError
from livegen.resources import data_path
from livegen.text import has_cjk, match_key

SUITABLE = "suitable"  # the implied subject of a question about people alone


@dataclass(frozen=True)
class Concepts:
    who: frozenset[str]
    what: frozenset[str]
    suitability: frozenset[str] = frozenset()  # subjects that still ask "does it suit"

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
    """Finds the concepts a text names: the longest term at each position wins."""

    def __init__(
        self,
        groups: dict[str, dict[str, Sequence[str]]],
        *,
        covers: dict[str, Sequence[str]] | None = None,
        suitability: Sequence[str] = (),
    ) -> None:
        self._covers = {k: frozenset(v) for k, v in (covers or {}).items()}
        self._suitability = frozenset(suitability)
        self._owners: dict[str, set[tuple[str, str]]] = {}
        for slot, concepts in groups.items():
            for concept, terms in concepts.items():
                for term in terms:
                    key = match_key(str(term)).lower()
                    if key:
                        self._owners.setdefault(key, set()).add((slot, concept))
        parts = []
        for term in sorted(self._owners, key=len, reverse=True):
            if has_cjk(term):
                parts.append(re.escape(term))
            else:
                parts.append(r"(?<![a-z0-9])" + re.escape(term) + r"(?![a-z0-9])")
        self._pattern = re.compile("|".join(parts)) if parts else None

    def read(self, text: str) -> Concepts:
        who: set[str] = set()
        what: set[str] = set()
        if self._pattern is not None:
            for m in self._pattern.finditer(match_key(text).lower()):
                for slot, concept in self._owners[m.group(0)]:
                    (who if slot == "who" else what).add(concept)
        implied = {c for w in who for c in self._covers.get(w, ())}
        return Concepts(frozenset(who - implied), frozenset(what), self._suitability)


def agree(question: Concepts, entry: Concepts) -> bool | None:
    """True when the entry answers what the question asks, False when it does not, None
    when neither names a concept (then only wording can tell)."""
    if question.empty and entry.empty:
        return None
    if question.who != entry.who and not (question.who and question.who <= entry.who):
        return False
    return bool(question.subjects() & entry.subjects())


def _score(question: Concepts, entry: Concepts) -> float:
    """How closely the concepts agree (Jaccard over both slots), for ranking only."""
    q = {("who", c) for c in question.who} | {("what", c) for c in question.subjects()}
    e = {("who", c) for c in entry.who} | {("what", c) for c in entry.subjects()}
    return len(q & e) / len(q | e) if q | e else 0.0


@dataclass(frozen=True)
class Match:
    index: int | None  # the FAQ entry, or None when none answers
    similarity: float  # the best wording similarity seen (reported either way)
    by_concept: bool = False


def best_entry(
    wordings: Sequence[str],
    entries: Sequence[str],
    similarity: Sequence[Sequence[float]],
    threshold: float,
    reader: ConceptReader | None = None,
) -> Match:
    """The entry that answers the question asked in `wordings` (most central first).

    `similarity[i][j]` is the wording similarity of wording i and entry j. Only wordings
    that ask what the first one asks take part, so a group that mixed 孕妇 and 哺乳期
    wordings is answered for the question it is named after.
    """
    if not entries or not wordings:
        return Match(None, 0.0)
    reader = reader or concept_reader()
    asked = [reader.read(w) for w in wordings]
    read = [reader.read(e) for e in entries]
    lead = asked[0]
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
            elif fallback is None or sim > fallback[0]:
                fallback = (sim, j)
    if best is not None:
        return Match(-best[2], round(best[1], 3), by_concept=True)
    if fallback is not None and fallback[0] >= threshold:
        return Match(fallback[1], round(fallback[0], 3))
    return Match(None, round(top_sim, 3))


@functools.cache
def concept_reader(path: str | None = None) -> ConceptReader:
    p = Path(path) if path else data_path("chat", "faq_concepts.yaml")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{p}: cannot read chat data file ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{p}: expected a mapping with `who` and `what`")
    groups: dict[str, dict[str, Sequence[str]]] = {}
    for slot in ("who", "what"):
        body = data.get(slot) or {}
        if not isinstance(body, dict):
            raise InputError(f"{p}: `{slot}` must map concept names to terms")
        groups[slot] = {}
        for concept, terms in body.items():
            langs = terms if isinstance(terms, dict) else {"any": terms}
            groups[slot][str(concept)] = [str(t) for ts in langs.values() for t in ts or []]
    covers = data.get("covers") or {}
    suitability = data.get("suitability") or []
    if not isinstance(covers, dict) or not isinstance(suitability, list):
        raise InputError(f"{p}: `covers` must be a mapping and `suitability` a list")
    return ConceptReader(
        groups,
        covers={str(k): [str(x) for x in v or []] for k, v in covers.items()},
        suitability=[str(x) for x in suitability],
    )


def compatible(a: Concepts, b: Concepts) -> bool:
    """Two wordings that may be one question: no concept of one contradicts the other."""
    if a.empty or b.empty:
        return True
    return a.who == b.who and bool(a.subjects() & b.subjects())


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
