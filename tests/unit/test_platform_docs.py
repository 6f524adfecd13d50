"""The clip page's table of platform presets says what the presets are."""

from __future__ import annotations

import re

from tests.support.paths import REPO

from livegen.platforms import PLATFORMS, SCRIPT_PLATFORMS


def _pct(x: float) -> str:
    return f"{round(x * 100)}%"


def _table_rows() -> dict[str, list[str]]:
    """Each preset named in the table (aliases in brackets too), with its cells."""
    text = (REPO / "docs" / "commands" / "clip.md").read_text(encoding="utf-8")
    section = text.split("## Platform presets", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| `"):
            continue
        for name in re.findall(r"`([^`]+)`", cells[0]):
            rows[name] = cells
    return rows


def test_the_clip_page_lists_every_preset_with_its_video_settings() -> None:
    rows = _table_rows()
    assert set(rows) == set(PLATFORMS)
    for name, p in PLATFORMS.items():
        _, _, size, fps, longest, bitrate, safe, loudness = rows[name]
        s = p.safe
        assert size == f"{p.width}×{p.height}", name
        assert fps == str(p.fps), name
        assert longest == f"{p.max_duration:g} s", name
        assert bitrate == p.video_bitrate, name
        assert safe == " / ".join(_pct(v) for v in (s.top, s.bottom, s.left, s.right)), name
        assert loudness == f"−{-p.loudness:g} LUFS", name


def test_the_script_page_names_the_script_platforms_their_cadence_and_title_limits() -> None:
    text = (REPO / "docs" / "commands" / "script.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `--platform P`"))
    assert re.findall(r"`(\w+)`", row.split("|")[2]) == list(SCRIPT_PLATFORMS)
    # "(Douyin 120 s, Taobao 150 s, …)", in the same order as the names
    cadence = [float(n) for n in re.findall(r"\w+ (\d+) s\b", row)]
    assert cadence == [PLATFORMS[name].interaction_every for name in SCRIPT_PLATFORMS]
    limits = {name: PLATFORMS[name].title_limit for name in SCRIPT_PLATFORMS}
    assert "30 for the Chinese platforms, 100 for TikTok and YouTube" in row
    assert limits == {name: 30 if PLATFORMS[name].language == "zh" else 100 for name in limits}
    assert {name for name in limits if PLATFORMS[name].language == "en"} == {"tiktok", "youtube"}
