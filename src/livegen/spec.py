"""Load and validate product specs from YAML, JSON or TOML (or stdin)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from livegen.artifacts import is_stdio, read_text
from livegen.errors import SpecError
from livegen.safeload import load_json, load_toml, load_yaml
from livegen.schemas.spec import ProductSpec


def _parse(text: str, source: str, suffix: str) -> Any:
    if suffix == ".json":
        return load_json(text, source, error=SpecError)
    if suffix == ".toml":
        return load_toml(text, source, error=SpecError)
    # YAML is a superset of JSON, so stdin and unknown suffixes go through it.
    return load_yaml(text, source, error=SpecError)


MAX_PROBLEMS = 20
_CORE = ("name", "price", "selling_points")


def validation_lines(source: str, exc: ValidationError) -> list[str]:
    """Every problem, one line each with file and field (bounded), so one edit fixes all."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(top level)"
        msg = err.get("msg", "invalid")
        inp = err.get("input")
        got = ""
        if err.get("type") != "missing" and isinstance(inp, str | int | float | bool) and inp != "":
            got = f", got {inp!r}"
        lines.append(f"{source}: field '{loc}': {msg}{got}")
    if len(lines) > MAX_PROBLEMS:
        rest = len(lines) - MAX_PROBLEMS
        lines = [*lines[:MAX_PROBLEMS], f"{source}: … and {rest} more"]
    return lines


def _looks_foreign(data: dict[str, Any], exc: ValidationError) -> bool:
    """Another layout: the core fields are missing and unknown keys stand in their place."""
    unknown = sum(1 for e in exc.errors() if e.get("type") == "extra_forbidden")
    missing = sum(
        1 for e in exc.errors() if e.get("type") == "missing" and len(e.get("loc", ())) == 1
    )
    return unknown >= 2 or (missing >= 1 and not any(k in data for k in _CORE))


def spec_from_data(data: Any, source: str) -> ProductSpec:
    """Validate a spec mapping after applying the accepted aliases (zh-CN, 抖音, …).

    The aliases' notes are kept on the spec (`spec_notes`) for the command to print.
    """
    from livegen.spec_aliases import normalise

    if not isinstance(data, dict):
        raise SpecError(
            f"{source}: a product spec must be a mapping of fields, got {type(data).__name__}",
            hint=f"`livegen spec import {source} -o spec.yaml` converts a brief "
            "written in another layout or as text",
        )
    data, notes = normalise(dict(data))
    data.setdefault("schema_version", "1")
    try:
        spec = ProductSpec.model_validate(data)
    except ValidationError as exc:
        lines = validation_lines(source, exc)
        n = len(exc.errors())
        head = (
            lines[0]
            if n == 1
            else f"{source}: {n} problems in the spec:\n" + "\n".join(f"  {line}" for line in lines)
        )
        hint = None
        if source.endswith("(imported)"):
            hint = (
                "the brief does not say these; add them to the brief (e.g. a line "
                "'原价：199元' or 'Price: $49') and import it again"
            )
        elif _looks_foreign(data, exc):
            hint = (
                f"this looks like a brief in another layout; `livegen spec import {source} "
                "-o spec.yaml` converts it"
            )
        raise SpecError(head, hint=hint) from None
    _NOTES[id(spec)] = notes
    return spec


_NOTES: dict[int, list[str]] = {}


def spec_notes(spec: ProductSpec) -> list[str]:
    """What loading changed in the spec (aliases applied, forbidden-claim rules reduced)."""
    return list(_NOTES.get(id(spec), []))


def load_spec(path: str | os.PathLike[str]) -> ProductSpec:
    """Read a spec file; `-` reads stdin (YAML or JSON)."""
    source = "<stdin>" if is_stdio(path) else str(path)
    suffix = "" if is_stdio(path) else Path(path).suffix.lower()
    return spec_from_data(_parse(read_text(path), source, suffix), source)
