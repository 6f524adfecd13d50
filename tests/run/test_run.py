"""`livegen run` end to end: every file it writes, its summaries, resuming and Ctrl-C."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from run_helpers import CHAT, FAST, MEDIA, livegen_cmd
from tests.support.cli_env import livegen_env
from tests.support.signals import interrupt_when

from livegen.errors import ExitCode
from livegen.media.probe import probe
from livegen.schemas.clips import ClipManifest
from livegen.schemas.highlights import Highlights
from livegen.schemas.transcript import Transcript

pytestmark = pytest.mark.slow


def _state(out: Path) -> dict:
    return json.loads((out / ".livegen-run.json").read_text(encoding="utf-8"))


def _no_partial_files_and_valid_json(out: Path) -> None:
    assert not [p.name for p in out.rglob("*") if ".part" in p.name]
    for p in out.glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    json.loads((out / ".livegen-run.json").read_text(encoding="utf-8"))


def test_run_writes_transcript_highlights_report_and_manifest(first_run) -> None:
    out, proc = first_run
    assert proc.returncode == 0, proc.stderr
    tr = Transcript.model_validate_json((out / "transcript.json").read_text(encoding="utf-8"))
    assert tr.language == "en" and tr.segments
    assert abs(tr.duration - probe(MEDIA).duration) < 0.1
    hl = Highlights.model_validate_json((out / "highlights.json").read_text(encoding="utf-8"))
    assert 1 <= len(hl.highlights) <= 2
    assert hl.transcript == "transcript.json"  # relative: the folder can move
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "</html>" in html
    manifest = ClipManifest.model_validate_json((out / "clips.json").read_text(encoding="utf-8"))
    assert len(manifest.clips) == len(hl.highlights)
    assert all(c.status == "rendered" for c in manifest.clips)
    _no_partial_files_and_valid_json(out)
    assert set(_state(out)["stages"]) == {"transcribe", "highlights", "clip"}


def test_each_clip_has_the_asked_size_duration_audio_captions_and_cover(first_run) -> None:
    out, _ = first_run
    manifest = ClipManifest.model_validate_json((out / "clips.json").read_text(encoding="utf-8"))
    for c in manifest.clips:
        info = probe(out / c.file)
        assert (info.width, info.height) == (360, 640)
        assert abs(info.duration - c.duration) <= 1 / (info.fps or 30) + 0.05
        assert info.has_audio
        srt = (out / (c.srt or "")).read_text(encoding="utf-8")
        assert "-->" in srt
        cover = out / (c.cover or "")
        assert cover.is_file() and cover.read_bytes()[:2] == b"\xff\xd8"  # a JPEG


def test_json_summary_is_all_there_is_on_stdout(first_run) -> None:
    out, proc = first_run
    summary = json.loads(proc.stdout)  # nothing else on stdout, or this fails
    assert summary["schema_version"] == "1"
    assert Path(summary["out_dir"]) == out
    for k, name in (
        ("transcript", "transcript.json"),
        ("highlights", "highlights.json"),
        ("report", "report.html"),
        ("clips_manifest", "clips.json"),
    ):
        assert Path(summary[k]) == out / name
    assert summary["clips"] and all(Path(c["file"]).is_file() for c in summary["clips"])
    assert [s["name"] for s in summary["stages"]] == ["transcribe", "highlights", "clip"]
    assert "[1/3] transcribe" in proc.stderr and "[3/3] clip" in proc.stderr


def test_a_second_run_reuses_every_stage_and_prints_the_table(
    first_run, run_in, tmp_path: Path
) -> None:
    src, _ = first_run
    out = tmp_path / "moved"
    shutil.copytree(src, out)  # a moved folder is still the run's own
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    proc = run_in(str(MEDIA), "--chat", str(CHAT), "--out", str(out), "--top", "2", *FAST)
    assert proc.returncode == 0, proc.stderr
    for stage in ("transcribe", "highlights"):
        assert f"{stage}: reusing" in proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["clip", "range", "len", "score", "title"]
    manifest = json.loads((out / "clips.json").read_text(encoding="utf-8"))
    assert len(lines) == 1 + len(manifest["clips"])
    for line, c in zip(lines[1:], manifest["clips"], strict=True):
        assert line.startswith(str(out / c["file"])) and f"{c['duration']:.1f}s" in line
        assert c["status"] == "skipped"
    for name in ("transcript.json", "highlights.json", "report.html"):
        assert (out / name).stat().st_mtime_ns == before[name]


def test_changing_top_redoes_highlights_and_clip_but_not_transcribe(
    first_run, run_in, tmp_path: Path
) -> None:
    src, _ = first_run
    out = tmp_path / "out"
    shutil.copytree(src, out)
    old = json.loads((out / "clips.json").read_text(encoding="utf-8"))["clips"]
    transcript_key = _state(out)["stages"]["transcribe"]["finished"]
    proc = run_in(str(MEDIA), "--chat", str(CHAT), "--out", str(out), "--top", "1", *FAST)
    assert proc.returncode == 0, proc.stderr
    assert "transcribe: reusing" in proc.stderr
    assert "highlights: reusing" not in proc.stderr
    assert _state(out)["stages"]["transcribe"]["finished"] == transcript_key
    hl = json.loads((out / "highlights.json").read_text(encoding="utf-8"))
    assert len(hl["highlights"]) == 1
    [clip] = json.loads((out / "clips.json").read_text(encoding="utf-8"))["clips"]
    assert clip["file"] == old[0]["file"] and clip["status"] == "skipped"  # same best window
    if len(old) > 1:  # the clip no longer asked for is gone with its SRT and cover
        for name in (old[1]["file"], old[1]["srt"], old[1]["cover"]):
            assert not (out / name).exists()
    _no_partial_files_and_valid_json(out)


def test_a_foreign_file_in_the_folder_is_kept_without_force(run_in, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "highlights.json").write_text("mine\n", encoding="utf-8")
    proc = run_in(str(MEDIA), "--out", str(out))
    assert proc.returncode == ExitCode.USAGE
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: ") and "highlights.json" in proc.stderr
    assert "--force" in proc.stderr
    assert (out / "highlights.json").read_text(encoding="utf-8") == "mine\n"
    proc = run_in(str(MEDIA), "--out", str(out), "--top", "1", *FAST, "--force")
    assert proc.returncode == 0, proc.stderr
    Highlights.model_validate_json((out / "highlights.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--top", "0"], "--top must be at least 1"),
        (["--platform", "myspace"], "unknown platform"),
        (["--reframe", "zoom"], "--reframe"),
        (["--size", "big"], "--size"),
    ],
)
def test_bad_options_fail_before_any_work(
    invoke, tmp_path: Path, args: list[str], needle: str
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", str(MEDIA), "--out", str(out), *args)
    assert code == ExitCode.USAGE and stdout == ""
    assert needle in stderr and "Traceback" not in stderr
    assert not out.exists()


def test_missing_media_is_an_input_error(invoke, tmp_path: Path) -> None:
    code, stdout, stderr = invoke("run", str(tmp_path / "gone.mp4"), "--out", str(tmp_path / "o"))
    assert code == ExitCode.USAGE and stdout == ""
    assert "gone.mp4: no such file" in stderr


def _interrupt_then_resume(shared_cache: Path, tmp_path: Path) -> float:
    """Ctrl-C a run while a clip is being encoded, check what it left, run it again;
    returns the seconds the resumed run took."""
    out = tmp_path / "out"
    env = livegen_env(shared_cache, tmp_path / "home")
    args = livegen_cmd(
        "run", str(MEDIA), "--chat", str(CHAT), "--out", str(out), "--top", "2", *FAST
    )

    def encoding_a_clip() -> bool:
        # The clip stage has begun (highlights recorded as finished) and a clip's temporary
        # file exists, so the signal lands mid-write.
        state = out / ".livegen-run.json"
        return (
            state.is_file()
            and "highlights" in _state(out).get("stages", {})
            and any(".part" in p.name for p in out.iterdir())
        )

    returncode, stdout, stderr = interrupt_when(
        args, env, encoding_a_clip, what="a clip being encoded"
    )
    assert returncode == ExitCode.INTERRUPTED, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert stdout == ""
    _no_partial_files_and_valid_json(out)
    assert "clip" not in _state(out)["stages"]

    t0 = time.monotonic()
    again = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "transcribe: reusing" in again.stderr and "highlights: reusing" in again.stderr
    manifest = ClipManifest.model_validate_json((out / "clips.json").read_text(encoding="utf-8"))
    assert manifest.clips and all(c.status in ("rendered", "skipped") for c in manifest.clips)
    for c in manifest.clips:
        info = probe(out / c.file)
        assert (info.width, info.height) == (360, 640) and info.has_audio
    _no_partial_files_and_valid_json(out)
    return time.monotonic() - t0


def test_ctrl_c_halfway_exits_130_and_the_next_run_resumes(
    shared_cache: Path, tmp_path: Path
) -> None:
    _interrupt_then_resume(shared_cache, tmp_path)


@pytest.mark.perf
def test_a_run_resumed_after_ctrl_c_finishes_within_two_minutes(
    shared_cache: Path, tmp_path: Path
) -> None:
    assert _interrupt_then_resume(shared_cache, tmp_path) < 120


def test_a_file_that_is_not_media_fails_before_the_folder_is_made(invoke, tmp_path: Path) -> None:
    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", str(bad), "--out", str(out))
    assert code == ExitCode.USAGE and stdout == ""
    assert stderr.startswith("error: ") and "notes.mp4" in stderr
    assert not out.exists()


def test_missing_whisper_weights_exit_3_naming_the_install_command(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from livegen.transcribe import models

    gone = dataclasses.replace(
        models.PACKAGED["base"],
        model_parts=(("no-such-dist-part1", "x/model.bin.part1"),),
        aux_from=("no-such-dist-part1", "x/"),
    )
    monkeypatch.setitem(models.PACKAGED, "base", gone)
    monkeypatch.setenv("LIVEGEN_MODELS_DIR", str(tmp_path / "no-models"))
    monkeypatch.setenv("LIVEGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", str(MEDIA), "--out", str(out))
    assert code == ExitCode.DEPENDENCY and stdout == ""
    assert "livegen models install base" in stderr and "Traceback" not in stderr
    assert not list(out.glob("*.json"))


def test_missing_ffmpeg_exit_3_before_any_output(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = cli(
        "run", str(MEDIA), "--out", str(out), env={"LIVEGEN_FFMPEG": str(tmp_path / "no-ffmpeg")}
    )
    assert res.returncode == ExitCode.DEPENDENCY and res.stdout == ""
    assert res.stderr.startswith("error: ") and "no-ffmpeg" in res.stderr
    assert not out.exists()
