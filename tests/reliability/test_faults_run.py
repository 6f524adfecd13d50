"""`livegen run` stopped at several points, then run again: it resumes and keeps work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fault_media import leftovers, manifest, orphans, read_only_folder, unprivileged
from tests.support.cli_env import livegen_env
from tests.support.paths import SAMPLES
from tests.support.signals import interrupt_when

from livegen.errors import ExitCode
from livegen.runlock import LOCK_FILE, RunLock

MEDIA = SAMPLES / "live-demo.en.mp4"
CHAT = SAMPLES / "live-demo.en.chat.jsonl"
FAST = ("--size", "360x640", "--reframe", "center", "--top", "3", "-j", "1")


def _env(cache: Path, tmp: Path) -> dict[str, str]:
    """With a TMPDIR of its own, so leftovers can be looked for."""
    (tmp / "tmpdir").mkdir(exist_ok=True)
    return livegen_env(cache, tmp, TMPDIR=str(tmp / "tmpdir"))


def _cmd(out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "livegen",
        "run",
        str(MEDIA),
        "--chat",
        str(CHAT),
        "--out",
        str(out),
        *FAST,
        *extra,
    ]


def _state(out: Path) -> dict:
    try:
        return json.loads((out / ".livegen-run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _every_json_valid(out: Path) -> None:
    for p in out.glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))


def _rendered(out: Path) -> list[dict]:
    try:
        return [c for c in manifest(out)["clips"] if c["status"] == "rendered"]
    except (OSError, ValueError, KeyError):
        return []


def test_sigterm_while_clips_render_then_the_rerun_keeps_the_finished_clip(
    shared_cache: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    env = _env(shared_cache, tmp_path)
    returncode, stdout, err = interrupt_when(
        _cmd(out),
        env,
        lambda: bool(_rendered(out)) and any(".part" in p.name for p in out.iterdir()),
        what="the second clip's render",
        sig=signal.SIGTERM,
    )
    assert returncode == ExitCode.TERMINATED, err
    assert "interrupted" in err and "Traceback" not in err and stdout == ""
    assert leftovers(out) == [] and orphans(str(out)) == []
    _every_json_valid(out)
    assert not (out / LOCK_FILE).exists()
    done = _rendered(out)[0]
    mtime = os.stat(out / done["file"]).st_mtime_ns

    again = subprocess.run(_cmd(out), capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "transcribe: reusing" in again.stderr and "highlights: reusing" in again.stderr
    clips = {c["file"]: c for c in manifest(out)["clips"]}
    assert clips[done["file"]]["status"] == "skipped"
    assert os.stat(out / done["file"]).st_mtime_ns == mtime
    assert all(c["status"] in ("rendered", "skipped") for c in clips.values())
    assert leftovers(out) == []


def test_ctrl_c_after_highlights_before_the_report_resumes(
    shared_cache: Path, tmp_path: Path, invoke, monkeypatch
) -> None:
    """The window the issue names: highlights.json is in place, report and state are not."""
    import livegen.highlights.report as report

    out = tmp_path / "out"
    args = (
        "run",
        str(MEDIA),
        "--chat",
        str(CHAT),
        "--out",
        str(out),
        *FAST,
        "--subtitles",
        "none",
        "--no-title-card",
    )

    def stop(*a, **k):
        assert (out / "highlights.json").is_file()
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(report, "render_report", stop)
        code, _, err = invoke(*args)
    assert code == ExitCode.INTERRUPTED, err
    assert "interrupted" in err
    assert "highlights" not in _state(out).get("stages", {})
    _every_json_valid(out)

    code, _, err = invoke(*args)
    assert code == 0, err
    assert "transcribe: reusing" in err
    assert (out / "report.html").is_file() and (out / "clips.json").is_file()


def test_a_second_run_on_a_busy_folder_is_refused(shared_cache: Path, tmp_path: Path, cli) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with RunLock(out):
        res = cli("run", str(MEDIA), "--out", str(out), *FAST)
    assert res.returncode == ExitCode.USAGE, res.stderr
    assert f"pid {os.getpid()}" in res.stderr and "another `livegen run`" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == []


def test_a_stale_lock_of_a_dead_run_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / LOCK_FILE).write_text(f"{dead.pid}\n", encoding="ascii")
    with RunLock(tmp_path):
        assert (tmp_path / LOCK_FILE).read_text(encoding="ascii").strip() == str(os.getpid())
    assert not (tmp_path / LOCK_FILE).exists()


def test_the_lock_without_flock_still_refuses_a_live_holder(tmp_path: Path, monkeypatch) -> None:
    import errno
    import fcntl

    from livegen.runlock import FolderBusy

    def no_flock(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_flock)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / LOCK_FILE).write_text(f"{holder.pid}\n", encoding="ascii")
        with pytest.raises(FolderBusy, match=f"pid {holder.pid}"):
            RunLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
    with RunLock(tmp_path):  # its holder is gone now: stale
        pass


def test_run_is_refused_in_an_unwritable_folder_for_an_unprivileged_user(tmp_path: Path):
    ro = read_only_folder(tmp_path / "ro")
    cmd = unprivileged()
    res = subprocess.run(
        [*cmd, *_cmd(ro)],
        capture_output=True,
        text=True,
        env=_env(tmp_path / "c", tmp_path),
        timeout=300,
    )
    assert res.returncode == ExitCode.USAGE, res.stderr
    assert "not writable" in res.stderr and "Traceback" not in res.stderr
    assert list(ro.iterdir()) == []


def test_run_takes_the_clip_options_an_editor_needs(
    shared_cache: Path, tmp_path: Path, cli
) -> None:
    out = tmp_path / "out"
    one_clip = ("run", str(MEDIA), "--out", str(out), "--size", "360x640", "--reframe", "center")
    res = cli(
        *one_clip,
        "--top",
        "1",
        "--ai-label",
        "--subtitle-style",
        "box,pos=middle",
        "--export",
        "fcpxml",
        "--export",
        "edl",
        "--json",
        env={"LIVEGEN_CACHE_DIR": str(shared_cache)},
    )
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert sorted(Path(p).suffix for p in summary["exports"]) == [".edl", ".fcpxml"]
    assert all(Path(p).is_file() for p in summary["exports"])
    preset = manifest(out)["preset"]
    assert preset["ai_label"] is True and preset["subtitle_style"] == "box,pos=middle"
    # A changed option redoes only the clip stage.
    again = cli(
        *one_clip,
        "--top",
        "1",
        "--subtitle-style",
        "outline",
        env={"LIVEGEN_CACHE_DIR": str(shared_cache)},
    )
    assert again.returncode == 0, again.stderr
    assert "highlights: reusing" in again.stderr
    assert manifest(out)["preset"]["ai_label"] is False


@pytest.mark.parametrize(
    "args", [["--export", "mov"], ["--subtitle-style", "sparkly"], ["--aspect", "wide"]]
)
def test_bad_clip_options_of_run_fail_before_any_work(invoke, tmp_path: Path, args) -> None:
    out = tmp_path / "out"
    code, stdout, err = invoke("run", str(MEDIA), "--out", str(out), *args)
    assert code == ExitCode.USAGE and stdout == ""
    assert not out.exists(), err
