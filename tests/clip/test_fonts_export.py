"""CJK captions render real glyphs; editor timelines are valid and frame-accurate."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from livegen import fonts
from livegen.clip.ass import Layout, build_ass
from livegen.clip.captions import CueWord, build_cues, parse_style
from livegen.clip.export import ExportClip, write_timeline
from livegen.clip.render import escape_filter_value
from livegen.errors import DependencyError
from livegen.media.ffmpeg import ffmpeg_exe
from livegen.platforms import get_platform


def render_caption(text: str, tmp: Path) -> np.ndarray:
    """Burn one caption on a black 360x640 frame with libass and the CJK fontconfig."""
    font = fonts.find_cjk_font()
    ass = tmp / f"{ord(text[0])}.ass"
    ass.write_text(
        build_ass(
            cues=build_cues([CueWord(text, 0, 1)]),
            layout=Layout(360, 640, get_platform("douyin").safe),
            style=parse_style("outline,size=48"),
            font_family=font.family,
            duration=1,
        ),
        encoding="utf-8",
    )
    env = {**__import__("os").environ, **fonts.fontconfig_env()}
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=black:s=360x640:d=0.5",
            "-vf",
            f"ass=filename={escape_filter_value(str(ass))}",
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "gray",
            "pipe:1",
        ],
        capture_output=True,
        env=env,
        check=True,
    )
    return np.frombuffer(proc.stdout, dtype=np.uint8).reshape(640, 360)[380:520]


@pytest.mark.slow
def test_chinese_captions_render_distinct_glyphs_not_tofu(tmp_path: Path) -> None:
    a, b, c = (render_caption(t, tmp_path) for t in ("保", "温", "杯"))
    assert (a > 128).sum() > 200  # something was drawn
    # Tofu would draw the same .notdef box for every character.
    assert (np.abs(a.astype(int) - b.astype(int)) > 100).sum() > 150
    assert (np.abs(b.astype(int) - c.astype(int)) > 100).sum() > 150


def test_fontconfig_file_adds_the_font_folder() -> None:
    font = fonts.find_cjk_font()
    conf = Path(fonts.fontconfig_env()["FONTCONFIG_FILE"]).read_text(encoding="utf-8")
    assert f"<dir>{font.folder}</dir>" in conf
    assert font.family in conf


def test_missing_cjk_font_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts.find_cjk_font.cache_clear()
    monkeypatch.setattr(fonts, "_from_package", lambda: None)
    monkeypatch.setattr(fonts, "_SYSTEM_FONTS", ())
    try:
        with pytest.raises(DependencyError) as err:
            fonts.find_cjk_font()
        assert "pip install 'livegen[media]'" in (err.value.hint or "")
    finally:
        fonts.find_cjk_font.cache_clear()


def test_the_font_licence_notice_ships_with_the_package() -> None:
    assert "SIL OPEN FONT LICENSE Version 1.1" in fonts.ofl_notice().read_text(encoding="utf-8")


def test_filter_paths_with_special_characters_are_escaped() -> None:
    assert escape_filter_value("/tmp/a b/it's:x,y.ass") == "/tmp/a b/it\\\\\\'s\\\\:x\\,y.ass"


CLIPS = [
    ExportClip("01 保温杯", "/data/rec.mp4", 3600.0, 10.5, 20.0),
    ExportClip("02 <deal> & more", "/data/rec.mp4", 3600.0, 30.0, 45.2),
]


def test_edl_lists_each_range_with_source_and_record_timecodes(tmp_path: Path) -> None:
    path = write_timeline(CLIPS, tmp_path / "t.edl", "edl", name="rec clips", fps=30)
    text = path.read_text(encoding="utf-8")
    events = re.findall(r"^(\d{3})\s+\S+\s+V\s+C\s+(\S+) (\S+) (\S+) (\S+)$", text, re.M)
    assert events == [
        ("001", "00:00:10:15", "00:00:20:00", "00:00:00:00", "00:00:09:15"),
        ("002", "00:00:30:00", "00:00:45:06", "00:00:09:15", "00:00:24:21"),
    ]
    assert "FROM CLIP NAME:" in text


def test_fcpxml_is_version_1_10_with_frame_accurate_rational_times(tmp_path: Path) -> None:
    path = write_timeline(CLIPS, tmp_path / "t.fcpxml", "fcpxml", name="rec clips", fps=29.97)
    root = ET.parse(path).getroot()
    assert root.tag == "fcpxml" and root.get("version") == "1.10"
    fmt = root.find("resources/format")
    assert fmt is not None and fmt.get("frameDuration") == "1001/30000s"
    asset = root.find("resources/asset")
    assert asset is not None and asset.get("src") is None
    rep = asset.find("media-rep")
    assert rep is not None and rep.get("src") == "file:///data/rec.mp4"
    assert rep.get("kind") == "original-media"
    clips = root.findall("library/event/project/sequence/spine/asset-clip")
    assert [c.get("name") for c in clips] == ["01 保温杯", "02 <deal> & more"]
    for c in clips:
        for attr in ("offset", "start", "duration"):
            value = c.get(attr) or ""
            if value != "0s":
                num, den = value.rstrip("s").split("/")
                assert den == "30000" and int(num) % 1001 == 0  # whole frames
    assert clips[0].get("start") == f"{315 * 1001}/30000s"  # 10.5 s = frame 315
    assert clips[1].get("offset") == clips[0].get("duration")


def test_otio_export_round_trips(tmp_path: Path) -> None:
    import opentimelineio as otio

    path = write_timeline(CLIPS, tmp_path / "t.otio", "otio", name="rec clips", fps=25)
    tl = otio.adapters.read_from_file(str(path))
    got = [
        (
            c.name,
            c.source_range.start_time.to_seconds(),
            c.source_range.end_time_exclusive().to_seconds(),
        )
        for c in tl.tracks[0].find_clips()
    ]
    assert got == [("01 保温杯", 10.52, 20.0), ("02 <deal> & more", 30.0, 45.2)]
