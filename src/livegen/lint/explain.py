"""`livegen lint --explain RULE`: what a rule looks for, why, and what it lets through."""

from __future__ import annotations

import difflib
import re

from livegen.errors import UsageError
from livegen.lint.ruleset import CATEGORIES, LANGS, Rule, build_ruleset, concepts

_SHOWN_PATTERNS = 8
_CONCEPT_NAME = re.compile(r"\{([a-z][a-z_]*)\}")


_READS = {
    "role": "a superlative in a non-claim role — advice (最好先…, best to…), a floor or"
    " ceiling (最低起购, maximum three), a time (最早发货), a setting (最低档, lowest setting),"
    " the shop's own range — is not a finding; a market scope (全网, anywhere) keeps it one",
    "reference": "a reference price with its basis in the sentence (前7日最低成交价, lowest"
    " price in the past 30 days) drops it to info citing the basis",
    "study": "a result stated with its study and sample in the sentence (30名受试者…80%, in a"
    " 4-week study of 30 users, 80% said…) drops it to info citing the study",
    "registration": "its sentence naming the registration that permits the claim (特殊化妆品,"
    " 国妆特字) drops it to info",
    "record": "a status with its record (编号, 备案号可查, 510(k) number, FCC ID) or accurate as"
    " worded (FDA-registered facility) drops it to info; a status that says its limit (not"
    " FDA approval, 备案不代表推荐) is not a finding",
}


def _short(body: str, limit: int = 90) -> str:
    words = body.replace("|", ", ")
    return words if len(words) <= limit else words[:limit].rsplit(",", 1)[0] + ", …"


def all_rules() -> dict[str, Rule]:
    """Every shipped rule, first definition of each id (general before a category's)."""
    found: dict[str, Rule] = {}
    for lang in LANGS:
        for category in CATEGORIES:
            for rule in build_ruleset(lang, category).rules:
                found.setdefault(rule.id, rule)
    return found


def find_rule(rule_id: str) -> Rule:
    rules = all_rules()
    if rule_id in rules:
        return rules[rule_id]
    close = difflib.get_close_matches(rule_id, list(rules), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"--explain: no rule '{rule_id}'{hint}")


def explain(rule: Rule) -> str:
    """Plain text: id, severity, scope, basis, safer wording, patterns, examples, exceptions
    and the context that changes a finding."""
    lines = [f"{rule.id}  ({rule.severity}; {rule.source}; category {rule.category})", ""]
    lines += ["basis:", f"  {rule.basis}", "", "safer wording:", f"  {rule.suggestion}", ""]
    lines.append("looks for:")
    if rule.words:
        lines.append(f"  words: {', '.join(rule.words)}")
    shown = rule.regex_source[:_SHOWN_PATTERNS]
    lines += [f"  regex: {p}" for p in shown]
    if len(rule.regex_source) > len(shown):
        lines.append(f"  … and {len(rule.regex_source) - len(shown)} more")
    for parts in rule.together_source:
        lines.append(f"  together in one sentence, any order: {' + '.join(parts)}")
    names = sorted(
        {n for parts in rule.together_source for p in parts for n in _CONCEPT_NAME.findall(p)}
    )
    if names:
        lang = rule.id.split(".", 1)[0]
        table = concepts(lang)
        lines += [f"    {{{n}}}: {_short(table.get(n, '?'))}" for n in names]
    if rule.examples:
        lines += ["", "examples it flags:"] + [f"  {e}" for e in rule.examples]
    lines += ["", "exceptions and context:"]
    lines += [f"  not a finding when it overlaps: {u}" for u in rule.unless_source]
    lines.append(
        "  a negation just before it (不能 / 不敢说 / won't say) cancels it"
        if rule.negatable
        else "  negation does not cancel it (the wording is the claim)"
    )
    if rule.quotable:
        lines.append(
            "  quoted as someone else's and disowned (别信那些说…的 / anyone who says … is"
            " lying), named as a word one may not say, refused or denied: not a finding"
        )
    lines += [f"  {_READS[r]}" for r in sorted(rule.reads)]
    if rule.sourceable:
        lines.append(
            "  a source named in the line (据后台数据 / per our order report) drops it to info"
        )
    if rule.backable:
        how = (
            "a spec proof whose claims cover the phrase"
            if rule.backing == "claims"
            else "a spec proof whose claims cover it, or named in the same clause"
        )
        lines.append(f"  {how} drops it to info")
    else:
        lines.append("  no proof can back it")
    if rule.fallback:
        lines.append("  reported only where no more specific rule matched the same words")
    if rule.category != "general":
        lines.append(
            "  when the category is only guessed from the text, it reports at most a warning"
        )
    return "\n".join(lines) + "\n"
