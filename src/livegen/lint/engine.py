"""Scanning text units with a compiled rule set, then applying the context filters.

Each line is first normalised by `livegen.text.normalize` (Traditional → Simplified,
full-width → half-width, lower case, `最*好`-style inserted symbols dropped, runs of one
character collapsed); rules match that form and every finding quotes and points at the
original characters through `Normalized.span`.

The filters, in order: a rule's own `unless` exceptions ("第一次" is not a ranking), a
negation just before the phrase ("不能祛痘"), inline allow comments, and the product
spec (proof that backs a claim, the real list price behind "原价999"), and a source named
in the line for rules that a source can back ("据店铺后台数据，本月卖得最多"), which drops
the finding to info citing that source. How the words around a match are read — a
superlative's role, a claim quoted and disowned, a reference price's basis, a record — is
`livegen.lint.readings`, once per language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from livegen.lint.readings import Readings
from livegen.lint.ruleset import Rule, RuleSet
from livegen.lint.variants import REGIONAL_WORDS
from livegen.schemas.findings import Finding
from livegen.schemas.spec import ProductSpec
from livegen.text import Normalized, make_lexicon, normalize, normalize_many

# `<!-- livegen: allow ID -->`, `# livegen: allow ID`, `livegen-allow: ID` (ids separated by
# commas or spaces; `prefix.*` and `*` allowed).
_ALLOW_RE = re.compile(
    r"<!--\s*livegen:\s*allow\s+(?P<a>[\w.*,\s-]+?)\s*-->"
    r"|#\s*livegen:\s*allow\s+(?P<b>[\w.*, \t-]+)"
    r"|livegen-allow:\s*(?P<c>[\w.*, \t-]+)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[，。,.;；!！?？:：\n]")
_NEGATION_WINDOW = 30
# Taiwan wording to mainland wording too (軟體 → 软件), since rules are written in mainland
# Simplified, and Hong Kong / Taiwan words OpenCC keeps (冇, 最平) through a lexicon;
# repeats collapse so "最最最好" reads "最好".
NORMALIZE: dict[str, Any] = {
    "collapse_repeats": True,
    "variant": "auto",
    "lexicon": make_lexicon(REGIONAL_WORDS),
}


@dataclass
class Unit:
    """One piece of text to check and where it came from."""

    text: str
    line: int | None = None
    column_base: int | None = None  # column of text[0] in the file line, when meaningful
    segment: int | None = None
    where: str | None = None
    start: float | None = None
    end: float | None = None
    index: int | None = None
    allow: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Backing:
    label: str
    claims: tuple[str, ...]
    mentions: tuple[str, ...]


def strip_allow_comments(text: str) -> tuple[str, set[str]]:
    """Blank out allow comments (keeping columns) and return the rule ids they allow."""
    if "livegen" not in text.lower():
        return text, set()
    ids: set[str] = set()

    def _blank(m: re.Match[str]) -> str:
        raw = m.group("a") or m.group("b") or m.group("c") or ""
        ids.update(p for p in re.split(r"[\s,]+", raw.strip()) if p)
        return " " * len(m.group(0))

    return _ALLOW_RE.sub(_blank, text), ids


def _allowed(rule_id: str, allow: Iterable[str]) -> bool:
    for a in allow:
        if a in ("*", "all", rule_id) or (a.endswith("*") and rule_id.startswith(a[:-1])):
            return True
    return False


def spec_backings(spec: ProductSpec | None) -> list[Backing]:
    if spec is None:
        return []
    out = []
    for proof in spec.proof:
        label = " ".join(p for p in (proof.name, proof.number) if p)
        mentions = tuple(
            normalize(m).text for m in (proof.name, proof.number) if len(m.strip()) >= 2
        )
        out.append(
            Backing(
                label=label,
                claims=tuple(normalize(c).text for c in proof.claims if c.strip()),
                mentions=mentions,
            )
        )
    return out


def _clause(text: str, s: int, e: int) -> str:
    """The clause around a match: a proof named in another clause backs nothing here."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, s)), default=0)
    right = _CLAUSE_BREAK.search(text, e)
    return text[left : right.start() if right else len(text)]


def _backed_by(
    phrase: str, text: str, s: int, e: int, backings: Sequence[Backing], claims_only: bool = False
) -> str | None:
    """A proof backs a match when one of its claims covers the match, or (unless
    `claims_only`) the proof is named in the same clause ("SGS检测报告显示8小时保湿")."""
    low = text.lower()
    p = phrase.lower()
    clause = _clause(low, s, e)
    for b in backings:
        for claim in b.claims:
            if p == claim:
                return b.label
            at = low.find(claim)
            while at >= 0:
                if at < e and at + len(claim) > s:
                    return b.label
                at = low.find(claim, at + 1)
        if not claims_only and any(m in clause for m in b.mentions):
            return b.label
    return None


