"""Scoring profiles: how much each signal counts, kept in small user-editable YAML files."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from livegen.errors import InputError, UsageError
from livegen.highlights.cues import CATEGORIES
from livegen.resources import data_path

SIGNALS = (
    "cues",
    "product",
    "energy",
    "excitement",
    "bursts",
    "pace",
    "pauses",
    "chat_rate",
    "chat_intent",
    "chat_sentiment",
    "sales",
    "motion",
    "scene_cuts",
    "faces",
)
VISUAL = ("motion", "scene_cuts", "faces")
SPEECH = ("cues", "product", "pace", "pauses")  # signals read from the transcript
FLOOR = 0.2  # default lowest score a window needs to be returned


@dataclass
class Profile:
    name: str
    weights: dict[str, float]
    categories: dict[str, float] = field(default_factory=dict)
    description: str = ""
    source: str = ""
    floor: float = FLOOR  # a window must score above this to be returned

    def category_weight(self, cat: str) -> float:
        return self.categories.get(cat, 1.0)

    def scaled(self, names: tuple[str, ...], factor: float) -> Profile:
        """This profile with the weights of `names` multiplied by `factor`."""
        weights = {k: v * factor if k in names else v for k, v in self.weights.items()}
        return dataclasses.replace(self, weights=weights)


def builtin_profiles() -> list[str]:
    return sorted(p.stem for p in data_path("highlights", "profiles").glob("*.yaml"))


def load_profile(name_or_path: str | os.PathLike[str] | None) -> Profile:
    """A shipped profile by name (`default`, `talk`, `sale`) or a YAML file by path."""
    raw = str(name_or_path or "default")
    path = Path(raw)
    if not (raw.endswith((".yaml", ".yml")) or os.sep in raw or path.is_file()):
        path = data_path("highlights", "profiles", f"{raw}.yaml")
        if not path.is_file():
            raise UsageError(
                f"unknown profile '{raw}' (built in: {', '.join(builtin_profiles())};"
                " or pass a YAML file)"
            )
    source = str(path)
    from livegen.safeload import load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"), source)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{source}: not a readable YAML profile ({type(exc).__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
        raise InputError(f"{source}: a profile needs a 'weights' mapping of signal → number")
    weights: dict[str, float] = {}
    for key, value in data["weights"].items():
        if key not in SIGNALS:
            raise InputError(
                f"{source}: weights.{key}: unknown signal (known: {', '.join(SIGNALS)})"
            )
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InputError(f"{source}: weights.{key} must be a number, got {value!r}")
        weights[key] = float(value)
    cats: dict[str, float] = {}
    for key, value in (data.get("categories") or {}).items():
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InputError(f"{source}: categories.{key} must be a number, got {value!r}")
        cats[str(key)] = float(value)
    for cat in CATEGORIES:
        cats.setdefault(cat, 1.0)
    floor = data.get("floor", FLOOR)
    if not isinstance(floor, int | float) or isinstance(floor, bool):
        raise InputError(f"{source}: floor must be a number, got {floor!r}")
    return Profile(
        name=str(data.get("name") or path.stem),
        weights=weights,
        categories=cats,
        description=str(data.get("description") or ""),
        source=source,
        floor=float(floor),
    )
