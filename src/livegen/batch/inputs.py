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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livegen.errors import InputError, UsageError

if TYPE_CHECKING:
    from livegen.pipeline import RunOptions

VIDEO_EXTENSIONS = {
    ".mp4",
    ".mov",
    ".mkv",
    ".flv",
    ".ts",
    ".m2ts",
    ".mts",
    ".m4v",
    ".webm",
    ".avi",
    ".wmv",
    ".mpg",
    ".mpeg",
    ".3gp",
}
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

# The run options one recording may set (on the command line for all, or per manifest
# row): each is the `pipeline.RunOptions` field of that name, and takes its default.
RUN_FIELDS = ("platform", "top", "language", "model", "reframe", "size", "subtitles")


def run_option_defaults() -> dict[str, Any]:
    """RUN_FIELDS with `pipeline.RunOptions`' own defaults."""
    from livegen.pipeline import RunOptions

    return {f.name: f.default for f in fields(RunOptions) if f.name in RUN_FIELDS}


class RunDefaults:
    """The run options given on the command line; a manifest row overrides any of them."""

    def __init__(self, specs: Sequence[str] = (), **options: Any) -> None:
        unknown = sorted(set(options) - set(RUN_FIELDS))
        if unknown:
            raise TypeError(f"not a per-recording run option: {', '.join(unknown)}")
        self.specs = list(specs)
        self.options: dict[str, Any] = {**run_option_defaults(), **options}


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
    # RUN_FIELDS, each set (what the fingerprint covers besides the files)
    options: dict[str, Any] = field(default_factory=run_option_defaults)

    @property
    def key(self) -> str:
        """Its identity across runs of the batch: its files, in order."""
        return "\n".join(self.media)

    def run_options(self, out_dir: Path, **settings: Any) -> RunOptions:
        """The `livegen run` of this recording into `out_dir`; `settings` are the other
        RunOptions fields (jobs, force, until...)."""
        from livegen.pipeline import RunOptions

        return RunOptions(
            media=list(self.media),
            out_dir=out_dir,
            chat=self.chat,
            sales=self.sales,
            specs=list(self.specs),
            **self.options,
            **settings,
        )


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
    return Recording(
        media=[_absolute(path)],
        name=stem,
        origin=origin,
        chat=_sidecar(path, CHAT_SUFFIXES),
        sales=_sidecar(path, SALES_SUFFIXES),
        specs=[_absolute(s) for s in defaults.specs],
        options=dict(defaults.options),
    )


def _videos_in(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in VIDEO_EXTENSIONS
    )


def _has_magic(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand_inputs(
    inputs: list[str], defaults: RunDefaults, exclude: Path | None = None
) -> list[Recording]:
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
                raise UsageError(
                    f"{raw}: no recordings in this folder",
                    hint=f"recordings are files ending in {', '.join(sorted(VIDEO_EXTENSIONS))}",
                )
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
    options = dict(defaults.options)
    for name in RUN_FIELDS:
        value = _text(row.get(name))
        if value is None:
            continue
        if name == "top":
            try:
                options[name] = int(value)
            except ValueError:
                raise InputError(
                    f"{where}: top must be a whole number, got {row['top']!r}"
                ) from None
        else:
            options[name] = value
    specs = [_absolute(s, base) for s in _split(row.get("specs"))] or [
        _absolute(s) for s in defaults.specs
    ]
    first = Path(media[0])
    stem = first.name[: -len(first.suffix)] if first.suffix else first.name
    chat, sales = _text(row.get("chat")), _text(row.get("sales"))
    return Recording(
        media=media,
        name=_text(row.get("name")) or stem,
        origin=where,
        from_manifest=True,
        chat=_absolute(chat, base) if chat else _sidecar(first, CHAT_SUFFIXES),
        sales=_absolute(sales, base) if sales else _sidecar(first, SALES_SUFFIXES),
        specs=specs,
        options=options,
    )


def read_manifest(path: str, defaults: RunDefaults) -> list[Recording]:
    """The rows of a CSV (with a header) or JSONL manifest; relative paths in it are
    relative to the manifest's folder."""
    from livegen.artifacts import read_text

    p = Path(path)
    base = p.resolve().parent
    rows = [_row(data, f"{p}:{n}", base, defaults) for n, data in _manifest_rows(p, read_text(p))]
    if not rows:
        raise InputError(f"{p}: the manifest lists no recording")
    return rows


def _manifest_rows(p: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) of each non-blank row of a JSONL or CSV/TSV manifest."""
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{p}:{n}: not valid JSON ({exc.msg})") from None
            if not isinstance(data, dict):
                raise InputError(f"{p}:{n}: expected one JSON object per line")
            yield n, data
    elif suffix in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")
        if not reader.fieldnames:
            raise InputError(f"{p}: empty manifest (a header line names the columns)")
        for n, row in enumerate(reader, 2):
            if any((v or "").strip() for v in row.values() if isinstance(v, str)):
                yield n, dict(row)
    else:
        raise InputError(f"{p}: a manifest is a .csv or .jsonl file")


def collect(
    inputs: list[str], manifest: str | None, defaults: RunDefaults, exclude: Path | None = None
) -> list[Recording]:
    """Every recording of the batch, manifest rows first, each set of files once."""
    found = (read_manifest(manifest, defaults) if manifest else []) + expand_inputs(
        inputs, defaults, exclude
    )
    if not found:
        raise UsageError("no recordings given", hint="pass files, folders, globs or --manifest")
    seen: dict[str, Recording] = {}
    for rec in found:
        seen.setdefault(rec.key, rec)
    return list(seen.values())


def with_names(recordings: list[Recording], names: list[str]) -> list[Recording]:
    return [replace(r, name=n) for r, n in zip(recordings, names, strict=True)]
