"""End-to-end renders from a generated recording, checked by probing and by pixels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clipmedia import grab_frame, highlights_data, make_recording, transcript_data

from livegen.media.probe import probe

pytestmark = pytest.mark.slow

FRAME = 1 / 30


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        NO_COLOR="1",
    )
    return subprocess.run(
        [sys.executable, "-m", "livegen", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


# The look of the module's render: a rerun with these finds every clip up to date.
RENDER_STYLE = ("--subtitle-style", "box,karaoke", "--ai-label", "--export", "otio")


def clip_args(rec: Path, out: Path) -> tuple[str, ...]:
    """`livegen clip` of the module's recording, from the highlights and transcript beside it,
    at 360x640 into `out`."""
    root = rec.parent
    return (
        "clip",
        str(rec),
        "--highlights",
        str(root / "hl.json"),
        "--transcript",
        str(root / "tr.json"),
        "--size",
        "360x640",
        "--out-dir",
        str(out),
    )


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """Two clips from highlights, 360x640, boxed karaoke captions, visible AI label, OTIO."""
    root = tmp_path_factory.mktemp("render")
    rec = make_recording(root / "rec.mp4")
    (root / "tr.json").write_text(json.dumps(transcript_data(), ensure_ascii=False), "utf-8")
    (root / "hl.json").write_text(
        json.dumps(
            highlights_data([(3.2, 5.0, "保温杯真的好用"), (5.9, 7.4, "颜值")]), ensure_ascii=False
        ),
        "utf-8",
    )
    out = root / "out"
    return run_cli(*clip_args(rec, out), *RENDER_STYLE, home=root), out, rec


def manifest(out: Path) -> dict:
    return json.loads((out / "clips.json").read_text(encoding="utf-8"))


def test_clips_have_the_requested_size_duration_and_audio(rendered) -> None:
    res, out, _ = rendered
    assert res.returncode == 0, res.stderr
    m = manifest(out)
    assert [c["status"] for c in m["clips"]] == ["rendered", "rendered"]
    for clip in m["clips"]:
        info = probe(out / clip["file"])
        assert (info.width, info.height) == (360, 640)
        assert info.has_audio
        # the snapped range, within one frame
        assert abs(info.duration - (clip["end"] - clip["start"])) <= FRAME + 0.03
    first = m["clips"][0]
    assert (first["start"], first["end"]) == (2.75, 5.55)  # widened to the sentence edges


def test_stdout_lists_exactly_the_written_files(rendered) -> None:
    res, out, _ = rendered
    lines = res.stdout.splitlines()
    assert all(Path(p).is_file() for p in lines)
    names = {Path(p).name for p in lines}
    assert {"clips.json", "rec-clips.otio"} <= names
    assert sum(n.endswith(".mp4") for n in names) == 2
    assert sum(n.endswith(".srt") for n in names) == 2
    assert sum(n.endswith(".jpg") for n in names) == 2
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files left


def caption_band(frame, height: int = 640):
    """Rows where bottom captions sit on douyin: above the bottom 22 % safe margin."""
    return frame[int(height * 0.62) : int(height * 0.78)].astype(int)


def test_captions_are_burned_in_while_spoken_only(rendered) -> None:
    _, out, _ = rendered
    clip = out / manifest(out)["clips"][0]["file"]
    silent = caption_band(grab_frame(clip, 0.05))  # the first word starts at 0.25 s
    spoken = caption_band(grab_frame(clip, 1.5))
    changed = (abs(spoken - silent).sum(axis=2) > 60).sum()
    assert changed > 500, changed


def test_title_card_shows_in_the_first_seconds_only(rendered) -> None:
    _, out, _ = rendered
    clip = out / manifest(out)["clips"][0]["file"]
    top = slice(int(640 * 0.12), int(640 * 0.3))
    early = grab_frame(clip, 0.5)[top].astype(int)
    late = grab_frame(clip, 2.6)[top].astype(int)

    # the title box is yellow: many pixels with high red+green and low blue early only
    def yellow(a):
        return ((a[..., 0] > 200) & (a[..., 1] > 170) & (a[..., 2] < 80)).sum()

    assert yellow(early) > 300 and yellow(late) == 0


def test_srt_is_rebased_to_the_clip(rendered) -> None:
    _, out, _ = rendered
    srt = (out / manifest(out)["clips"][0]["srt"]).read_text(encoding="utf-8")
    assert srt.startswith("1\n00:00:00,250 --> ")
    assert "今天给大家推荐这款" in srt.replace("\n", "")


def test_manifest_names_files_title_tags_and_ai_metadata(rendered) -> None:
    _, out, _ = rendered
    m = manifest(out)
    assert m["schema_version"] == "1" and m["platform"] == "douyin"
    assert m["generated_by"]["ai_generated"] is True
    c = m["clips"][0]
    assert c["file"] == "rec-01-保温杯真的好用.mp4"
    assert c["title"] == "保温杯真的好用"
    assert "保温杯" in c["tags"]
    assert c["cover"] and (out / c["cover"]).is_file() and c["key"]
    meta = subprocess.run(
        [sys.executable, "-c", "import imageio_ffmpeg;print(imageio_ffmpeg.get_ffmpeg_exe())"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    err = subprocess.run(
        [meta, "-hide_banner", "-i", str(out / c["file"])], capture_output=True, text=True
    ).stderr
    assert "AIGC: livegen" in err


def test_cover_is_a_jpeg_at_the_output_size(rendered) -> None:
    _, out, _ = rendered
    cover = out / manifest(out)["clips"][0]["cover"]
    assert cover.read_bytes()[:2] == b"\xff\xd8"
    info = probe(cover)
    assert (info.width, info.height) == (360, 640)


def test_otio_export_reads_back_on_the_original_recording(rendered) -> None:
    import opentimelineio as otio

    _, out, rec = rendered
    tl = otio.adapters.read_from_file(str(out / "rec-clips.otio"))
    clips = list(tl.tracks[0].find_clips())
    assert len(clips) == 2
    assert clips[0].source_range.start_time.to_seconds() == pytest.approx(2.75, abs=1 / 30)
    assert clips[0].media_reference.target_url == rec.resolve().as_uri()


def test_rerun_skips_clips_rendered_with_the_same_inputs(rendered, tmp_path: Path) -> None:
    _, out, rec = rendered
    mp4 = out / manifest(out)["clips"][0]["file"]
    before = mp4.stat().st_mtime_ns
    again = run_cli(*clip_args(rec, out), *RENDER_STYLE, "--json", home=tmp_path)
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert [c["status"] for c in data["clips"]] == ["skipped", "skipped"]
    assert mp4.stat().st_mtime_ns == before
    assert "skipped" in again.stderr


def test_changed_options_do_not_overwrite_without_force(rendered, tmp_path: Path) -> None:
    _, out, rec = rendered
    res = run_cli(*clip_args(rec, out), "--top", "1", home=tmp_path)
    assert res.returncode == 2
    assert "already exists" in res.stderr and "--force" in res.stderr


def test_full_size_vertical_clip(recording: Path, tmp_path: Path, write_json) -> None:
    tr = write_json("tr.json", transcript_data())
    res = run_cli(
        "clip",
        str(recording),
        "--at",
        "3.0-4.6",
        "--transcript",
        str(tr),
        "--no-title-card",
        "--out-dir",
        str(tmp_path / "o"),
        home=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    mp4 = next((tmp_path / "o").glob("*.mp4"))
    info = probe(mp4)
    assert (info.width, info.height, round(info.fps)) == (1080, 1920, 30)
    # --at 3.0-4.6 lies inside the sentence 3.0-5.3, so the end snaps to 5.3 + 0.25 pad
    assert abs(info.duration - (5.55 - 2.75)) <= FRAME + 0.03


def test_a_silent_recording_gets_a_silent_audio_track(recording: Path, tmp_path: Path) -> None:
    from livegen.media.ffmpeg import ffmpeg_exe

    mute = tmp_path / "mute.mp4"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(recording), "-an", "-c", "copy", str(mute)],
        check=True,
    )
    res = run_cli(
        "clip",
        str(mute),
        "--at",
        "1-2",
        "--subtitles",
        "none",
        "--no-title-card",
        "--reframe",
        "center",
        "--size",
        "180x320",
        "--out-dir",
        str(tmp_path / "o"),
        home=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    info = probe(next((tmp_path / "o").glob("*.mp4")))
    assert info.has_audio and abs(info.duration - 1.5) <= FRAME + 0.03
