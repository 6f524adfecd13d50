"""Loading rule files and compiling them into a rule set.

A rule file is YAML:

    lang: zh                 # optional for user files: zh | en (default: both)
    category: cosmetics      # optional: only for this product category
    negation: '...'          # optional regex, language-wide: a negation just before a match
    disable: [rule.id, ...]  # switch off rules loaded before this file (prefix.* allowed)
    rules:
      - id: zh.absolute.superlative
        severity: error      # error | warning | info
        basis: 广告法 第九条第（三）项 ...
        suggestion: 换成可验证的具体事实 ...
        words: [最好, 最佳]   # literals; English words get word boundaries
        regex: ['史上最\\S']  # regular expressions
        unless: ['第一次']    # context: a match overlapping one of these is not a finding
        negatable: true      # "不能祛痘" is not a claim (default true)
        backable: true       # spec proof can downgrade it (default true)
        check: original-price  # optional built-in check (compares a (?P<price>..) group)
        backing: claims      # only a proof whose `claims` cover the phrase backs it (a
                             # moisturising report named nearby does not back 修护)
        sourceable: true     # a source named in the line ("据店铺后台数据") drops it to info
        fallback: true       # only where no other rule matched (concept rules: the more
                             # specific rule, with its own basis, wins)
        reads: [role, reference, record, registration, study]  # context readings
                             # (livegen.lint.readings): a superlative's role, a reference
                             # price's basis, a record, a registration that permits it
        quotable: true       # a claim quoted as someone else's and disowned is no finding
                             # (default true)
        examples: ['...']    # lines it flags (shown by `livegen lint --explain ID`)
        together:            # concept slots: all of them in one sentence, in any order,
          - ['{span}', '{body}', '{change}']   # at most `window` characters apart
        window: 10

In a regex, `{num}` stands for a number in digits or Chinese numerals (3, 3.5, 三, 二十, 半)
and `{unit}` for a span of time (天, 周, 个月, days, weeks, ...); `{name}` for a concept of
the language's concept file (`concepts/zh.yaml`: `{body}`, `{change}`, `{span}`, ...).
A `together` entry is the generalising form: a claim is an idea built from concepts ("a
span of time + a body part + a change"), whatever the word order, so the rule lists the
concepts and every ordering of them within one sentence is matched. Rules match the text as
`livegen.text.normalize` returns it (Simplified, half-width, lower case, inserted symbols
between Chinese characters dropped, runs of one character collapsed), and findings point
back at the original characters.

A rule set scans a line once with a literal prefilter built from all rules (see
`livegen.lint.prefilter`), so a clean line (most of a script) costs a single regex
search and a risky one only its candidate rules; when some user rule has no literal to
look for, one alternation of every rule is used instead.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from livegen.errors import InputError, UsageError
from livegen.lint.prefilter import Prefilter, build_prefilter, necessary_literals
from livegen.lint.readings import Readings, load_readings
from livegen.lint.variants import widen_zh

LANGS = ("zh", "en")
CATEGORIES = ("general", "cosmetics", "food", "medical", "kids", "finance")
RULES_DIR = Path(__file__).resolve().parent / "rules"
RuleSource = str | os.PathLike[str] | Mapping[str, Any]

_ID_RE = r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleSpec(BaseModel):
    """One rule as written in YAML (validated so a typo names the file and field)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID_RE)
    severity: Literal["error", "warning", "info"] = "warning"
    basis: str = Field(min_length=1)
    suggestion: str = ""
    words: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    negatable: bool = True
    backable: bool = True
    check: Literal["original-price"] | None = None
    sourceable: bool = False
    backing: Literal["any", "claims"] = "any"
    examples: list[str] = Field(default_factory=list)
    together: list[list[str]] = Field(default_factory=list)
    window: int = Field(default=10, ge=0, le=40)
    fallback: bool = False  # reported only where no other rule matched the same words
    reads: list[Literal["role", "reference", "record", "registration", "study"]] = Field(
        default_factory=list
    )
    quotable: bool = True

    @field_validator("words", "regex", "unless", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lang: Literal["zh", "en"] | None = None
    category: str | None = None
    negation: str | None = None
    source: str | None = None  # regex: the line names where a figure or ranking comes from
    # regex: the line quotes a claim as someone else's and disowns it ("some brands claim
    # …; we don't"); negatable rules then do not fire anywhere in it
    disavowal: str | None = None
    disable: list[str] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)