def _negated(ruleset: RuleSet, text: str, s: int) -> bool:
    if ruleset.negation is None:
        return False
    before = text[max(0, s - _NEGATION_WINDOW) : s]
    parts = _CLAUSE_BREAK.split(before)
    return bool(ruleset.negation.search(parts[-1]))


def _disavowed(ruleset: RuleSet, text: str, s: int) -> bool:
    """The claim at `s` is reported as someone else's and disowned after it ("有些商家说
    三天美白，那是假的", "some brands claim it erases wrinkles; we don't"): a reviewer reads
    that as a warning to viewers, not as the speaker's own claim. A claim of the speaker's
    own before the report still counts."""
    if ruleset.disavowal is None:
        return False
    return any(m.start() <= s < m.end() for m in ruleset.disavowal.finditer(text))


_SENTENCE_END = re.compile(r"[.!?。！？]")
_EN_QUESTION = re.compile(
    r"^(?:(?:so|ok|okay|but|and|guys|honestly|be honest|quick question|real talk)\W+)*"
    r"(?:is|are|was|were|do|does|did|would|should|could|can|will|isn['’]?t|aren['’]?t)\b"
)
# Yes/no questions only: a wh-question ("第一名的是哪款？", "which one is the #1 seller?")
# presupposes the claim it asks about.
_ZH_QUESTION = re.compile(r"吗|是不是|有没有|能不能|会不会|可不可以|算不算|是否")
# A yes/no question answered at once ("Is there anything cheaper? No!") is a claim.
_RHETORICAL = re.compile(
    r"^\W*(?:no|nope|never|none|nobody|nowhere|of course not|absolutely not|exactly|"
    r"没有|没|不可能|找不到|绝对没有|当然没有|肯定没有|当然不|不会)\W*(?:$|[.!,，。！])"
)


def _either_or(lang: str, text: str, s: int) -> bool:
    """The phrase is the second half of an A-not-A form ("长不长个", "白没白"): the speaker
    names a question or a doubt about the result, not the result itself."""
    return lang == "zh" and s >= 2 and text[s - 1] in "不没" and text[s - 2] == text[s]


def _asked(lang: str, text: str, s: int) -> bool:
    """The phrase sits in a yes/no question the speaker asks ("is this the best color?",
    "这个是不是最好的？"): asking is not claiming, unless the speaker answers it at once."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, s):
        start = m.end()
    end = _SENTENCE_END.search(text, s)
    if end is None or end.group(0) not in "?？":
        return False
    sentence = text[start : end.start()].strip()
    if _RHETORICAL.match(text[end.end() :].strip()):
        return False
    if lang == "zh":
        return _ZH_QUESTION.search(sentence) is not None
    return _EN_QUESTION.match(sentence) is not None


def _read_context(rule: Rule, norm: Normalized, s: int, e: int, readings: Readings) -> str | None:
    """What in the line's context turns this finding into info, said for the reviewer."""
    text = norm.text
    if "role" in rule.reads:
        role = readings.role(text, s, e)
        if role is not None and role.outcome == "info":
            return f"a named third-party title ({role.name}): {role.why}"
    if "reference" in rule.reads:
        span = readings.reference_basis(text, s, e)
        if span is not None:
            return f"reference price with its basis: {_written(norm, span)}"
    if "study" in rule.reads:
        span = readings.study_basis(text, s, e)
        if span is not None:
            return f"a result stated with its study: {_written(norm, span)}"
    if "record" in rule.reads:
        kind = readings.record(text, s, e)
        if kind == "accurate":
            return "a status stated as it is (a registration or clearance, not an approval)"
        if kind == "record":
            return "a status stated with its record (number or where to look it up)"
    if "registration" in rule.reads:
        span = readings.registered(text, s, e)
        if span is not None:
            named = _written(norm, span)
            return f"a status stated with its registration: {named} (keep the certificate ready)"
    return None


def _written(norm: Normalized, span: tuple[int, int]) -> str:
    """The user's own words behind a span of the normalised line."""
    os_, oe = norm.span(*span)
    return norm.original[os_:oe].strip()


def _price_numbers(spec: ProductSpec | None) -> set[float]:
    if spec is None:
        return set()
    return {float(spec.price)}


