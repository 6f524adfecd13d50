"""Render a ChatReport as readable text, and its unanswered questions as FAQ YAML."""

from __future__ import annotations

import json
from collections import Counter

from livegen.chat.analyze import placeholder_answer
from livegen.schemas.chat import ChatReport, QuestionGroup
from livegen.timefmt import mmss

BAR = 24


def _answered(g: QuestionGroup, zh: bool) -> str:
    if g.answered is None:
        return ""
    if g.answered:
        return f"  ✓ FAQ: {g.faq_question}"
    return "  ✗ 未在FAQ中" if zh else "  ✗ not in FAQ"


def render_text(report: ChatReport, *, max_flagged: int = 8) -> str:
    zh = report.language == "zh"
    out: list[str] = []
    out.append(
        f"Chat log {report.source}: {report.messages} messages from {report.viewers} "
        f"viewers over {mmss(report.duration)} ({report.language})"
    )
    rate = report.rate
    out.append("")
    out.append(f"Message rate per {rate.bucket_seconds:g} s (baseline {rate.baseline:g}; * = peak)")
    top = max((b.count for b in rate.buckets), default=0) or 1
    for b in rate.buckets:
        bar = "█" * max(1 if b.count else 0, round(b.count / top * BAR))
        mark = f"  * ×{b.ratio:g}" if b.peak else ""
        out.append(f"  {mmss(b.start)}  {bar:<{BAR}} {b.count:>4}{mark}")

    out.append("")
    out.append(f"Top questions ({report.question_messages} question messages)")
    if not report.questions:
        out.append("  none")
    for n, g in enumerate(report.questions, 1):
        out.append(
            f"  {n:>2}. [{g.topic_label}] {g.question}  ×{g.count} "
            f"({g.viewers} viewer{'' if g.viewers == 1 else 's'}, "
            f"{mmss(g.first)}–{mmss(g.last)})"
            f"{_answered(g, zh)}"
        )
        if g.variants:
            out.append(f"      also: {' · '.join(g.variants[:4])}")

    out.append("")
    out.append(f"Purchase intent ({report.intent_messages} messages)")
    if not report.intent_moments:
        out.append("  no burst")
    for m in report.intent_moments:
        out.append(
            f"  {mmss(m.start)}–{mmss(m.end)}  {m.count} messages, busiest at "
            f"{mmss(m.peak)}: {' · '.join(m.examples[:4])}"
        )

    out.append("")
    cats = Counter(r for f in report.negative for r in f.reasons)
    summary = ", ".join(f"{c} {n}" for c, n in cats.most_common())
    out.append(f"Negative feedback ({len(report.negative)}{': ' + summary if summary else ''})")
    for f in report.negative[:max_flagged]:
        out.append(f"  {mmss(f.time)}  {f.user}: {f.text}  [{', '.join(f.reasons)}]")
    if len(report.negative) > max_flagged:
        out.append(f"  … {len(report.negative) - max_flagged} more (--format json lists all)")

    out.append("")
    out.append(f"Spam / violating messages ({len(report.spam)})")
    for f in report.spam[:max_flagged]:
        out.append(f"  {mmss(f.time)}  {f.user}: {f.text}  [{', '.join(f.reasons)}]")
    if len(report.spam) > max_flagged:
        out.append(f"  … {len(report.spam) - max_flagged} more (--format json lists all)")
    return "\n".join(out) + "\n"


def faq_yaml(report: ChatReport, *, top: int) -> tuple[str, int]:
    """FAQ entries for the most asked questions the spec does not answer yet.

    The answers are placeholders the creator must replace; they are non-empty on purpose
    so the merged spec still validates while it waits for the real answer.
    """
    groups = [g for g in report.questions if not g.answered][:top]
    lines = [
        f"# Questions viewers asked in {report.source} that the product FAQ does not answer.",
        "# Replace each placeholder answer, then merge these entries into the spec's `faq:`.",
        "faq:",
    ]
    for g in groups:
        lines.append(
            f"  # {g.topic_label} · asked {g.count}× by {g.viewers} viewers, "
            f"first at {mmss(g.first)}"
        )
        lines.append(f"  - question: {json.dumps(g.question, ensure_ascii=False)}")
        answer = placeholder_answer(g.question)
        lines.append(f"    answer: {json.dumps(answer, ensure_ascii=False)}")
    if not groups:
        lines[-1] = "faq: []"
    return "\n".join(lines) + "\n", len(groups)
