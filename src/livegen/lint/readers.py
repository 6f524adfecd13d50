"""Turning input files into text units with positions.

Formats are recognised by content first and extension second, so a pipe (`-`) works:
livegen Script JSON, transcript JSON, title/CTA lists (JSON or CSV), SRT, WebVTT,
Markdown and plain text. Every unit keeps the position a person needs to jump to it:
a line number, a JSON path inside an artifact, or cue times in seconds.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livegen.artifacts import artifact_from_data, is_stdio, read_text
from livegen.errors import ArtifactError, InputError
from livegen.lint.engine import Unit
from livegen.safeload import load_json
from livegen.schemas.common import AI_LABEL
from livegen.schemas.script import Script
from livegen.schemas.transcript import Transcript
from livegen.text import is_cjk_char
from livegen.timefmt import parse_subtitle_stamp

MEDIA_SUFFIXES = {
    ".mp4",
    ".mov",
    ".mkv",
    ".flv",
    ".ts",
    ".webm",
    ".avi",
    ".mp3",
    ".wav",
    ".m4a",
    ".aac",
    ".flac",
    ".ogg",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
}
_SRT_START = re.compile(r"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")
_TAGS = re.compile(r"<[^>]+>|\{\\[^}]*\}")
# Visible AI labels other tools or older versions may have written.
_LABEL_RE = re.compile(
    r"【AI生成】|\[AI[- ]generated\]|AI生成|AI-generated|人工智能(?:辅助)?生成", re.IGNORECASE
)
# Markdown written by livegen says so, in front matter or an HTML comment.
_MD_PROVENANCE = re.compile(
    r"^\s*(?:<!--\s*)?(?:generated_by\s*:|livegen\b[^\n]*ai_generated)",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass
class Document:
    """One input, read: its text units and what we know about where it came from."""

    file: str
    kind: str  # script | transcript | variants | srt | vtt | markdown | text
    units: list[Unit]
    lang: str | None = None  # language the artifact declares, if any
    generated: bool = False  # written by livegen (carries a generated_by block)
    labelled: bool = True  # the visible AI label is present
    script: Script | None = field(default=None, repr=False)


def has_label(text: str) -> bool:
    return any(lbl in text for lbl in AI_LABEL.values()) or bool(_LABEL_RE.search(text))


class _LineIndex:
    """Finds the file line of each string of a JSON document, in document order."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.breaks = [m.start() for m in re.finditer("\n", raw)]
        self.cursor = 0

    def line_of(self, value: str) -> int | None:
        for encoded in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
            at = self.raw.find(encoded, self.cursor)
            if at < 0:
                at = self.raw.find(encoded)
            if at >= 0:
                self.cursor = at + len(encoded)
                return bisect.bisect_right(self.breaks, at) + 1
        return None


def _text_units(text: str, *, skip_front_matter: bool = False) -> list[Unit]:
    # Split on newlines only, as editors count lines (splitlines() also breaks on
    # form feeds and U+2028, which would shift every later line number).
    lines = [line.rstrip("\r") for line in text.split("\n")]
    first = 0
    if skip_front_matter and lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                first = i + 1
                break
    return [
        Unit(text=line, line=i + 1, column_base=1)
        for i, line in enumerate(lines)
        if i >= first and line.strip()
    ]


def _script_units(script: Script, raw: str | None) -> list[Unit]:
    index = _LineIndex(raw) if raw is not None else None
    units: list[Unit] = []

    def add(text: str, where: str, segment: int | None = None) -> None:
        if not text.strip():
            return
        line = index.line_of(text) if index else None
        units.append(Unit(text=text, line=line, segment=segment, where=where))

    for i, seg in enumerate(script.segments):
        add(seg.title, f"segments[{i}].title", i)
        for j, line in enumerate(seg.lines):
            add(line, f"segments[{i}].lines[{j}]", i)
        for j, cue in enumerate(seg.cues):
            add(cue, f"segments[{i}].cues[{j}]", i)
    for name, variants in (("titles", script.titles), ("ctas", script.ctas)):
        for k, v in enumerate(variants):
            add(v.text, f"{name}[{k}].text")
    return units


def script_units(script: Script) -> list[Unit]:
    """Units of an in-memory Script (no file lines: positions are JSON paths)."""
    return _script_units(script, None)


def _transcript_units(tr: Transcript, raw: str) -> list[Unit]:
    index = _LineIndex(raw)
    return [
        Unit(
            text=s.text,
            line=index.line_of(s.text),
            segment=s.id,
            start=s.start,
            end=s.end,
            where=f"segments[{i}].text",
        )
        for i, s in enumerate(tr.segments)
        if s.text.strip()
    ]


def _variant_units(data: Any, raw: str, source: str) -> list[Unit] | None:
    """Titles/CTA lists: [{text, angle}], {"titles": [...], "ctas": [...]}, or [str]."""
    index = _LineIndex(raw)
    groups: list[tuple[str, list[Any]]] = []
    if isinstance(data, list):
        groups.append(("", data))
    elif isinstance(data, dict) and any(isinstance(data.get(k), list) for k in ("titles", "ctas")):
        groups = [(k, data[k]) for k in ("titles", "ctas") if isinstance(data.get(k), list)]
    else:
        return None
    units = []
    for name, items in groups:
        for k, item in enumerate(items):
            if isinstance(item, str):
                text, where = item, f"{name}[{k}]"
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                text, where = item["text"], f"{name}[{k}].text"
            else:
                raise ArtifactError(
                    f"{source}: item {name}[{k}] has no 'text'; expected a list "
                    "of {{text, angle}} variants"
                )
            if text.strip():
                units.append(Unit(text=text, line=index.line_of(text), where=where))
    return units


