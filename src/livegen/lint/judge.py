"""`--judge llm`: a second opinion from the configured LLM on the lines the rules are unsure
about, and only those.

"Unsure" means: no rule flagged the line, yet it carries a cue word that claims usually hide
behind (效果, 保证, 天, best, results, ...), or a rule matched but context (a named source,
the product name) dropped it to info. Everything else never leaves the machine. The model
answers with JSON naming a rule from the catalogue and the exact phrase; what it says is
reported at warning level at most, marked as a second opinion, so a model's guess never
fails a build on its own. Offline remains the default: without `--judge` nothing is sent.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from livegen.errors import BackendError
from livegen.lint.engine import Unit
from livegen.lint.ruleset import NUM, UNIT
from livegen.llm.base import Message
from livegen.schemas.findings import Finding
from livegen.text import normalize

if TYPE_CHECKING:
    from livegen.lint.ruleset import RuleSet
    from livegen.llm.base import ChatBackend
    from livegen.progress import Reporter
    from livegen.templating import Templates

JUDGE_TASK = "lint-judge"
BATCH = 40
MAX_LINES = 400
SECOND_OPINION = "second opinion from the LLM (--judge llm)"

# Stems that claims hide behind; matched on the normalised line.
CUES: dict[str, tuple[str, ...]] = {
    "zh": (
        "效果",
        "见效",
        "保证",
        "承诺",
        "一定",
        "绝对",
        "再也",
        "永远",
        "永久",
        "瘦",
        "白",
        "痘",
        "斑",
        "皱",
        "病",
        "医",
        "药",
        "疗",
        "最",
        "第一",
        "唯一",
        "官方",
        "国家",
        "推荐",
        "专家",
        "便宜",
        "低价",
        "划算",
        "原价",
        "减",
        "赚",
        "收益",
        "免疫",
        "排毒",
        "修",
        "改善",
        "告别",
        "没有之一",
        "只有",
        "仅",
        "首",
        "年轻",
        # wider families: results, conditions, slang, prices, urgency, platform, reviews
        "包你",
        "秒",
        "肉眼",
        "彻底",
        "治",
        "痛",
        "失眠",
        "便秘",
        "血",
        "过敏",
        "天花板",
        "神器",
        "碾压",
        "吊打",
        "比双",
        "专柜",
        "外面",
        "清仓",
        "涨",
        "下架",
        "下播",
        "抢",
        "闭眼",
        "亏",
        "微信",
        "私下",
        "转账",
        "差评",
        "好评",
        "回购",
        "万人",
        "宝妈",
        "专利",
        "临床",
        "研究",
        "实验",
        "检测",
        "安全",
        "放心",
        "天然",
        "孕妇",
        "记忆力",
        "专注力",
        "成绩",
        "考",
        "回本",
        "月入",
        "翻倍",
        "紧致",
        "毛孔",
        "胶原",
        "医美",
        "气血",
        "湿气",
    ),
    "en": (
        "guarantee",
        "promise",
        "result",
        "works",
        "proven",
        "overnight",
        "fat",
        "weight",
        "pound",
        "cure",
        "heal",
        "treat",
        "doctor",
        "best",
        "cheap",
        "lowest",
        "ever",
        "never",
        "forever",
        "only",
        "official",
        "approved",
        "endorsed",
        "backed",
        "free",
        "off",
        "deal",
        "price",
        "immune",
        "detox",
        "younger",
        "clinical",
        "miracle",
        "number one",
        "#1",
        "top",
        "safe",
        "risk",
        # wider families: results, conditions, reviews, urgency, platform, income
        "instantly",
        "gone",
        "science",
        "study",
        "studies",
        "research",
        "pain",
        "relief",
        "sleep",
        "anxiety",
        "skin",
        "review",
        "sponsored",
        "paid",
        "dm me",
        "venmo",
        "website",
        "money",
        "income",
        "earn",
        "pass",
        "patent",
        "natural",
        "chemical",
        "metabolism",
        "craving",
        "toxin",
        "hurry",
        "minutes left",
        "tonight",
        "left in",
        "amazon",
        "retail",
        "worth",
        "nothing else",
        "no other",
        "younger",
        "genius",
        "iq",
        "botox",
        "collagen",
        "pores",
        "lashes",
        "clearance",
    ),
}


class JudgeItem(BaseModel):
    line: int
    rule: str
    phrase: str = ""
    why: str = ""


class JudgeReply(BaseModel):
    findings: list[JudgeItem] = Field(default_factory=list)


@functools.lru_cache(maxsize=4)
def _cue_automaton(lang: str):  # type: ignore[no-untyped-def]
    import ahocorasick

    auto = ahocorasick.Automaton()
    for cue in CUES.get(lang, CUES["en"]):
        auto.add_word(cue, cue)
    auto.make_automaton()
    return auto


_TIMED = re.compile(f"{NUM}\\s*{UNIT}|\\b(?:a|one|two|three|few) (?:days?|weeks?|months?)\\b")


def has_cue(text: str, lang: str) -> bool:
    """A cue word, or a number joined to a span of time ("三天", "two weeks")."""
    low = normalize(text).text
    if next(iter(_cue_automaton(lang).iter(low)), None) is not None:
        return True
    return bool(_TIMED.search(low))


def unsure_units(units: Sequence[Unit], findings: Sequence[Finding], lang: str) -> list[Unit]:
    """Units no rule flagged that carry a cue word, or whose findings context made info."""
    flagged: set[int] = set()
    softened: set[int] = set()
    key = {id(u): n for n, u in enumerate(units)}
    by_pos = {(u.line, u.index, u.where, u.start, u.segment): n for n, u in enumerate(units)}
    for f in findings:
        n = by_pos.get((f.line, f.index, f.where, f.start, f.segment))
        if n is None:
            continue
        (flagged if f.severity in ("error", "warning") else softened).add(n)
    out = []
    for u in units:
        n = key[id(u)]
        if n in flagged or not u.text.strip():
            continue
        if n in softened or has_cue(u.text, lang):
            out.append(u)
    return out[:MAX_LINES]


def judge_prompt(
    templates: Templates, items: list[dict[str, object]], ruleset: RuleSet, category: str
) -> list[Message]:
    rules = [{"id": r.id, "basis": r.basis} for r in ruleset.rules if r.id != "spec.forbidden"]
    context = {
        "language": "Chinese" if ruleset.lang == "zh" else "English",
        "category": category,
        "rules": rules,
        "items": items,
    }
    return [
        Message("system", templates.render("prompts/lint-judge.system.j2", context).strip()),
        Message("user", templates.render("prompts/lint-judge.user.j2", context).strip()),
    ]


def judge(
    units: Sequence[Unit],
    findings: Sequence[Finding],
    *,
    backend: ChatBackend,
    ruleset: RuleSet,
    category: str,
    file: str = "",
    templates: Templates | None = None,
    reporter: Reporter | None = None,
) -> list[Finding]:
    """Second-opinion findings for the unsure units (a failed request is a warning on the
    reporter and no findings, never a crash: the rule findings stand on their own)."""
    from livegen.templating import Templates

    templates = templates or Templates()
    unsure = unsure_units(units, findings, ruleset.lang)
    rules = {r.id: r for r in ruleset.rules}
    out: list[Finding] = []
    for start in range(0, len(unsure), BATCH):
        batch = unsure[start : start + BATCH]
        items = [{"line": i + 1, "text": u.text.strip()} for i, u in enumerate(batch)]
        if reporter is not None:
            reporter.info(
                f"lint: asking the LLM about {len(batch)} unsure "
                f"line{'s' if len(batch) != 1 else ''}"
            )
        try:
            reply = backend.complete_json(
                judge_prompt(templates, items, ruleset, category), JudgeReply, task=JUDGE_TASK
            )
        except BackendError as exc:
            if reporter is not None:
                reporter.warn(
                    f"the --judge llm request failed ({exc.message}); "
                    "keeping the rule findings only"
                )
            return out
        seen: set[tuple[int, str]] = set()
        for item in reply.findings:
            if not 1 <= item.line <= len(batch) or (item.line, item.rule) in seen:
                continue
            seen.add((item.line, item.rule))
            unit = batch[item.line - 1]
            out.append(_finding(unit, item, rules, file))
    return out


def _finding(unit: Unit, item: JudgeItem, rules: dict, file: str) -> Finding:
    rule = rules.get(item.rule)
    text = unit.text
    phrase = item.phrase.strip()
    at = text.find(phrase) if phrase else -1
    if at < 0:
        norm = normalize(text)
        hit = norm.text.find(normalize(phrase).text) if phrase else -1
        if hit >= 0:
            s, e = norm.span(hit, hit + len(normalize(phrase).text))
            at, phrase = s, text[s:e]
        else:
            phrase = ""
    basis = f"{rule.basis} ({SECOND_OPINION})" if rule else SECOND_OPINION
    suggestion = rule.suggestion if rule else "review this line by hand"
    if item.why:
        suggestion = f"{item.why.strip()} — {suggestion}"
    return Finding(
        file=file,
        line=unit.line,
        column=(unit.column_base + at) if unit.column_base is not None and at >= 0 else None,
        start=unit.start,
        end=unit.end,
        segment=unit.segment,
        where=unit.where,
        index=unit.index,
        phrase=phrase,
        rule=rule.id if rule else "judge.llm",
        severity="warning",
        basis=basis,
        suggestion=suggestion,
        context=text.strip(),
    )
