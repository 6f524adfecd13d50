"""Fixtures for the chat tests: a generated log whose question groups are known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chat_labelled import make_log


@pytest.fixture(params=["zh", "en"])
def labelled_log(
    request: pytest.FixtureRequest, tmp_path: Path
) -> tuple[str, Path, dict[str, str]]:
    lang = request.param
    rows, labels = make_log(lang)
    path = tmp_path / f"chat.{lang}.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return lang, path, labels
