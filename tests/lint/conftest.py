"""Inputs for the linter tests, written on the fly in each test's folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from livegen.schemas.common import AI_LABEL

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"


def script_data(
    *, label: str | None = AI_LABEL["zh"], lines: list[str] | None = None, language: str = "zh"
) -> dict[str, Any]:
    return {
        "schema_version": "1",
        "product": "玻尿酸保湿面霜",
        "brand": "清研",
        "platform": "douyin",
        "language": language,
        "duration": 120,
        "label": label,
        "segments": [
            {
                "start": 0,
                "end": 60,
                "kind": "hook",
                "title": "开场",
                "lines": ["欢迎来到直播间", "第一次来的朋友点个关注"],
                "cues": [],
            },
            {
                "start": 60,
                "end": 120,
                "kind": "price",
                "title": "价格",
                "lines": lines or ["今天是全网最低价", "原价999今天99"],
                "cues": ["展示价签"],
            },
        ],
        "titles": [{"text": "史上最好用的面霜", "angle": "benefit"}],
        "ctas": [{"text": "点击小黄车下单", "angle": "price"}],
        "generated_by": {"backend": "offline"},
    }


@pytest.fixture
def script_file(tmp_path: Path) -> Path:
    path = tmp_path / "cream.script.json"
    path.write_text(json.dumps(script_data(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def transcript_data() -> dict[str, Any]:
    return {
        "schema_version": "1",
        "media": [{"path": "stream.mp4", "offset": 0, "duration": 3600}],
        "duration": 3600,
        "language": "zh",
        "engine": "faster-whisper",
        "model": "base",
        "segments": [
            {"id": 0, "start": 10.0, "end": 14.5, "text": "欢迎大家来到直播间"},
            {"id": 1, "start": 751.4, "end": 755.0, "text": "这个面霜是全网最低价"},
            {"id": 2, "start": 760.0, "end": 763.2, "text": "第一次用的姐妹放心"},
        ],
    }


@pytest.fixture
def transcript_file(tmp_path: Path) -> Path:
    path = tmp_path / "stream.transcript.json"
    path.write_text(json.dumps(transcript_data(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def zh_spec() -> Path:
    return SPECS / "cream.zh.yaml"


@pytest.fixture
def en_spec() -> Path:
    return SPECS / "serum.en.yaml"


@pytest.fixture
def make_script():
    """The factory itself, for tests that need a variant of the script."""
    return script_data