def _csv_units(text: str, source: str) -> list[Unit]:
    reader = csv.reader(io.StringIO(text))
    units: list[Unit] = []
    column = 0
    last_line = 0
    header_seen = False
    for row in reader:
        start = last_line + 1
        last_line = reader.line_num
        if not row:
            continue
        if not header_seen:
            header_seen = True
            names = [c.strip().lower() for c in row]
            if "text" in names:
                column = names.index("text")
                continue
        if column < len(row) and row[column].strip():
            units.append(Unit(text=row[column], line=start, where=f"row {start}"))
    if not header_seen:
        raise InputError(f"{source}: empty CSV file")
    return units


def _join_cue(lines: list[str]) -> str:
    out = ""
    for part in lines:
        part = _TAGS.sub("", part).strip()
        if not part:
            continue
        if out and not (is_cjk_char(out[-1]) and is_cjk_char(part[0])):
            out += " "
        out += part
    return out


def _cue_units(text: str, source: str) -> list[Unit]:
    """SRT and WebVTT cues: one unit per cue, text lines joined, times in seconds."""
    lines = text.splitlines()
    units: list[Unit] = []
    i = 0
    n = len(lines)
    while i < n:
        if "-->" not in lines[i]:
            i += 1
            continue
        timing = lines[i]
        left, _, right = timing.partition("-->")
        try:
            start = parse_subtitle_stamp(left)
            end = parse_subtitle_stamp(right.strip().split(" ")[0])
        except ValueError:
            raise InputError(f"{source}: line {i + 1}: bad cue timing {timing.strip()!r}") from None
        j = i + 1
        body: list[str] = []
        while j < n and lines[j].strip():
            body.append(lines[j])
            j += 1
        cue = _join_cue(body)
        if cue:
            units.append(Unit(text=cue, line=i + 2, start=start, end=end, segment=len(units) + 1))
        i = j
    return units


def _from_json(data: Any, raw: str, source: str) -> Document | None:
    if (
        isinstance(data, dict)
        and "schema_version" in data
        and isinstance(data.get("segments"), list)
    ):
        if "generated_by" in data or "product" in data:
            script = artifact_from_data(data, Script, kind="script", source=source)
            return Document(
                file=source,
                kind="script",
                units=_script_units(script, raw),
                lang=script.language,
                generated=script.generated_by.ai_generated,
                labelled=bool(script.label and script.label.strip()),
                script=script,
            )
        tr = artifact_from_data(data, Transcript, kind="transcript", source=source)
        lang = tr.language[:2] if tr.language[:2] in ("zh", "en") else None
        if tr.language in ("yue", "wuu"):
            lang = "zh"
        return Document(file=source, kind="transcript", units=_transcript_units(tr, raw), lang=lang)
    units = _variant_units(data, raw, source)
    if units is None:
        return None
    return Document(file=source, kind="variants", units=units)


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read one input into a Document; `-` reads stdin (plain text, or a livegen JSON)."""
    stdin = is_stdio(path)
    source = "<stdin>" if stdin else str(path)
    suffix = "" if stdin else Path(path).suffix.lower()
    if suffix in MEDIA_SUFFIXES:
        raise InputError(
            f"{source}: is a media file, not text",
            hint="transcribe it first (livegen transcribe) and lint the transcript",
        )
    raw = read_text(path)
    if "\x00" in raw:
        raise InputError(f"{source}: looks binary, expected text")
    head = raw.lstrip()
    if suffix == ".json" or (head[:1] in ("{", "[")):
        try:
            data = load_json(raw, source)
        except InputError:
            if suffix == ".json":
                raise
            data = None
        if data is not None:
            doc = _from_json(data, raw, source)
            if doc is not None:
                return doc
            if suffix == ".json":
                raise ArtifactError(
                    f"{source}: not a livegen script, transcript or titles/CTA list"
                )
    if suffix == ".vtt" or head.startswith("WEBVTT"):
        return Document(file=source, kind="vtt", units=_cue_units(raw, source))
    if suffix == ".srt" or _SRT_START.match(raw):
        return Document(file=source, kind="srt", units=_cue_units(raw, source))
    if suffix in (".csv", ".tsv"):
        return Document(file=source, kind="variants", units=_csv_units(raw, source))
    if suffix in (".md", ".markdown") or (suffix in ("", ".txt") and _MD_PROVENANCE.search(raw)):
        # Markdown by name, or livegen's Markdown arriving through a pipe
        generated = bool(_MD_PROVENANCE.search(raw))
        return Document(
            file=source,
            kind="markdown",
            units=_text_units(raw, skip_front_matter=True),
            generated=generated,
            labelled=has_label(raw),
        )
    return Document(file=source, kind="text", units=_text_units(raw))