@functools.lru_cache(maxsize=2048)
def _cached_compile(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """A compiled rule. Its own regex and exceptions are compiled on first use (a hit):
    the combined matcher does the scanning."""

    id: str
    severity: str
    basis: str
    suggestion: str
    regex: str
    source: str
    literals: tuple[frozenset[str] | None, ...] = ()
    unless_regex: str | None = None
    negatable: bool = True
    backable: bool = True
    check: str | None = None
    sourceable: bool = False
    backing: str = "any"
    examples: tuple[str, ...] = ()
    category: str = "general"
    unless_source: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    regex_source: tuple[str, ...] = ()
    together_source: tuple[tuple[str, ...], ...] = ()
    fallback: bool = False
    # A rule made only of `together` entries: per entry, one literal set per concept. The
    # prefilter knows one concept is there; the rule runs only when all of an entry's are.
    requires: tuple[tuple[str, ...], ...] = ()  # each part: a regex of its literals
    reads: frozenset[str] = frozenset()  # context readings, see livegen.lint.readings
    quotable: bool = True

    def may_match(self, text: str) -> bool:
        return not self.requires or any(
            all(_cached_compile(part).search(text) for part in entry) for entry in self.requires
        )

    @property
    def pattern(self) -> re.Pattern[str]:
        return _cached_compile(self.regex)

    @property
    def unless(self) -> re.Pattern[str] | None:
        return _cached_compile(self.unless_regex) if self.unless_regex else None


@dataclass
class RuleSet:
    """Every active rule for one language/category, plus the combined matcher."""

    lang: str
    rules: list[Rule]
    negation: re.Pattern[str] | None
    source: re.Pattern[str] | None = None
    disavowal: re.Pattern[str] | None = None
    readings: Readings | None = None
    combined: re.Pattern[str] | None = field(default=None, repr=False)
    prefilter: Prefilter | None = field(default=None, repr=False)
    by_group: dict[str, Rule] = field(default_factory=dict, repr=False)
    use_prefilter: bool = True  # False: always the one-big-alternation path (for tests)

    def __post_init__(self) -> None:
        if self.use_prefilter:
            self.prefilter = build_prefilter(
                [set(lits) if lits else None for lits in rule.literals] for rule in self.rules
            )
        if self.prefilter is None and self.rules:  # some rule has no literal to look for
            parts = []
            for i, rule in enumerate(self.rules):
                name = f"r{i}"
                self.by_group[name] = rule
                parts.append(f"(?P<{name}>{_strip_named_groups(rule.regex)})")
            self.combined = re.compile("|".join(parts), re.IGNORECASE)


def _strip_named_groups(source: str) -> str:
    """Named groups would clash inside the combined pattern; rule regexes keep theirs."""
    return re.sub(r"\(\?P<\w+>", "(?:", source)


def _word_regex(word: str, lang: str | None) -> str:
    """A literal as a regex; Latin words get boundaries, spaces/hyphens match loosely."""
    word = word.strip()
    if not re.search(r"[A-Za-z0-9]", word):
        return re.escape(word)
    out = []
    for ch in word:
        if ch == " ":
            out.append(r"[\s-]+")
        elif ch == "-":
            out.append(r"[\s-]?")
        elif ch in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(ch))
    body = "".join(out)
    if lang == "zh" and re.search(r"[\u4e00-\u9fff]", word):
        return body
    head = r"(?<![A-Za-z0-9])" if re.match(r"\w", word) else ""
    tail = r"(?![A-Za-z0-9])" if re.search(r"\w$", word) else ""
    return head + body + tail


NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两俩仨三四五六七八九十百千万半几]+)"
UNIT = (
    r"(?:天|日|周|星期|个?礼拜|个?月|晚上?|夜|小时|分钟"
    r"|(?:days?|weeks?|months?|nights?|hours?|minutes?)\b)"
)
_MACROS = {"{num}": NUM, "{unit}": UNIT}
CONCEPTS_DIR = Path(__file__).resolve().parent / "concepts"
_CONCEPT_RE = re.compile(r"\{([a-z][a-z_]*)\}")
# Between the concepts of a `together` entry: anything but the end of a sentence.
_GAP = r"[^。.!！?？；;\n]{{0,{w}}}?"


@functools.lru_cache(maxsize=4)
def concepts(lang: str) -> dict[str, str]:
    """The language's concept slots as regex bodies (a file's folded lines joined)."""
    path = CONCEPTS_DIR / f"{lang}.yaml"
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    out: dict[str, str] = {}
    for name, body in (data.get("concepts") or {}).items():
        body = re.sub(r"\s*\|\s*", "|", str(body)).strip().strip("|")
        out[str(name)] = body.replace(" ", "") if lang == "zh" else body
    return out


def expand_macros(pattern: str, lang: str | None = None) -> str:
    for name, body in _MACROS.items():
        pattern = pattern.replace(name, body)
    if "{" not in pattern:
        return pattern
    zh, en = concepts("zh"), concepts("en")
    table = {"zh": zh, "en": en}.get(lang or "", {**en, **zh})

    def _sub(m: re.Match[str]) -> str:
        body = table.get(m.group(1))
        if body is None:
            return m.group(0)
        for name, macro in _MACROS.items():
            body = body.replace(name, macro)
        if table is en or (lang is None and m.group(1) not in zh):
            return f"(?<![a-z])(?:{body})(?![a-z])"  # whole English words
        return f"(?:{body})"

    return _CONCEPT_RE.sub(_sub, pattern)


def together_regex(parts: Sequence[str], window: int, lang: str | None) -> list[str]:
    """Every ordering of the parts, each next one at most `window` characters on."""
    import itertools

    gap = _GAP.format(w=window)
    bodies = [expand_macros(p, lang) for p in parts]
    return [gap.join(f"(?:{b})" for b in order) for order in itertools.permutations(bodies)]


