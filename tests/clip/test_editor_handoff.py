"""What an editor gets: several timelines at once, FCPXML 1.10 that validates and reads back,
the real audio layout, and one clip for a highlight across two fragments of a stream."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.media import pattern_video

from livegen.clip.export import ExportClip, write_timeline
from livegen.media.ffmpeg import ffmpeg_exe
from livegen.media.probe import probe

DTD = Path(__file__).with_name("fcpxml-1.10.dtd")
MONO = [
    ExportClip(
        "01 保温杯", "/data/rec.mp4", 3600.0, 10.5, 20.0, audio_channels=1, audio_rate=44100
    ),
    ExportClip(
        "02 <deal> & more", "/data/rec2.mp4", 1800.0, 30.0, 45.2, audio_channels=1, audio_rate=44100
    ),
]


def _tone(path: Path, at: float) -> float:
    """The strongest frequency in the second of audio from `at`."""
    import numpy as np

    pcm = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-ss",
            f"{at:.3f}",
            "-t",
            "1",
            "-i",
            str(path),
            "-ac",
            "1",
            "-ar",
            "8000",
            "-f",
            "s16le",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    samples = np.frombuffer(pcm, dtype="<i2").astype(float)
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / 8000)[int(spectrum.argmax())])


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livegen", *args], capture_output=True, text=True, timeout=600
    )


def test_fcpxml_validates_against_the_1_10_dtd(tmp_path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    path = write_timeline(MONO, tmp_path / "t.fcpxml", "fcpxml", name="rec clips", fps=25)
    dtd = etree.DTD(str(DTD))
    doc = etree.parse(str(path))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    assets = doc.findall("resources/asset")
    assert [a.get("audioChannels") for a in assets] == ["1", "1"]  # mono, as probed
    assert [a.get("audioRate") for a in assets] == ["44100", "44100"]
    assert [a.find("media-rep").get("src") for a in assets] == [
        "file:///data/rec.mp4",
        "file:///data/rec2.mp4",
    ]


def test_the_old_1_9_shape_does_not_validate(tmp_path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    old = (
        '<fcpxml version="1.10"><resources><format id="r1"/><asset id="r2" '
        'src="file:///a.mp4" format="r1"/></resources></fcpxml>'
    )
    assert not etree.DTD(str(DTD)).validate(etree.fromstring(old))


def test_fcpxml_reads_back_with_opentimelineio(tmp_path: Path) -> None:
    otio = pytest.importorskip("opentimelineio")
    pytest.importorskip("otio_fcpx_xml_adapter")
    path = write_timeline(MONO, tmp_path / "t.fcpxml", "fcpxml", name="rec clips", fps=25)
    timeline = otio.adapters.read_from_file(str(path), adapter_name="fcpx_xml")
    clips = list(timeline.find_clips())
    got = [
        (
            c.name,
            round(c.source_range.start_time.to_seconds(), 2),
            round(c.source_range.end_time_exclusive().to_seconds(), 2),
        )
        for c in clips
    ]
    assert got == [("01 保温杯", 10.52, 20.0), ("02 <deal> & more", 30.0, 45.2)]


def test_several_exports_at_once_and_a_fragment_crossing_clip(tmp_path: Path) -> None:
    a = pattern_video(tmp_path / "part1.mp4", 6.0, tone=440)
    b = pattern_video(tmp_path / "part2.mp4", 6.0, tone=880)
    out = tmp_path / "out"
    res = _cli(
        "clip",
        str(a),
        str(b),
        "--at",
        "4-9",
        "--subtitles",
        "none",
        "--no-title-card",
        "--reframe",
        "center",
        "--size",
        "180x320",
        "--export",
        "fcpxml",
        "--export",
        "edl",
        "--export",
        "otio",
        "-o",
        str(out),
    )
    assert res.returncode == 0, res.stderr
    assert "cut at the end" not in res.stderr
    for suffix in (".fcpxml", ".edl", ".otio"):
        assert (out / f"part1-clips{suffix}").is_file(), suffix
    clip = json.loads((out / "clips.json").read_text(encoding="utf-8"))["clips"]
    assert len(clip) == 1
    want = clip[0]["end"] - clip[0]["start"]  # 4-9 s plus the padding, across the join at 6 s
    assert clip[0]["start"] < 6.0 < clip[0]["end"] and clip[0]["duration"] == pytest.approx(want)
    info = probe(out / clip[0]["file"])
    assert info.duration == pytest.approx(want, abs=0.15)  # not cut at the end of part1
    # Before the join the first fragment's tone (440 Hz), after it the second's (880 Hz).
    join = 6.0 - clip[0]["start"]
    assert _tone(out / clip[0]["file"], join - 1.2) == pytest.approx(440, abs=20)
    assert _tone(out / clip[0]["file"], join + 0.5) == pytest.approx(880, abs=20)
    # The timeline holds both pieces of the clip, one per fragment.
    etree = pytest.importorskip("lxml.etree")
    doc = etree.parse(str(out / "part1-clips.fcpxml"))
    assert etree.DTD(str(DTD)).validate(doc)
    assert len(doc.findall("library/event/project/sequence/spine/asset-clip")) == 2