def _original_price_check(
    rule: Rule, text: str, s: int, spec: ProductSpec | None
) -> tuple[str | None, str | None]:
    """(new severity, backed-by) for "原价999"-style claims compared with the spec price."""
    if spec is None:
        return None, None
    m = rule.pattern.match(text, s)
    raw = m.groupdict().get("price") if m else None
    if not raw:
        return None, None
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        return None, None
    if value in _price_numbers(spec):
        return "info", f"spec price {raw}"
    return "error", None


def _merge(found: list[tuple[int, int, int, Rule]]) -> list[tuple[Rule, int, int]]:
    """Leftmost first, the earlier rule winning at the same start, each span once; then a
    fallback (concept) rule's hit only where no specific rule matched any of its words."""
    if len(found) > 1:
        found.sort(key=lambda h: (h[0], h[1]))
    hits: list[tuple[Rule, int, int]] = []
    last_end = 0
    spare: list[tuple[int, int, Rule]] = []
    for s, _order, e, rule in found:
        if rule.fallback:
            spare.append((s, e, rule))
        elif s >= last_end:
            hits.append((rule, s, e))
            last_end = e
    if not spare:
        return hits
    for s, e, rule in spare:
        if all(e <= hs or s >= he for _r, hs, he in hits):
            hits.append((rule, s, e))
    hits.sort(key=lambda h: h[1])
    return hits


