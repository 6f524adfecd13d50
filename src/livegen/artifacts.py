"""Reading inputs and writing outputs safely.

Every file livegen writes goes through `atomic_output`: the data lands in a temporary
file beside the target and is renamed into place only when complete, so a crash or
Ctrl-C never leaves a half-written file, and an existing file is only replaced with
`force=True`. `-` means stdin/stdout so stages chain in a shell pipe.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from livegen.errors import ArtifactError, InputError, OutputExistsError

STDIO = "-"

M = TypeVar("M", bound=BaseModel)


def _file_mode() -> int:
    """0666 less the process umask: the mode `open()` would give a new file."""
    current = os.umask(0)
    os.umask(current)
    return 0o666 & ~current


_FILE_MODE = _file_mode()


def is_stdio(path: str | os.PathLike[str] | None) -> bool:
    return path is not None and str(path) == STDIO


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text input; `-` reads stdin. Errors name the file."""
    if is_stdio(path):
        return sys.stdin.read()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Fail early, before any long work, if `path` cannot be written."""
    p = Path(path)
    if p.exists() and not force:
        raise OutputExistsError(f"{p}: already exists", hint="pass --force to overwrite it")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise InputError(f"{parent}: output folder does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{parent}: output folder is not writable")
    return p


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only on success.

    On any exception (KeyboardInterrupt included) the temporary file is removed and
    the target is left untouched.
    """
    target = check_writable(path, force=force)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part" + target.suffix, dir=target.parent or "."
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes private (0600) files; a finished output gets the usual mode.
        os.chmod(tmp, _FILE_MODE)
        yield tmp
        if not force and target.exists():
            raise OutputExistsError(f"{target}: appeared while writing", hint="pass --force")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> None:
    """Write text atomically, or to stdout for `-`."""
    if is_stdio(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_output(path, force=force) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> None:
    if is_stdio(path):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    with atomic_output(path, force=force) as tmp:
        tmp.write_bytes(data)


def to_json(model: BaseModel | Any, *, indent: int | None = 2) -> str:
    """Serialise an artifact (or plain data) as UTF-8 JSON with a trailing newline."""
    data = model.model_dump(mode="json") if isinstance(model, BaseModel) else model
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def save_artifact(model: BaseModel, path: str | os.PathLike[str], *, force: bool = False) -> None:
    write_text(path, to_json(model), force=force)


def parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


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


def load_artifact(path: str | os.PathLike[str], model: type[M], *, kind: str) -> M:
    """Load a versioned JSON artifact, rejecting unknown schema versions by name."""
    source = "<stdin>" if is_stdio(path) else str(path)
    data = parse_json(read_text(path), source)
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
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ArtifactError(format_validation_error(source, exc)) from None