def _compile(source: str, pattern: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InputError(f"{source}: {what}: bad regular expression {pattern!r} ({exc})") from None


@functools.lru_cache(maxsize=4096)
def _literals(alternative: str) -> frozenset[str] | None:
    found = necessary_literals(alternative)
    return frozenset(found) if found else None


def compile_rule(
    spec: RuleSpec,
    *,
    lang: str | None,
    source: str,
    validate: bool = True,
    category: str = "general",
) -> Rule:
    """Shipped rules skip the eager compile (a test compiles them all); user rules do not,
    so a bad pattern is reported with its file and rule instead of failing mid-scan."""
    alternatives = [_word_regex(w, lang) for w in spec.words if w.strip()]
    alternatives += [expand_macros(p, lang) for p in spec.regex if p]
    requires: list[tuple[str, ...]] = []
    chosen: list[frozenset[str] | None] = []  # prefilter literals of the together orderings
    plain = len(alternatives)
    for parts in spec.together:
        if not 2 <= len(parts) <= 3:
            raise InputError(f"{source}: rule '{spec.id}': a together entry names 2 or 3 concepts")
        orders = together_regex(parts, spec.window, lang)
        alternatives += orders
        needed = [
            _literals(widen_zh(expand_macros(p, lang)) if lang == "zh" else expand_macros(p, lang))
            for p in parts
        ]
        requires.append(
            tuple("|".join(map(re.escape, sorted(n, key=len, reverse=True))) for n in needed if n)
        )
        known = [n for n in needed if n]
        if known:  # every ordering needs every concept: the prefilter keys on the rarest
            rarest = max(known, key=lambda n: (min(map(len, n)), -len(n)))
            chosen.extend([rarest] * len(orders))
        else:
            chosen.extend([None] * len(orders))
    if spec.words or spec.regex:
        requires = []  # the other alternatives need no concept
    if not alternatives:
        raise InputError(f"{source}: rule '{spec.id}' has no words or regex")
    widen = widen_zh if lang == "zh" else (lambda p: p)
    alternatives = [widen(a) for a in alternatives]
    regex = "|".join(f"(?:{a})" for a in alternatives)
    unless = (
        "|".join(f"(?:{widen(expand_macros(u, lang))})" for u in spec.unless)
        if spec.unless
        else None
    )
    for alt in spec.regex:
        if re.search(r"\(\?P=", alt):
            raise InputError(f"{source}: rule '{spec.id}': back-references are not supported")
    if spec.check == "original-price" and not any("(?P<price>" in a for a in spec.regex):
        raise InputError(
            f"{source}: rule '{spec.id}': check original-price needs a "
            "(?P<price>...) group in a regex"
        )
    for joined, parts, what in ((regex, spec.regex, "regex"), (unless, spec.unless, "unless")):
        if joined is None or not validate:
            continue
        try:
            # Compiling (not just parsing) catches every error, e.g. variable-width
            # look-behinds; the result is cached for the first hit anyway.
            _cached_compile(joined)
        except re.error:
            for alt in parts:
                _compile(source, alt, f"rule '{spec.id}' {what}")
            raise InputError(f"{source}: rule '{spec.id}': bad {what}") from None
    return Rule(
        id=spec.id,
        severity=spec.severity,
        basis=spec.basis.strip(),
        suggestion=spec.suggestion.strip(),
        regex=regex,
        source=source,
        literals=tuple(_literals(a) for a in alternatives[:plain])
        + tuple(
            c if c else _literals(a) for c, a in zip(chosen, alternatives[plain:], strict=True)
        ),
        unless_regex=unless,
        negatable=spec.negatable,
        backable=spec.backable,
        check=spec.check,
        sourceable=spec.sourceable,
        backing=spec.backing,
        examples=tuple(spec.examples),
        category=category,
        unless_source=tuple(spec.unless),
        words=tuple(spec.words),
        regex_source=tuple(spec.regex),
        together_source=tuple(tuple(p) for p in spec.together),
        fallback=spec.fallback,
        requires=tuple(requires),
        reads=frozenset(spec.reads),
        quotable=spec.quotable,
    )


def parse_rule_file(data: Any, source: str) -> RuleFile:
    if not isinstance(data, dict):
        raise InputError(f"{source}: a rule file must be a mapping with a 'rules' list")
    try:
        return RuleFile.model_validate(data)
    except ValidationError as exc:
        from livegen.artifacts import format_validation_error

        raise InputError(format_validation_error(source, exc)) from None


def read_rule_file(path: str | os.PathLike[str]) -> RuleFile:
    from livegen.artifacts import read_text

    source = str(path)
    from livegen.safeload import load_yaml

    data = load_yaml(read_text(path), source)
    return parse_rule_file(data, source)


@functools.lru_cache(maxsize=64)
def _shipped(lang: str, category: str) -> RuleFile | None:
    path = RULES_DIR / f"{lang}.{category}.yaml"
    return read_rule_file(path) if path.is_file() else None


def shipped_files(lang: str, category: str) -> list[RuleFile]:
    """General rules of the language, then the category's (which may disable some)."""
    files = [f for f in (_shipped(lang, "general"),) if f]
    if category != "general":
        extra = _shipped(lang, category)
        if extra:
            files.append(extra)
    return files


def check_choice(value: str, choices: Sequence[str], flag: str) -> str:
    if value not in choices:
        raise UsageError(f"{flag}: unknown value {value!r}; choose one of: {', '.join(choices)}")
    return value


def _disabled(rule_id: str, patterns: Iterable[str]) -> bool:
    for p in patterns:
        if p in ("*", rule_id) or (p.endswith("*") and rule_id.startswith(p[:-1])):
            return True
    return False


def forbidden_claim_rules(claims: Sequence[str], lang: str) -> list[Rule]:
    """The spec's own forbidden claims, as error rules for this product only."""
    rules = []
    for claim in claims:
        claim = claim.strip()
        if not claim:
            continue
        spec = RuleSpec(
            id="spec.forbidden",
            severity="error",
            basis="forbidden by the product spec (forbidden_claims)",
            suggestion="remove this claim; the brand does not allow it",
            words=[claim],
            negatable=False,
            backable=False,
            quotable=False,
        )
        rules.append(compile_rule(spec, lang=lang, source="spec forbidden_claims"))
    return rules


def _load_source(src: RuleSource) -> tuple[RuleFile, str]:
    if isinstance(src, Mapping):
        return parse_rule_file(dict(src), "<rules>"), "<rules>"
    return read_rule_file(src), str(src)


def build_ruleset(
    lang: str,
    category: str = "general",
    *,
    extra: Sequence[RuleSource] = (),
    forbidden: Sequence[str] = (),
    inferred: bool = False,
) -> RuleSet:
    """Shipped rules for `lang`/`category`, then user files in order, then spec claims.

    `inferred`: the category was guessed from the text, not given, so its own rules report
    at most a warning (a guess should not fail a build).
    """
    check_choice(lang, LANGS, "--lang")
    check_choice(category, CATEGORIES, "--category")
    key = (lang, category, tuple(_source_key(s) for s in extra), tuple(forbidden), inferred)
    if all(k is not None for k in key[2]):
        return _cached_ruleset(*key)
    return _build(lang, category, extra, forbidden, inferred)


def _source_key(src: RuleSource) -> tuple[str, float] | None:
    if isinstance(src, Mapping):
        return None
    try:
        return (str(src), os.stat(src).st_mtime)
    except OSError:
        return (str(src), -1.0)


@functools.lru_cache(maxsize=32)
def _cached_ruleset(
    lang: str,
    category: str,
    extra_key: tuple[Any, ...],
    forbidden: tuple[str, ...],
    inferred: bool = False,
) -> RuleSet:
    return _build(lang, category, [k[0] for k in extra_key], forbidden, inferred)


def _build(
    lang: str,
    category: str,
    extra: Sequence[RuleSource],
    forbidden: Sequence[str],
    inferred: bool = False,
) -> RuleSet:
    ordered: list[tuple[RuleFile, str, bool]] = [
        (f, f"{lang}.{f.category or 'general'}.yaml", False) for f in shipped_files(lang, category)
    ]
    ordered += [(*_load_source(s), True) for s in extra]
    rules: list[Rule] = []
    negation: str | None = None
    source_re: str | None = None
    disavowal: str | None = None
    for rf, source, validate in ordered:
        if rf.lang and rf.lang != lang:
            continue
        if rf.category and rf.category not in ("general", category):
            continue
        if rf.negation:
            negation = rf.negation
        if rf.source:
            source_re = rf.source
        if rf.disavowal:
            disavowal = rf.disavowal
        if rf.disable:
            rules = [r for r in rules if not _disabled(r.id, rf.disable)]
        # A file's rules go before the ones loaded earlier: the more specific file wins
        # when two rules match at the same place.
        file_cat = rf.category or "general"
        own = [
            compile_rule(s, lang=lang, source=source, validate=validate, category=file_cat)
            for s in rf.rules
        ]
        if inferred and file_cat != "general":
            own = [
                dataclasses.replace(r, severity="warning") if r.severity == "error" else r
                for r in own
            ]
        replaced = {r.id for r in own}
        if inferred and file_cat != "general":  # a guessed category never outranks general
            rules = [r for r in rules if r.id not in replaced] + own
        else:
            rules = own + [r for r in rules if r.id not in replaced]
    rules = forbidden_claim_rules(forbidden, lang) + rules
    if lang == "zh":
        negation = widen_zh(negation) if negation else None
        source_re = widen_zh(source_re) if source_re else None
        disavowal = widen_zh(disavowal) if disavowal else None
    neg = _compile("negation", negation, "negation") if negation else None
    src = _compile("source", source_re, "source") if source_re else None
    dis = _compile("disavowal", disavowal, "disavowal") if disavowal else None
    return RuleSet(
        lang=lang,
        rules=rules,
        negation=neg,
        source=src,
        disavowal=dis,
        readings=_readings(lang),
    )


@functools.lru_cache(maxsize=4)
def _readings(lang: str) -> Readings:
    widen = widen_zh if lang == "zh" else (lambda p: p)
    return load_readings(lang, lambda p: widen(expand_macros(p, lang)))
