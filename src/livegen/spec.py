"""Load and validate product specs from YAML, JSON or TOML (or stdin)."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from livegen.artifacts import format_validation_error, is_stdio, read_text
from livegen.errors import SpecError
from livegen.schemas.spec import ProductSpec


def _parse(text: str, source: str, suffix: str) -> Any:
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix == ".toml":
            return tomllib.loads(text)
        # YAML is a superset of JSON, so stdin and unknown suffixes go through it.
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise SpecError(f"{source}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{source}: not valid TOML ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise SpecError(f"{source}: not valid YAML{where}: {problem}") from None


def spec_from_data(data: Any, source: str) -> ProductSpec:
    if not isinstance(data, dict):
        raise SpecError(f"{source}: a product spec must be a mapping of fields, got "
                        f"{type(data).__name__}")
    data = dict(data)
    data.setdefault("schema_version", "1")
    try:
        return ProductSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(format_validation_error(source, exc)) from None


def load_spec(path: str | os.PathLike[str]) -> ProductSpec:
    """Read a spec file; `-` reads stdin (YAML or JSON)."""
    source = "<stdin>" if is_stdio(path) else str(path)
    suffix = "" if is_stdio(path) else Path(path).suffix.lower()
    return spec_from_data(_parse(read_text(path), source, suffix), source)
