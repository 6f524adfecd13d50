"""Rendering findings for people (text) and machines (JSON, SARIF 2.1.0).

SARIF is what code-review and CI tools ingest; every finding carries a physical location
(file and line when known) and, for transcripts and subtitles, the cue times in
`properties` plus a logical location named after the timestamp.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from livegen import __version__
from livegen.lint.api import RuleInfo
from livegen.schemas.findings import Finding, FindingsReport
from livegen.timefmt import timeline

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def location(f: Finding) -> str:
    """Where a finding is, as a person jumps to it."""
    name = f.file or (f"text {f.index}" if f.index is not None else "<text>")
    if f.start is not None:
        span = timeline(f.start) + (f"-{timeline(f.end)}" if f.end is not None else "")
        return f"{name} {span}"
    where = name
    if f.line is not None:
        where += f":{f.line}"
        if f.column is not None:
            where += f":{f.column}"
    if f.where:
        where += f" [{f.where}]"
    return where


def format_text(findings: Sequence[Finding]) -> str:
    """One line per finding: location, severity, rule, phrase, basis, suggestion."""
    lines = []
    for f in findings:
        phrase = f' "{f.phrase}"' if f.phrase else ""
        tail = f" | suggestion: {f.suggestion}" if f.suggestion else ""
        lines.append(f"{location(f)}: {f.severity} [{f.rule}]{phrase}: {f.basis}{tail}")
    return "".join(line + "\n" for line in lines)


def format_json(findings: Sequence[Finding]) -> str:
    report = FindingsReport(findings=list(findings))
    return (
        json.dumps(report.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)
        + "\n"
    )


def _uri(file: str) -> str:
    if not file or file == "<stdin>":
        return "stdin"
    p = Path(file)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def format_sarif(findings: Sequence[Finding], rules: Sequence[RuleInfo]) -> str:
    catalog = {r.id: r for r in rules}
    for f in findings:  # a finding's rule is always described, even from a user file
        catalog.setdefault(f.rule, RuleInfo(f.rule, f.severity, f.basis, f.suggestion))
    ids = list(catalog)
    driver_rules = [
        {
            "id": r.id,
            "name": r.id,
            "shortDescription": {"text": r.basis.split("；")[0].split("; ")[0][:200]},
            "fullDescription": {"text": r.basis},
            "help": {"text": r.suggestion or r.basis},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        }
        for r in catalog.values()
    ]
    results = []
    for f in findings:
        physical: dict[str, object] = {"artifactLocation": {"uri": _uri(f.file)}}
        if f.line is not None:
            region: dict[str, object] = {"startLine": f.line}
            if f.column is not None:
                region["startColumn"] = f.column
                region["endColumn"] = f.column + len(f.phrase)
            if f.context:
                region["snippet"] = {"text": f.context}
            physical["region"] = region
        loc: dict[str, object] = {"physicalLocation": physical}
        logical = []
        if f.where:
            logical.append({"fullyQualifiedName": f.where, "kind": "element"})
        if f.start is not None:
            logical.append({"name": timeline(f.start), "kind": "time"})
        if logical:
            loc["logicalLocations"] = logical
        props: dict[str, object] = {
            "basis": f.basis,
            "suggestion": f.suggestion,
            "phrase": f.phrase,
        }
        for key in ("start", "end", "segment", "index"):
            value = getattr(f, key)
            if value is not None:
                props[key] = value
        if f.start is not None:
            props["timestamp"] = timeline(f.start)
        if f.backed_by:
            props["backedBy"] = f.backed_by
        text = f'"{f.phrase}": {f.basis}' if f.phrase else f.context or f.basis
        if f.suggestion:
            text += f" Suggestion: {f.suggestion}"
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": ids.index(f.rule),
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": text},
                "locations": [loc],
                "properties": props,
            }
        )
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "livegen-lint",
                        "version": __version__,
                        "rules": driver_rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
