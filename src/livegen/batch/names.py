"""Run-folder names for the recordings of a batch: unique, safe on every file system.

A name comes from the recording (its file stem, or the manifest's `name`); it keeps CJK
and other letters, drops what Windows, macOS or Linux would refuse or misread, is cut by
UTF-8 bytes (file names are limited in bytes, and clip names inside the folder grow
from it), and is unique case-insensitively so a copy to a case-insensitive disk keeps
every folder apart. A recording keeps the name an earlier run of the batch gave it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

MAX_BYTES = 80  # leaves room under NAME_MAX (255) for clip names that start with it
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}
# Names the batch itself uses in its folder.
RESERVED = {"batch.json", "index.html"}


def cut_bytes(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 form fits in `limit` bytes."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def safe_name(text: str, limit: int = MAX_BYTES) -> str:
    """A folder name for `text`: no separators, control or reserved characters."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("-", text)
    text = _SPACES.sub("-", text.strip())
    text = re.sub(r"-{2,}", "-", text)
    text = text.lstrip(".-").rstrip(". -")  # no hidden folders, no option-like names
    text = cut_bytes(text, limit).rstrip(". -")
    if not text:
        return "recording"
    if text.split(".")[0].lower() in _WINDOWS_RESERVED or text.lower() in RESERVED:
        text = f"{text}-rec"
    return text


def assign_names(
    wanted: Sequence[str],
    keys: Sequence[str],
    previous: Mapping[str, str] | None = None,
    taken: Iterable[str] = (),
) -> list[str]:
    """One unique name per recording, in order.

    `wanted[i]` is the raw name of recording `i` and `keys[i]` its identity (its sources);
    `previous` maps identities to the names an earlier run gave them, which are kept so
    that a re-run finds its run folders even when recordings were added in between.
    """
    previous = previous or {}
    used = {n.casefold() for n in taken}
    names: list[str | None] = [None] * len(wanted)
    for i, key in enumerate(keys):  # earlier names first: they own their folders
        old = previous.get(key)
        if old and safe_name(old) == old and old.casefold() not in used:
            names[i] = old
            used.add(old.casefold())
    for i, raw in enumerate(wanted):
        if names[i] is not None:
            continue
        base = safe_name(raw)
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            suffix = f"-{n}"
            name = cut_bytes(base, MAX_BYTES - len(suffix)).rstrip(". -") + suffix
        names[i] = name
        used.add(name.casefold())
    return [n for n in names if n is not None]
