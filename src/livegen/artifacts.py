"""Reading inputs and writing outputs safely.

Every file livegen writes goes through `atomic_output`: the data lands in a temporary
file beside the target and is renamed into place only when complete, so a crash or
Ctrl-C never leaves a half-written file, and an existing file is only replaced with
`force=True`. `-` means stdin/stdout so stages chain in a shell pipe.

This module also owns what may be written where: never onto one of the process's
inputs (compared by resolved path and by inode, so links and `./` spellings count),
never a name longer than the file system allows (temporary name included), never onto
a folder; and a full disk is one `DiskFullError` naming the place and the size needed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from livegen.errors import ArtifactError, DiskFullError, InputError, OutputExistsError

STDIO = "-"

if TYPE_CHECKING:  # pydantic is imported by the readers that need it (`--help` stays fast)
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")


def _file_mode() -> int:
    """0666 less the process umask: the mode `open()` would give a new file."""
    current = os.umask(0)
    os.umask(current)
    return 0o666 & ~current


_FILE_MODE = _file_mode()


def is_stdio(path: str | os.PathLike[str] | None) -> bool:
    return path is not None and str(path) == STDIO


# -- inputs: what an output must never replace ------------------------------------------------

_inputs: dict[str, tuple[int, int] | None] = {}
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)
# ".{name}.{8 hex}.part{suffix}" around the target's own name
_TEMP_EXTRA = len(".") + len(".") + 8 + len(".part")


def note_inputs(*paths: str | os.PathLike[str] | None) -> None:
    """Remember files this process reads, so no output can be written over one of them."""
    for path in paths:
        if path is None or is_stdio(path):
            continue
        try:
            resolved = str(Path(path).resolve())
        except (OSError, RuntimeError):
            continue
        try:
            st = os.stat(resolved)
            _inputs[resolved] = (st.st_dev, st.st_ino)
        except OSError:
            _inputs[resolved] = None


def forget_input(path: str | os.PathLike[str]) -> None:
    """Take back `note_inputs` for one file that the command reads as its own state."""
    with contextlib.suppress(OSError, RuntimeError):
        _inputs.pop(str(Path(path).resolve()), None)


def forget_inputs() -> None:
    """Start a new command with no inputs noted (the CLI boundary calls this)."""
    _inputs.clear()


def _is_input(p: Path) -> bool:
    try:
        resolved = str(p.resolve())
    except (OSError, RuntimeError):
        return False
    if resolved in _inputs:
        return True
    try:
        st = os.stat(resolved)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in {v for v in _inputs.values() if v is not None}


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text input; `-` reads stdin. Errors name the file."""
    if is_stdio(path):
        return sys.stdin.read()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    note_inputs(p)
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


# -- names ------------------------------------------------------------------------------------


