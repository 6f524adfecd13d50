"""Load and validate product specs from YAML, JSON or TOML (or stdin)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from livegen.artifacts import format_validation_error, is_stdio, read_text
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
