"""Configuration: defaults < livegen.toml (user, then working folder) < LIVEGEN_* env < flags.

Every value remembers where it came from, so `livegen config show` can say why a
setting has the value it has. Secrets are masked when shown.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livegen.errors import InputError

DEFAULTS: dict[str, Any] = {
    "llm.backend": "auto",  # auto = openai when an endpoint or key is configured, else offline
    "llm.base_url": None,
    "llm.api_key": None,
    "llm.model": "gpt-4o-mini",
    "llm.timeout": 60.0,
    "llm.max_retries": 3,
    "llm.temperature": None,  # sent with every chat request when set (0–2)
    "llm.seed": None,  # sent with every chat request when set; `livegen script --seed` sets it
    "templates.dir": None,
    "transcribe.engine": "faster-whisper",
    "transcribe.model": "base",
    "transcribe.compute_type": "int8",
    "transcribe.threads": 0,
    "transcribe.batch_size": 0,  # faster-whisper: 0 = batched on long windows, 1 = sequential
    "transcribe.language": None,  # a prior for language detection; --lang forces instead
    "transcribe.chinese": "simplified",  # simplified | traditional | keep (docs/chinese.md)
    "transcribe.base_url": None,  # openai-api engine; falls back to llm.base_url
    "transcribe.api_key": None,  # openai-api engine; falls back to llm.api_key
    "models.dir": None,  # default: <user cache>/models
    "cache.dir": None,  # default: platformdirs user cache
    "lint.rules": [],
    "highlights.profile": "default",  # a built-in profile name or a YAML file
    "highlights.cues": [],  # extra cue-phrase files merged into the shipped banks
    "clip.platform": "douyin",
    "clip.jobs": 0,  # 0 = fit the cores
    "ffmpeg.path": None,
}

SECRET_KEYS = {"llm.api_key", "transcribe.api_key"}

# Short, conventional environment names on top of the LIVEGEN_SECTION_KEY scheme.
ENV_ALIASES: dict[str, tuple[str, ...]] = {
    "llm.base_url": ("LIVEGEN_BASE_URL", "OPENAI_BASE_URL"),
    "llm.api_key": ("LIVEGEN_API_KEY", "OPENAI_API_KEY"),
    "llm.model": ("LIVEGEN_MODEL",),
    "llm.backend": ("LIVEGEN_BACKEND",),
    "templates.dir": ("LIVEGEN_TEMPLATES",),
    "cache.dir": ("LIVEGEN_CACHE_DIR",),
    "models.dir": ("LIVEGEN_MODELS_DIR",),
    "ffmpeg.path": ("LIVEGEN_FFMPEG",),
}

CONFIG_NAME = "livegen.toml"


def _env_name(key: str) -> str:
    return "LIVEGEN_" + key.replace(".", "_").upper()


def _coerce(key: str, raw: str) -> Any:
    default = DEFAULTS.get(key)
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise InputError(f"{_env_name(key)} must be an integer, got {raw!r}") from None
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise InputError(f"{_env_name(key)} must be a number, got {raw!r}") from None
    if isinstance(default, list):
        return [p for p in raw.split(os.pathsep) if p]
    return raw


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def user_config_dir() -> Path:
    from platformdirs import user_config_dir as _ucd

    return Path(_ucd("livegen", appauthor=False))


def user_cache_dir() -> Path:
    from platformdirs import user_cache_dir as _ucd

    return Path(_ucd("livegen", appauthor=False))


def config_files(cwd: Path | None = None) -> list[Path]:
    """Config files in increasing precedence: user folder, then working folder."""
    cwd = cwd or Path.cwd()
    files = [user_config_dir() / CONFIG_NAME, cwd / CONFIG_NAME]
    return [f for f in dict.fromkeys(files) if f.is_file()]


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key, DEFAULTS.get(key))
        return default if value is None else value

    def source(self, key: str) -> str:
        return self.sources.get(key, "default")

    def set(self, key: str, value: Any, source: str = "flag") -> None:
        """Apply a command-line flag; `None` means the flag was not given."""
        if value is not None:
            self.values[key] = value
            self.sources[key] = source

    @property
    def cache_dir(self) -> Path:
        return Path(self.get("cache.dir") or user_cache_dir())

    @property
    def models_dir(self) -> Path:
        return Path(self.get("models.dir") or self.cache_dir / "models")

    def shown(self) -> list[tuple[str, str, str]]:
        """(key, value, source) rows with secrets masked, for `config show`."""
        rows = []
        for key in sorted(set(DEFAULTS) | set(self.values)):
            value = self.values.get(key, DEFAULTS.get(key))
            text = "" if value is None else str(value)
            if key in SECRET_KEYS and text:
                text = text[:3] + "…" + text[-2:] if len(text) > 8 else "****"
            rows.append((key, text, self.source(key)))
        return rows


def load_config(
    cwd: Path | None = None, env: Mapping[str, str] | None = None, file: Path | None = None
) -> Config:
    env = os.environ if env is None else env
    cfg = Config()
    files = config_files(cwd)
    if file is not None:
        if not file.is_file():
            raise InputError(f"{file}: config file not found")
        files.append(file)
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not valid TOML ({exc})") from None
        for key, value in _flatten(data).items():
            if key not in DEFAULTS:
                raise InputError(
                    f"{path}: unknown setting '{key}'",
                    hint="see `livegen config show` for the known keys",
                )
            cfg.values[key] = value
            cfg.sources[key] = str(path)
    for key in DEFAULTS:
        for name in (_env_name(key), *ENV_ALIASES.get(key, ())):
            if env.get(name):
                cfg.values[key] = _coerce(key, env[name])
                cfg.sources[key] = f"env {name}"
                break
    return cfg
