"""The environment of a `livegen` subprocess that a test starts itself."""

from __future__ import annotations

import os
from pathlib import Path


def livegen_env(cache: Path, home: Path, **extra: str) -> dict[str, str]:
    """This process's environment less the user's LIVEGEN_/OPENAI_ settings, with the given
    cache and config/cache homes, no colour, and the machine's shared model weights (so a
    subprocess neither reads a developer's config nor assembles weights again)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEGEN_", "OPENAI_"))}
    env.update(
        {
            "LIVEGEN_CACHE_DIR": str(cache),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "NO_COLOR": "1",
            **extra,
        }
    )
    models = os.environ.get("LIVEGEN_TEST_MODELS_DIR")
    if models:
        env["LIVEGEN_MODELS_DIR"] = models
    return env
