"""The command-line contract of `livegen clip`: dry runs, bad input, partial failure."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from clipmedia import highlights_data, transcript_data

import livegen.clip.api as clip_api
from livegen.media.probe import probe


def test_dry_run_prints_ffmpeg_commands_and_writes_nothing(
    invoke, recording: Path, write_json, tmp_path: Path
) -> None:
    tr = write_json("tr.json", transcript_data())
    out = tmp_path / "never"
    code, stdout, stderr = invoke(
        "clip",
        str(recording),
        "--at",
        "3.2-5",
        "--at",
        "6-7",
        "--transcript",
        str(tr),
        "--size",
        "360x640",
        "--out-dir",
        str(out),
        "--dry-run",
    )
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert len(lines) == 4  # a render and a cover command per clip
    render = shlex.split(lines[0])
    assert render[0].startswith("FONTCONFIG_FILE=")
    assert "ffmpeg" in Path(render[1]).name
    assert render[render.index("-ss") + 1] == "2.750"
    assert render.index("-ss") < render.index("-i")  # fast accurate input seek
    graph = render[render.index("-filter_complex") + 1]
    assert "crop=" in graph and "ass=" in graph and "loudnorm=I=-14" in graph
    assert "+faststart" in render and "libx264" in render
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--at", "5-3"], "--at"),
        (["--at", "1-2", "--platform", "myspace"], "unknown platform"),
        (["--at", "1-2", "--size", "big"], "--size"),
        (["--at", "1-2", "--reframe", "zoom"], "--reframe"),
        (["--at", "1-2", "--subtitles", "maybe"], "--subtitles"),
        (["--at", "1-2", "--subtitle-style", "glow"], "--subtitle-style"),
        (["--at", "1-2", "--export", "aaf"], "--export"),
        (["--at", "1-2", "--highlights", "h.json"], "either --highlights or --at"),
        (["--at", "50-60", "--subtitles", "none"], "after the end"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(
    invoke, recording: Path, args: list[str], needle: str, tmp_path: Path
) -> None:
    code, stdout, stderr = invoke("clip", str(recording), *args, "--out-dir", str(tmp_path))
    assert code == 2
    assert stdout == ""
    assert needle in stderr
    assert "Traceback" not in stderr
    assert stderr.startswith("error: ")


def test_missing_media_names_the_file(invoke, tmp_path: Path) -> None:
    code, stdout, stderr = invoke(
        "clip",
        str(tmp_path / "nope.mp4"),
        "--at",
        "1-2",
        "--subtitles",
        "none",
        "--out-dir",
        str(tmp_path),
    )
    assert code == 2 and stdout == ""
    assert "nope.mp4: no such file" in stderr


def test_invalid_highlights_file_names_the_field(
    invoke, recording: Path, write_json, tmp_path: Path
) -> None:
    bad = write_json(
        "hl.json",
        {"schema_version": "1", "media": [], "duration": 1, "highlights": [{"start": "soon"}]},
    )
    code, _, stderr = invoke(
        "clip",
        str(recording),
        "--highlights",
        str(bad),
        "--subtitles",
        "none",
        "--out-dir",
        str(tmp_path),
    )
    assert code == 2
    assert "hl.json" in stderr and "highlights.0" in stderr


@pytest.mark.slow
def test_a_failed_clip_is_reported_while_the_others_render(
    invoke, recording: Path, write_json, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = clip_api.ffmpeg_args

    def breaks_clip_two(job):
        args = real(job)
        if "-02-" in Path(job.out).name:
            i = args.index("-filter_complex") + 1
            args[i] = args[i].replace("[0:v]", "[0:v]nosuchfilter,", 1)
        return args

    monkeypatch.setattr(clip_api, "ffmpeg_args", breaks_clip_two)
    hl = write_json(
        "hl.json", highlights_data([(0.6, 2.0, "one"), (3.2, 5.0, "two"), (6.0, 7.0, "three")])
    )
    out = tmp_path / "out"
    code, stdout, stderr = invoke(
        "clip",
        str(recording),
        "--highlights",
        str(hl),
        "--subtitles",
        "none",
        "--no-title-card",
        "--reframe",
        "blur",
        "--size",
        "180x320",
        "--jobs",
        "2",
        "--out-dir",
        str(out),
    )
    assert code == 1
    m = json.loads((out / "clips.json").read_text(encoding="utf-8"))
    assert [c["status"] for c in m["clips"]] == ["rendered", "failed", "rendered"]
    assert "nosuchfilter" in m["clips"][1]["error"]
    assert "rec-02-two.mp4: failed" in stderr
    assert not (out / "rec-02-two.mp4").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert str(out / "rec-01-one.mp4") in stdout.splitlines()
    assert str(out / "rec-02-two.mp4") not in stdout
    info = probe(out / "rec-03-three.mp4")  # the blurred-background composite
    assert (info.width, info.height) == (180, 320)


@pytest.mark.slow
def test_a_bare_recording_goes_through_transcribe_and_highlights_first(
    cli, shared_cache: Path, tmp_path: Path
) -> None:
    media = Path(__file__).resolve().parents[2] / "samples" / "live-demo.en.mp4"
    out = tmp_path / "out"
    proc = cli(
        "clip",
        str(media),
        "--top",
        "1",
        "--size",
        "180x320",
        "--reframe",
        "center",
        "--no-title-card",
        "--out-dir",
        str(out),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads(proc.stdout)
    [clip] = manifest["clips"]
    assert clip["status"] == "rendered" and clip["score"] is not None  # from real highlights
    srt = (out / clip["srt"]).read_text(encoding="utf-8")
    assert "-->" in srt and any(c.isalpha() for c in srt)  # captions from the transcript
    info = probe(out / clip["file"])
    assert (info.width, info.height) == (180, 320) and info.has_audio


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("pgrep"), reason="needs pgrep to see ffmpeg children")
def test_ctrl_c_stops_ffmpeg_removes_partial_files_and_exits_130(
    recording: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "livegen",
            "clip",
            str(recording),
            "--at",
            "0-9.5",
            "--at",
            "0.5-9",
            "--subtitles",
            "none",
            "--no-title-card",
            "--reframe",
            "center",
            "--jobs",
            "2",
            "--out-dir",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache")),
        # a background shell may have ignored SIGINT; the CLI must see it as a terminal would
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )

    def render_children() -> list[str]:
        """ffmpeg processes encoding a clip (not the short probe/analysis ones)."""
        pids = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        found = []
        for pid in pids:
            try:
                if b"-progress" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
            except OSError:
                pass
        return found

    children: list[str] = []
    deadline = time.monotonic() + 60
    while not children and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        children = render_children()
    assert children, "ffmpeg never started"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not out.exists() or not list(out.iterdir())
    for pid in children:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )
