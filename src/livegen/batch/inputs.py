"""What a batch is made of: its inputs and manifest rows turned into recordings.

An input is a file (one recording), a folder (each video file in it is one recording,
not recursive) or a glob (`day/**/*.mp4`). A manifest (CSV or JSONL) gives one row per
recording: its fragments (several files of one stream stay together, in order), chat
log, sales export, specs and per-row run options. A chat log or sales export lying
beside a recording (`rec.chat.jsonl`, `rec.sales.csv`) is picked up for it.

A missing or broken recording is not an error here: it becomes an item that fails alone
when it runs. What is an error here (exit 2, before any work) is a batch that cannot
mean anything: a glob that matches nothing, a folder without recordings, a manifest with
unknown columns or bad values.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from livegen.errors import InputError, UsageError

VIDEO_EXTENSIONS = {".mp4", ".mov", ".mkv", ".flv", ".ts", ".m2ts", ".mts", ".m4v", ".webm",
                    ".avi", ".wmv", ".mpg", ".mpeg", ".3gp"}
CHAT_SUFFIXES = (".chat.jsonl", ".chat.json", ".chat.csv")
SALES_SUFFIXES = (".sales.csv", ".sales.jsonl", ".sales.json")
LIST_SEPARATOR = ";"  # several files in one CSV cell

# Manifest columns (and JSONL keys), with the spellings accepted for each.
COLUMNS: dict[str, tuple[str, ...]] = {
    "media": ("media", "fragments", "files", "file", "source", "recording"),
    "name": ("name",),
    "chat": ("chat",),
    "sales": ("sales",),
    "specs": ("spec", "specs"),
    "platform": ("platform",),
    "language": ("lang", "language"),
    "top": ("top",),
    "model": ("model",),
    "reframe": ("reframe",),
    "size": ("size",),
    "subtitles": ("subtitles",),
}
_ALIASES = {alias: key for key, names in COLUMNS.items() for alias in names}


@dataclass
class RunDefaults:
    """The run options given on the command line; a manifest row overrides any of them."""

    specs: list[str] = field(default_factory=list)
    platform: str = "douyin"
    top: int = 5
    language: str | None = None
    model: str | None = None
    reframe: str = "face"
    size: str | None = None
    subtitles: str = "burn"


@dataclass
class Recording:
    """One recording of the batch, with everything its run needs (absolute paths)."""

    media: list[str]
    name: str  # the wanted folder name (made safe and unique later)
    origin: str  # where it came from, for messages: an input or "manifest.csv:3"
    from_manifest: bool = False
    chat: str | None = None
    sales: str | None = None
    specs: list[str] = field(default_factory=list)
    platform: str = "douyin"
    top: int = 5
    language: str | None = None
    model: str | None = None
    reframe: str = "face"
    size: str | None = None
    subtitles: str = "burn"

    @property
    def key(self) -> str:
        """Its identity across runs of the batch: its files, in order."""
        return "\n".join(self.media)

    def options(self) -> dict[str, Any]:
        """The per-recording run options (what the fingerprint covers besides files)."""
        return {"platform": self.platform, "top": self.top, "language": self.language,
                "model": self.model, "reframe": self.reframe, "size": self.size,
                "subtitles": self.subtitles}


def _absolute(path: str | Path, base: Path | None = None) -> str:
    """Absolute and normalised, symlinks kept: a shared mount is named the same way on
    every node, while its resolved target may not be."""
    p = Path(path).expanduser()
    if not p.is_absolute():
        p = (base or Path.cwd()) / p
    return os.path.abspath(p)


def _sidecar(media: Path, suffixes: tuple[str, ...]) -> str | None:
    stem = media.name[: -len(media.suffix)] if media.suffix else media.name
    for suffix in suffixes:
        candidate = media.with_name(stem + suffix)
        if candidate.is_file():
            return _absolute(candidate)
    return None


def _from_file(path: Path, origin: str, defaults: RunDefaults) -> Recording:
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return Recording(media=[_absolute(path)], name=stem, origin=origin,
                     chat=_sidecar(path, CHAT_SUFFIXES), sales=_sidecar(path, SALES_SUFFIXES),
                     specs=[_absolute(s) for s in defaults.specs], platform=defaults.platform,
                     top=defaults.top, language=defaults.language, model=defaults.model,
                     reframe=defaults.reframe, size=defaults.size, subtitles=defaults.subtitles)


def _videos_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".")
                  and p.suffix.lower() in VIDEO_EXTENSIONS)


def _has_magic(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand_inputs(inputs: list[str], defaults: RunDefaults,
                  exclude: Path | None = None) -> list[Recording]:
    """Recordings named by INPUT arguments, in the order given (folders sorted by name).

    `exclude` (the batch's output folder) is never scanned, so clips rendered into it
    are not taken for recordings on the next run.
    """
    out: list[Recording] = []
    skip = exclude.resolve() if exclude is not None else None

    def inside_output(p: Path) -> bool:
        return skip is not None and (p.resolve() == skip or skip in p.resolve().parents)

    for raw in inputs:
        p = Path(raw).expanduser()
        if p.is_dir():
            if inside_output(p):
                raise UsageError(f"{raw}: is the batch's output folder (or inside it)")
            found = _videos_in(p)
            if not found:
                raise UsageError(f"{raw}: no recordings in this folder",
                                 hint=f"recordings are files ending in "
                                      f"{', '.join(sorted(VIDEO_EXTENSIONS))}")
            out += [_from_file(f, raw, defaults) for f in found]
        elif p.exists() or not _has_magic(raw):
            out.append(_from_file(p, raw, defaults))  # a missing file fails alone later
        else:
            matches = [Path(m) for m in sorted(glob.glob(str(p), recursive=True))]
            files: list[Path] = []
            for m in matches:
                if inside_output(m):
                    continue
                if m.is_dir():
                    files += _videos_in(m)
                elif m.is_file() and m.suffix.lower() in VIDEO_EXTENSIONS:
                    files.append(m)
            if not files:
                raise UsageError(f"{raw}: matches no recording")
            out += [_from_file(f, raw, defaults) for f in files]
    return out


# -- manifests --------------------------------------------------------------------------

def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(LIST_SEPARATOR) if v.strip()]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _row(raw: dict[str, Any], where: str, base: Path, defaults: RunDefaults) -> Recording:
    row: dict[str, Any] = {}
    for k, v in raw.items():
        if k is None:  # a CSV row with more cells than the header
            raise InputError(f"{where}: more cells than the header has columns")
        key = _ALIASES.get(str(k).strip().lower())
        if key is None:
            known = ", ".join(sorted(_ALIASES))
            raise InputError(f"{where}: unknown column '{k}'", hint=f"known columns: {known}")
        row[key] = v
    media = [_absolute(m, base) for m in _split(row.get("media"))]
    if not media:
        raise InputError(f"{where}: no media (the recording's file or files)")
    top = defaults.top
    if _text(row.get("top")) is not None:
        try:
            top = int(str(row["top"]).strip())
        except ValueError:
            raise InputError(f"{where}: top must be a whole number, got {row['top']!r}") from None
    specs = [_absolute(s, base) for s in _split(row.get("specs"))] or \
        [_absolute(s) for s in defaults.specs]
    first = Path(media[0])
    stem = first.name[: -len(first.suffix)] if first.suffix else first.name
    chat, sales = _text(row.get("chat")), _text(row.get("sales"))
    return Recording(
        media=media, name=_text(row.get("name")) or stem, origin=where, from_manifest=True,
        chat=_absolute(chat, base) if chat else _sidecar(first, CHAT_SUFFIXES),
        sales=_absolute(sales, base) if sales else _sidecar(first, SALES_SUFFIXES),
        specs=specs, platform=_text(row.get("platform")) or defaults.platform, top=top,
        language=_text(row.get("language")) or defaults.language,
        model=_text(row.get("model")) or defaults.model,
        reframe=_text(row.get("reframe")) or defaults.reframe,
        size=_text(row.get("size")) or defaults.size,
        subtitles=_text(row.get("subtitles")) or defaults.subtitles)


def read_manifest(path: str, defaults: RunDefaults) -> list[Recording]:
    """The rows of a CSV (with a header) or JSONL manifest; relative paths in it are
    relative to the manifest's folder."""
    from livegen.artifacts import read_text

    p = Path(path)
    text = read_text(p)
    base = p.resolve().parent
    rows: list[Recording] = []
    if p.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{p}:{n}: not valid JSON ({exc.msg})") from None
            if not isinstance(data, dict):
                raise InputError(f"{p}:{n}: expected one JSON object per line")
            rows.append(_row(data, f"{p}:{n}", base, defaults))
    elif p.suffix.lower() in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(text),
                                delimiter="\t" if p.suffix.lower() == ".tsv" else ",")
        if not reader.fieldnames:
            raise InputError(f"{p}: empty manifest (a header line names the columns)")
        for n, data in enumerate(reader, 2):
            if not any((v or "").strip() for v in data.values() if isinstance(v, str)):
                continue
            rows.append(_row(data, f"{p}:{n}", base, defaults))
    else:
        raise InputError(f"{p}: a manifest is a .csv or .jsonl file")
    if not rows:
        raise InputError(f"{p}: the manifest lists no recording")
    return rows


def collect(inputs: list[str], manifest: str | None, defaults: RunDefaults,
            exclude: Path | None = None) -> list[Recording]:
    """Every recording of the batch, manifest rows first, each set of files once."""
    found = (read_manifest(manifest, defaults) if manifest else []) + \
        expand_inputs(inputs, defaults, exclude)
    if not found:
        raise UsageError("no recordings given", hint="pass files, folders, globs or --manifest")
    seen: dict[str, Recording] = {}
    for rec in found:
        seen.setdefault(rec.key, rec)
    return list(seen.values())


def with_names(recordings: list[Recording], names: list[str]) -> list[Recording]:
    return [replace(r, name=n) for r, n in zip(recordings, names, strict=True)]