def name_max(folder: str | os.PathLike[str] = ".") -> int:
    """The longest file name (in bytes) the file system of `folder` takes."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError):
        return 255


def fit_name(
    stem: str, suffix: str, folder: str | os.PathLike[str] = ".", *, reserve: int = _TEMP_EXTRA + 8
) -> str:
    """`stem + suffix`, the stem cut (by UTF-8 bytes, on a character boundary) so the
    name and the temporary name it is first written under fit the file system.

    `reserve` leaves room for the temporary name's extra bytes and a longer sibling
    suffix (`.part.mp4`, `.srt`, `.jpg` of the same clip).
    """
    limit = name_max(folder) - reserve - len(suffix.encode())
    data = stem.encode()
    if len(data) > limit:
        stem = data[: max(limit, 1)].decode("utf-8", "ignore").rstrip("-_. ") or "x"
    return stem + suffix


def _temp_name(target: Path) -> str:
    """A hidden sibling name for the temporary file, within NAME_MAX whatever the target."""
    token = secrets.token_hex(4)
    limit = name_max(target.parent if str(target.parent) else ".")
    suffix = ".part" + target.suffix
    tail = f".{token}{suffix}"
    head = target.name.encode()
    room = limit - 1 - len(tail.encode())
    if len(head) > room:
        head = head[: max(room, 0)]
    return "." + head.decode("utf-8", "ignore") + tail


# -- checks -----------------------------------------------------------------------------------


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Fail early, before any long work, if `path` cannot be written."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    limit = name_max(parent if parent.is_dir() else ".")
    if len(p.name.encode()) > limit:
        raise InputError(
            f"{p.name[:40]}…: file name is {len(p.name.encode())} bytes, longer "
            f"than the {limit} the file system allows"
        )
    if _is_input(p):
        raise InputError(
            f"{p}: is one of the inputs; an output must not replace it",
            hint="choose another output name",
        )
    if p.is_dir():
        raise InputError(f"{p}: is a folder; give a file name to write")
    if p.exists() and not force:
        raise OutputExistsError(f"{p}: already exists", hint="pass --force to overwrite it")
    if not parent.exists():
        raise InputError(f"{parent}: output folder does not exist")
    if not parent.is_dir():
        raise InputError(f"{parent}: is not a folder")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{parent}: output folder is not writable")
    return p


def disk_full(path: str | os.PathLike[str], needed: int | None = None) -> DiskFullError:
    """The one error for a full disk (or quota): where, and how much room was needed."""
    p = Path(path)
    where = p.parent if not p.is_dir() else p
    notes = [f"needs about {max(1, round(needed / 1e6))} MB"] if needed else []
    with contextlib.suppress(OSError):
        notes.append(f"{_free(where)} free")
    detail = f" ({', '.join(notes)})" if notes else ""
    return DiskFullError(
        f"no space left on {where}{detail}",
        hint="free some space or write to another disk, then run again",
    )


def _free(folder: Path) -> str:
    import shutil

    left = shutil.disk_usage(folder).free
    return f"{left / 1e6:.1f} MB" if left < 10e9 else f"{left / 1e9:.1f} GB"


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _NO_SPACE


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, force: bool = False, size_hint: int | None = None
) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only on success.

    On any exception (KeyboardInterrupt included) the temporary file is removed and
    the target is left untouched. An OSError for a full disk, raised by the caller's
    writing or by the rename, becomes a DiskFullError (`size_hint`: bytes expected).
    """
    target = check_writable(path, force=force)
    folder = target.parent if str(target.parent) else Path(".")
    tmp = folder / _temp_name(target)
    from livegen import signals

    # Known to the clean-up before it exists: a stop between creating the file and the
    # `try` below would otherwise leave it behind, untracked.
    signals.track_file(tmp)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    except OSError as exc:
        signals.untrack_file(tmp)
        if is_disk_full(exc):
            raise disk_full(target, size_hint) from None
        raise InputError(f"{target}: cannot write here ({exc.strerror or exc})") from None
    os.close(fd)
    try:
        # The mode `open()` would give a new file, whatever the umask was at open time.
        os.chmod(tmp, _FILE_MODE)
        yield tmp
        if not force and target.exists():
            raise OutputExistsError(f"{target}: appeared while writing", hint="pass --force")
        if _is_input(target):
            raise InputError(f"{target}: is one of the inputs; an output must not replace it")
        try:
            os.replace(tmp, target)
        except IsADirectoryError:
            raise InputError(f"{target}: is a folder; give a file name to write") from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if is_disk_full(exc):
            raise disk_full(target, size_hint) from None
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        # Still there only if a stop cut the clean-up above short: `shutdown()` removes it.
        if not os.path.lexists(tmp):
            signals.untrack_file(tmp)


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> None:
    """Write text atomically, or to stdout for `-`."""
    if is_stdio(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    data = text.encode("utf-8")
    with atomic_output(path, force=force, size_hint=len(data)) as tmp:
        tmp.write_bytes(data)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> None:
    if is_stdio(path):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    with atomic_output(path, force=force, size_hint=len(data)) as tmp:
        tmp.write_bytes(data)


def to_json(model: BaseModel | Any, *, indent: int | None = 2) -> str:
    """Serialise an artifact (or plain data) as UTF-8 JSON with a trailing newline."""
    data = model.model_dump(mode="json") if hasattr(model, "model_dump") else model
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def save_artifact(model: BaseModel, path: str | os.PathLike[str], *, force: bool = False) -> None:
    write_text(path, to_json(model), force=force)


def parse_json(text: str, source: str) -> Any:
    """JSON through the one loading guard (nesting depth, no NaN/Infinity)."""
    from livegen.safeload import load_json

    return load_json(text, source, error=ArtifactError)


def format_validation_error(source: str, exc: ValidationError) -> str:
    """One line naming the file, the first bad field and what was expected."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err.get("loc", ())) or "(top level)"
    msg = err.get("msg", "invalid")
    more = len(exc.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    inp = err.get("input")
    got = ""
    if err.get("type") != "missing" and isinstance(inp, str | int | float | bool) and inp != "":
        got = f", got {inp!r}"
    return f"{source}: field '{loc}': {msg}{got}{tail}"


def load_artifact(
    path: str | os.PathLike[str], model: type[M], *, kind: str, own_state: bool = False
) -> M:
    """Load a versioned JSON artifact, rejecting unknown schema versions by name.

    `own_state`: the file is a record this command keeps and rewrites itself (a batch's
    index), not an input, so writing it again is not "an output over an input".
    """
    source = "<stdin>" if is_stdio(path) else str(path)
    text = read_text(path)
    if own_state:
        forget_input(path)
    data = parse_json(text, source)
    return artifact_from_data(data, model, kind=kind, source=source)


def artifact_from_data(data: Any, model: type[M], *, kind: str, source: str) -> M:
    if not isinstance(data, dict):
        raise ArtifactError(f"{source}: expected a JSON object for a {kind}")
    expected = model.model_fields["schema_version"].default
    version = data.get("schema_version")
    if version is None:
        raise ArtifactError(f"{source}: not a livegen {kind} (no schema_version)")
    if str(version) != str(expected):
        raise ArtifactError(
            f"{source}: {kind} schema_version {version!r} is not supported "
            f"(this livegen reads {expected!r})",
            hint="re-create it with this version of livegen",
        )
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ArtifactError(format_validation_error(source, exc)) from None
