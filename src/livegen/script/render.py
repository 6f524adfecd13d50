"""Output formats: Markdown for reading on camera, JSON for tools, text and CSV for variants."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from livegen.artifacts import to_json
from livegen.platforms import get_platform
from livegen.schemas.findings import Finding
from livegen.schemas.script import Script, Variant
from livegen.templating import Templates
from livegen.timefmt import mmss

STYLE_NAMES = {
    "zh": {"promo": "促销带货", "story": "故事讲述", "knowledge": "知识分享"},
    "en": {"promo": "promotion", "story": "storytelling", "knowledge": "knowledge sharing"},
}


def script_markdown(script: Script, templates: Templates) -> str:
    templates.env.filters["mmss"] = mmss
    context = {
        "script": script.model_dump(mode="json"),
        "platform_label": get_platform(script.platform).label,
        "style_name": STYLE_NAMES[script.language][script.style],
    }
    text = templates.render("render/script.md.j2", context)
    body = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return f"{body}\n\n{provenance_comment(script)}\n"


def provenance_comment(script: Script) -> str:
    """The implicit label: an HTML comment `livegen lint` recognises in Markdown.

    Added in code, not in the template, so a restyled template cannot lose it; with it,
    `livegen lint` knows the file is generated and warns when the visible label is gone.
    It deliberately does not spell the visible label's words, or deleting the label
    line would go unnoticed.
    """
    gb = script.generated_by
    parts = [f"{gb.tool} {gb.version}", f"backend={gb.backend}"]
    if gb.model:
        parts.append(f"model={' '.join(gb.model.split())}")
    if gb.seed is not None:
        parts.append(f"seed={gb.seed}")
    parts += [f"ai_generated={'true' if gb.ai_generated else 'false'}", f"created={gb.created}"]
    return f"<!-- generated_by: {'; '.join(parts).replace('--', '- -')} -->"


def script_json(script: Script) -> str:
    return to_json(script)


def variants_text(items: list[Variant], label: str | None) -> str:
    out = [label] if label else []
    width = len(str(len(items)))
    out += [f"{i:>{width}}. [{v.angle}] {v.text}" for i, v in enumerate(items, 1)]
    return "\n".join(out) + "\n"


def variants_json(items: list[Variant], label: str | None, findings: Sequence[Finding] = ()) -> str:
    """One object per variant; `lint` lists the findings on that variant (usually none)."""
    by_index: dict[int, list[dict[str, object]]] = {}
    for f in findings:
        if f.index is not None:
            by_index.setdefault(f.index, []).append(
                f.model_dump(mode="json", exclude_none=True, exclude={"index", "file"})
            )
    data = [
        {
            "text": v.text,
            "angle": v.angle,
            "chars": len(v.text),
            "label": label,
            "lint": by_index.get(i, []),
        }
        for i, v in enumerate(items)
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def variants_csv(items: list[Variant], label: str | None, *, excel: bool = False) -> str:
    """CSV for an A/B sheet. Excel reads UTF-8 only with a byte-order mark, so one is added
    when the text has Chinese (or always with `excel=True`, which also ends lines CRLF)."""
    from livegen.text import has_cjk

    buf = io.StringIO()
    bom = excel or any(has_cjk(v.text) for v in items) or bool(label and has_cjk(label))
    if bom:
        buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n" if excel else "\n")
    writer.writerow(["n", "angle", "text", "chars", "label"])
    for i, v in enumerate(items, 1):
        writer.writerow([i, v.angle, v.text, len(v.text), label or ""])
    return buf.getvalue()