class Linter:
    """A rule set bound to an optional product spec; cheap to reuse across many texts."""

    def __init__(self, ruleset: RuleSet, spec: ProductSpec | None = None) -> None:
        self.ruleset = ruleset
        self.spec = spec
        self.backings = spec_backings(spec)
        self.product_name = normalize(spec.name).text if spec is not None and spec.name else ""

    def scan(self, text: str) -> list[tuple[Rule, int, int]]:
        """Raw hits, after `unless` and negation; each span reported once.

        The prefilter names the few rules that can match this line; their matches are
        merged leftmost first, the earlier rule winning at the same start, exactly as
        one big alternation of all rules would (which is the fallback).
        """
        prefilter = self.ruleset.prefilter
        if prefilter is None:
            return self._scan_combined(text)
        candidates = prefilter.candidates(text)
        if not candidates:
            return []
        rules = self.ruleset.rules
        found: list[tuple[int, int, int, Rule]] = []
        for order in candidates:
            rule = rules[order]
            if rule.requires and not rule.may_match(text):
                continue
            for m in rule.pattern.finditer(text):
                s, e = m.span()
                if e > s and not self._excepted(rule, text, s, e):
                    found.append((s, order, e, rule))
        return _merge(found)

    def _scan_combined(self, text: str) -> list[tuple[Rule, int, int]]:
        combined = self.ruleset.combined
        if combined is None:
            return []
        hits: list[tuple[Rule, int, int]] = []
        pos = 0
        n = len(text)
        search = combined.search
        while pos < n:
            m = search(text, pos)
            if m is None:
                break
            s, e = m.span()
            rule = self.ruleset.by_group[m.lastgroup or ""]
            if e == s or self._excepted(rule, text, s, e):
                pos = s + 1
                continue
            hits.append((rule, s, e))
            pos = e
        if any(rule.fallback for rule, _s, _e in hits):
            # a fallback rule may have hidden a specific one starting later in its span
            order = {id(r): i for i, r in enumerate(self.ruleset.rules)}
            found = [(s, order[id(r)], e, r) for r, s, e in hits]
            for i, rule in enumerate(self.ruleset.rules):
                if not rule.fallback:
                    for m in rule.pattern.finditer(text):
                        s, e = m.span()
                        if e > s and not self._excepted(rule, text, s, e):
                            found.append((s, i, e, rule))
            return _merge(found)
        return hits

    def _excepted(self, rule: Rule, text: str, s: int, e: int) -> bool:
        if rule.unless is not None:
            for um in rule.unless.finditer(text):
                if um.start() < e and um.end() > s:
                    return True
        readings = self.ruleset.readings
        if readings is not None:
            if rule.quotable and readings.quoted(text, s, e):
                return True
            if "role" in rule.reads:
                role = readings.role(text, s, e)
                if role is not None and role.outcome == "clear":
                    return True
            if "record" in rule.reads and readings.record(text, s, e) == "correction":
                return True
        return rule.negatable and (
            _negated(self.ruleset, text, s)
            or _disavowed(self.ruleset, text, s)
            or _asked(self.ruleset.lang, text, s)
            or _either_or(self.ruleset.lang, text, s)
        )

    def lint_unit(self, unit: Unit, file: str = "") -> list[Finding]:
        text, allow = strip_allow_comments(unit.text)
        return self._lint_stripped(unit, text, allow | unit.allow, file)

    def _lint_stripped(
        self, unit: Unit, text: str, allow: set[str], file: str, norm: Normalized | None = None
    ) -> list[Finding]:
        findings = []
        if norm is None:
            norm = normalize(text, **NORMALIZE)
        for rule, s, e in self.scan(norm.text):
            if allow and _allowed(rule.id, allow):
                continue
            findings.append(self._finding(rule, norm, s, e, unit, file))
        return findings

    def _in_product_name(self, text: str, s: int, e: int) -> bool:
        name = self.product_name
        if not name:
            return False
        at = text.find(name)
        while at >= 0:
            if at <= s and e <= at + len(name):
                return True
            at = text.find(name, at + 1)
        return False

    def _source(self, norm: Normalized) -> str | None:
        """The source the line names for its figure or ranking, quoted as written."""
        if self.ruleset.source is None:
            return None
        m = self.ruleset.source.search(norm.text)
        if m is None:
            return None
        return _written(norm, m.span())

    def _finding(
        self, rule: Rule, norm: Normalized, s: int, e: int, unit: Unit, file: str
    ) -> Finding:
        text = norm.text
        os_, oe = norm.span(s, e)
        phrase = norm.original[os_:oe]
        severity = rule.severity
        backed = None
        suggestion = rule.suggestion
        if rule.sourceable:
            cited = self._source(norm)
            if cited:
                severity, backed = "info", f"source named in the line: {cited}"
        if rule.check == "original-price":
            new, backed = _original_price_check(rule, text, s, self.spec)
            severity = new or severity
            if new == "error":
                suggestion = (
                    f"the spec's list price is {self.spec.price:g}, not this one; {suggestion}"
                    if self.spec
                    else suggestion
                )
        if backed is None and rule.backing == "claims" and self._in_product_name(text, s, e):
            # The spec's own product name is the filed name, quoted, not a new claim by the
            # speaker; it stays visible as info so the name's evidence gets checked once.
            severity, backed = "info", "the product name in the spec (check the filed name)"
        readings = self.ruleset.readings
        if backed is None and readings is not None and readings.named(text, s, e):
            # A brand, series or shade name said as a name; a registered trademark may still
            # not carry a forbidden word in an advert, so it stays visible for that check.
            severity, backed = "info", f"a name, quoted as a name: {phrase} (check the trademark)"
        contradicted = rule.check == "original-price" and severity == "error"
        if backed is None and rule.reads and not contradicted and readings is not None:
            backed = _read_context(rule, norm, s, e, readings)
            if backed:
                severity = "info"
        if backed is None and rule.backable and self.backings:
            backed = _backed_by(
                text[s:e], text, s, e, self.backings, claims_only=rule.backing == "claims"
            )
            if backed:
                severity = "info"
        if backed and backed.startswith(
            ("source named", "reference price", "a status", "a named", "a result")
        ):
            suggestion = f"{backed}; keep that record ready to show and say its date"
        elif backed and backed.startswith("a name"):
            suggestion = (
                f"{backed}; a registered name may still not carry a forbidden word in an "
                "advert, so check its registration or call the product something else"
            )
        elif backed:
            suggestion = f"backed by: {backed}; keep the proof ready to show"
        return Finding(
            file=file,
            line=unit.line,
            column=(unit.column_base + os_) if unit.column_base is not None else None,
            start=unit.start,
            end=unit.end,
            segment=unit.segment,
            where=unit.where,
            index=unit.index,
            phrase=phrase,
            rule=rule.id,
            severity=severity,  # type: ignore[arg-type]
            basis=rule.basis,
            suggestion=suggestion,
            context=norm.original.strip(),
            backed_by=backed,
        )

    def lint_units(self, units: Sequence[Unit], file: str = "") -> list[Finding]:
        """Lint units in order; an allow comment alone on a line covers the next line."""
        out: list[Finding] = []
        carry: set[str] = set()
        stripped_all = [strip_allow_comments(unit.text) for unit in units]
        norms = normalize_many([t for t, _ in stripped_all], **NORMALIZE)
        for unit, (stripped, ids), norm in zip(units, stripped_all, norms, strict=True):
            if ids and not stripped.strip(" \t#/-*<>!"):
                carry = ids
                continue
            allow = unit.allow | ids | carry
            carry = set()
            out.extend(self._lint_stripped(unit, stripped, allow, file, norm))
        return out
