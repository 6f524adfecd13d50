"""Reading a match in its context: what role its words play, whose claim it is, what it rests on.

A rule finds words; whether those words make a claim depends on what stands around them,
and the same few readings recur across every family of rules. They live here, once per
language (`readings/zh.yaml`, `readings/en.yaml`), instead of as exceptions written into
each rule:

- **roles** — a superlative word is read by its grammatical role. `最好` before a verb
  phrase is advice ("最好先看尺码表"), `最低`/`最多` before an order or a count is a floor
  or a ceiling ("最低起购两件", "maximum three per customer"), `最早`/`最新` before a date or
  a batch is a time, `最低档`/"the lowest setting" is a setting of the product, a
  superlative among the shop's own sizes compares the shop with itself. Only rules whose
  claim rests on a superlative read roles (`reads: [role]`), and a market scope in the match
  (`全网`, "anywhere") keeps it a claim.
- **quotation scope** — a claim that starts inside someone else's reported words (a
  reporter and a speech verb: "别信那些说…的", "anyone who says…"), behind a distancing label
  (`所谓`, "so-called") or inside quotation marks, and is disowned in the line ("骗子",
  "is lying", "we can't back it up"), is not the speaker's claim; neither is a claim named as
  a word one may not say ("广告法不让说最好", "最便宜这种极限词"), one the speaker says
  they will not make ("我不敢跟你们说稳赚", "I won't promise…"), a topic denied at once
  ("减肥没有捷径"), said to be unrelated ("跟排名第一没关系") or sent to a doctor
  ("想祛斑请去医院"), someone's story disowned ("别信那些喝了长高的说法"), or one inside a denial of
  the whole kind ("没有任何一款面霜能一周去皱"), unless that denial compares ("没有任何一款能
  比它更好"). The claim must start after the frame and inside the frame's clause, so a
  claim of the speaker's own later in the line still counts.
- **names** — a claim word inside quotation marks that the line presents as a name (a brand
  「至尊宝」, a series 「净无敌」, a shade 'Miracle Mint': a naming word right before the
  quote, or a note after it that it is a trademark, a shop name, just the shade name) is the
  name, not the speaker's claim; it stays visible as info so the trademark gets checked.
- **price references** — a reference price with its basis (前7日最低成交价, "our lowest
  price in the past 30 days") is the lawful way to state a former price; in its sentence a
  price rule's finding (`reads: [reference]`) drops to info citing the basis.
- **studies** — a result stated with its study and sample ("in a 4-week study of 30 users,
  80% said…", 30名受试者…80%) is the substantiated form of an efficacy claim; in its sentence
  a rule that reads it (`reads: [study]`) drops to info citing the study.
- **records** — a status a record can show (备案, 认证, 检测; registered, cleared,
  certified) stated with the record (编号, 备案号可查; "510(k) number", "FCC ID") drops to
  info, a status that says its own limit ("not the same as FDA approval", "备案不代表推荐")
  is no claim, and statuses accurate as worded (an FDA-registered *facility*, an FDA-cleared
  *device*) stay visible as info (`reads: [record]`); a claim that only a registration
  permits (防脱 for a special-use cosmetic) drops to info when its sentence names that
  registration (`reads: [registration]`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from livegen.errors import InputError

READINGS_DIR = Path(__file__).resolve().parent / "readings"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s|$)")
_CLAUSE_BREAK = re.compile(r"[，,、。！？!?；;：:\n]|\.(?=\s|$)|\s[—–-]\s|—")
# Quotation marks that open a quoted claim; ASCII quotes only at a word's edge, so the
# apostrophe in "it's" opens nothing.
_OPEN_QUOTE = re.compile(r"[“‘「『\"]|(?:^|(?<=\s))'")
_CLOSE_QUOTE = re.compile(r"[”’」』\"]|'(?=\s|$|[,.?!;:])")


@dataclass(frozen=True)
class Role:
    """A non-claim reading of a superlative word, told by the words around it."""

    name: str
    why: str
    head: re.Pattern[str]
    after: re.Pattern[str] | None
    before: re.Pattern[str] | None
    outcome: str  # "clear": no finding; "info": kept visible, not a flag

    def reads(self, text: str, at: int, end: int) -> bool:
        if self.after is not None and self.after.match(text, end) is None:
            return False
        return self.before is None or self.before.search(text[max(0, at - 60) : at]) is not None


@dataclass(frozen=True)
class Readings:
    """One language's context readings, compiled."""

    lang: str
    scope: re.Pattern[str] | None
    roles: tuple[Role, ...]
    report: re.Pattern[str] | None
    label: re.Pattern[str] | None
    prohibit: re.Pattern[str] | None
    withhold: re.Pattern[str] | None
    topic_denied: re.Pattern[str] | None
    mention: re.Pattern[str] | None
    denial: re.Pattern[str] | None
    comparison: re.Pattern[str] | None
    disown: re.Pattern[str] | None
    reference: re.Pattern[str] | None
    status: re.Pattern[str] | None
    ident: re.Pattern[str] | None
    correction: re.Pattern[str] | None
    accurate: re.Pattern[str] | None
    registration: re.Pattern[str] | None = None
    hearsay: re.Pattern[str] | None = None
    study: re.Pattern[str] | None = None
    name_frame: re.Pattern[str] | None = None
    name_note: re.Pattern[str] | None = None

    # ---- roles
    def role(self, text: str, s: int, e: int) -> Role | None:
        """The non-claim role of a superlative word in the match, if it has one."""
        # a market scope in the match or right next to it: before it in Chinese ("全网最低
        # 起购"), after it in English ("best to buy anywhere")
        after = 16 if self.lang == "en" else 2
        if self.scope is not None and self.scope.search(text, max(0, s - 6), e + after):
            return None
        for role in self.roles:
            for m in role.head.finditer(text, max(0, s - 6)):
                if m.start() >= e:
                    break
                if m.end() > s and role.reads(text, m.start(), m.end()):
                    return role
        return None

    # ---- quotation scope
    def quoted(self, text: str, s: int, e: int) -> bool:
        """The claim at [s, e) is someone else's, disowned, or a word named as forbidden."""
        for after in (self.mention, self.topic_denied):
            if after is not None and after.match(text, e):
                return True
        if self.hearsay is not None and self.hearsay.match(text, e) and self._disowned(text, s, e):
            return True
        start = _sentence_start(text, s)
        for frame in (self.prohibit, self.withhold):
            if frame is not None and _frames_before(frame, text, start, s):
                return True
        if self.denial is not None:
            for end in _frames_before(self.denial, text, start, s):
                stop = _clause_end(text, e)
                if self.comparison is None or not self.comparison.search(text, end, stop):
                    return True
        held = self.report is not None and bool(
            _frames_before(self.report, text, start, s, reported=True)
        )
        if not held and self.label is not None:
            held = any(s - end <= 2 for end in _frames_before(self.label, text, start, s))
        if not held:
            held = _in_quotes(text, start, s, e)
        return held and self._disowned(text, s, e)

    def _disowned(self, text: str, s: int, e: int) -> bool:
        if self.disown is None:
            return False
        return any(m.end() <= s or m.start() >= e for m in self.disown.finditer(text))

    # ---- names
    def named(self, text: str, s: int, e: int) -> bool:
        """The match lies in quotation marks the line presents as a name."""
        start = _sentence_start(text, s)
        opened = _quote_open(text, start, s, e)
        if opened is None:
            return False
        if self.name_frame is not None:
            for m in self.name_frame.finditer(text, max(start, opened - 24), opened):
                if opened - m.end() <= 2:
                    return True
        if self.name_note is not None:
            close = _CLOSE_QUOTE.search(text, e)
            if close is not None:
                stop = _clause_end(text, _clause_end(text, close.end()) + 1)
                return self.name_note.search(text, close.end(), stop) is not None
        return False

    # ---- price references
    def reference_basis(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """Where the line states the basis of a reference price, in the match's sentence."""
        if self.scope is not None and self.scope.search(text, s, e):
            return None
        return _in_sentence(self.reference, text, s, e)

    # ---- studies
    def study_basis(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """Where the match's sentence states the study and sample its result comes from."""
        return _in_sentence(self.study, text, s, e)

    # ---- records
    def record(self, text: str, s: int, e: int) -> str | None:
        """ "correction" (the status says its own limit), "accurate" (a status as it is) or
        "record" (the status with its record), for a match that states a status."""
        if self.status is None or not self.status.search(text, s, e):
            return None
        start, stop = _sentence_start(text, s), _sentence_end(text, e)
        if self.correction is not None and self.correction.search(text, start, stop):
            return "correction"
        if self.accurate is not None:
            for m in self.accurate.finditer(text, start, stop):
                if m.start() < e and m.end() > s:
                    return "accurate"
        if self.ident is not None and self.ident.search(text, start, stop):
            return "record"
        return None

    def registered(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """Where the match's sentence names the registration that permits its claim (a
        special-use cosmetic's 注册证 for 防脱, 美白, 防晒)."""
        return _in_sentence(self.registration, text, s, e)


def _in_sentence(
    pattern: re.Pattern[str] | None, text: str, s: int, e: int
) -> tuple[int, int] | None:
    """Where `pattern` matches in the sentence that holds [s, e), if it does."""
    if pattern is None:
        return None
    m = pattern.search(text, _sentence_start(text, s), _sentence_end(text, e))
    return m.span() if m else None


def _sentence_start(text: str, at: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, at):
        start = m.end()
    return start


def _sentence_end(text: str, at: int) -> int:
    m = _SENTENCE_END.search(text, at)
    return m.start() if m else len(text)


def _clause_end(text: str, at: int) -> int:
    m = _CLAUSE_BREAK.search(text, at)
    return m.start() if m else len(text)


def _frames_before(
    pattern: re.Pattern[str], text: str, start: int, s: int, *, reported: bool = False
) -> list[int]:
    """Ends of the frames in [start, s) whose clause reaches s. Reported speech may open
    with a break ("有人说，…"); a refusal or a prohibition followed by a break ("I can't
    promise, but …") has ended before the next clause."""
    ends = []
    skip = 1 if reported else 0
    for m in pattern.finditer(text, start, s):
        brk = _CLAUSE_BREAK.search(text, m.end() + skip, s)
        if brk is None:
            ends.append(m.end())
    return ends


def _in_quotes(text: str, start: int, s: int, e: int) -> bool:
    return _quote_open(text, start, s, e) is not None


def _quote_open(text: str, start: int, s: int, e: int) -> int | None:
    """Where the quotation mark opens that holds [s, e) (its start), if one does."""
    opened = None
    for m in _OPEN_QUOTE.finditer(text, start, s):
        opened = m
    if opened is None or _CLOSE_QUOTE.search(text, opened.end(), s):
        return None
    return opened.start() if _CLOSE_QUOTE.search(text, e) is not None else None


def _compile(raw: Any, prepare: Callable[[str], str]) -> re.Pattern[str] | None:
    if not raw:
        return None
    body = re.sub(r"\s*\n\s*", "", str(raw)).strip()
    return re.compile(prepare(body), re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _raw(lang: str) -> dict[str, Any]:
    path = READINGS_DIR / f"{lang}.yaml"
    if not path.is_file():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}


def load_readings(lang: str, prepare: Callable[[str], str]) -> Readings:
    """The language's readings, each pattern passed through `prepare` (macros, Taiwan
    residue) before compiling."""
    data = _raw(lang)
    roles = []
    for entry in data.get("roles") or []:
        head = _compile(entry.get("head"), prepare)
        if head is None:
            raise InputError(f"{READINGS_DIR / lang}.yaml: role {entry.get('name')!r} has no head")
        roles.append(
            Role(
                name=str(entry["name"]),
                why=str(entry.get("why", "")),
                head=head,
                after=_compile(entry.get("after"), prepare),
                before=_compile(entry.get("before"), prepare),
                outcome=str(entry.get("outcome", "clear")),
            )
        )
    quote = data.get("quote") or {}
    record = data.get("record") or {}
    return Readings(
        lang=lang,
        scope=_compile(data.get("scope"), prepare),
        roles=tuple(roles),
        report=_compile(quote.get("report"), prepare),
        label=_compile(quote.get("label"), prepare),
        prohibit=_compile(quote.get("prohibit"), prepare),
        withhold=_compile(quote.get("withhold"), prepare),
        topic_denied=_compile(quote.get("topic_denied"), prepare),
        mention=_compile(quote.get("mention"), prepare),
        hearsay=_compile(quote.get("hearsay"), prepare),
        denial=_compile(quote.get("denial"), prepare),
        comparison=_compile(quote.get("comparison"), prepare),
        disown=_compile(quote.get("disown"), prepare),
        reference=_compile(data.get("reference"), prepare),
        study=_compile(data.get("study"), prepare),
        status=_compile(record.get("status"), prepare),
        ident=_compile(record.get("ident"), prepare),
        correction=_compile(record.get("correction"), prepare),
        accurate=_compile(record.get("accurate"), prepare),
        registration=_compile(record.get("registration"), prepare),
        name_frame=_compile((data.get("name") or {}).get("frame"), prepare),
        name_note=_compile((data.get("name") or {}).get("note"), prepare),
    )
