"""`livegen clip` under faults, in real subprocesses: signals, a killed ffmpeg, a full disk.

Each interrupted command is run again and must finish, keeping the clips that were done.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from fault_media import (
    child_env,
    leftovers,
    livegen_cmd,
    manifest,
    orphans,
    read_only_folder,
    tmpfs,
    unprivileged,
    write_transcript,
)
from tests.support.media import pattern_video
from tests.support.signals import interrupt_when

from livegen.errors import ExitCode

SIGNALS = [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("clipsrc")
    video = pattern_video(folder / "show.mp4", 15.0)
    return video, write_transcript(folder / "show.json", video, 15.0)


def _args(source: tuple[Path, Path], out: Path, *extra: str) -> list[str]:
    video, transcript = source
    # Captions are burned (a temporary .ass file exists while rendering); 720x1280 makes
    # each render last long enough to be caught halfway.
    return livegen_cmd(
        "clip",
        str(video),
        "--transcript",
        str(transcript),
        "--at",
        "0-5",
        "--at",
        "5-10",
        "--at",
        "10-15",
        "--size",
        "720x1280",
        "--reframe",
        "center",
        "-j",
        "1",
        "-o",
        str(out),
        *extra,
    )


def _rendered(out: Path) -> list[dict]:
    try:
        return [c for c in manifest(out)["clips"] if c["status"] == "rendered"]
    except (OSError, ValueError, KeyError):
        return []


def _parts(out: Path) -> bool:
    return out.is_dir() and any(".part" in p.name for p in out.iterdir())


def _no_traces(out: Path, tmp: Path) -> None:
    assert leftovers(out) == []
    # the captions file is gone too (the fontconfig folder is a cache, kept on purpose)
    assert [
        p.name for p in (tmp / "tmpdir").iterdir() if not p.name.startswith("livegen-fontconfig-")
    ] == []
    assert orphans(str(out)) == []  # no ffmpeg left writing into the folder


@pytest.mark.parametrize("sig,code", SIGNALS, ids=[s.name for s, _ in SIGNALS])
def test_a_signal_mid_render_cleans_up_and_the_rerun_keeps_finished_clips(
    source, tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    out = tmp_path / "out"
    env = child_env(tmp_path)
    returncode, _, err = interrupt_when(
        _args(source, out),
        env,
        lambda: len(_rendered(out)) >= 1 and _parts(out),
        what="the second clip's render",
        sig=sig,
    )
    assert returncode == code, err
    assert "interrupted" in err and "Traceback" not in err
    _no_traces(out, tmp_path)
    first = _rendered(out)[0]
    kept_mtime = os.stat(out / first["file"]).st_mtime_ns
    assert {c["status"] for c in manifest(out)["clips"]} <= {"rendered", "pending"}

    again = subprocess.run(_args(source, out), capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    clips = manifest(out)["clips"]
    assert len(clips) == 3
    by_file = {c["file"]: c for c in clips}
    assert by_file[first["file"]]["status"] == "skipped"
    assert os.stat(out / first["file"]).st_mtime_ns == kept_mtime  # not rendered again
    assert all(c["status"] in ("rendered", "skipped") for c in clips)
    assert all((out / c["file"]).is_file() for c in clips)
    _no_traces(out, tmp_path)


def _render_children(parent: int) -> list[int]:
    """ffmpeg children encoding a clip (they report -progress), not the short probes."""
    pids = subprocess.run(
        ["pgrep", "-P", str(parent)], capture_output=True, text=True
    ).stdout.split()
    found = []
    for pid in pids:
        try:
            if b"-progress" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(int(pid))
        except OSError:
            pass
    return found


def test_a_killed_ffmpeg_fails_only_its_clip_and_the_rerun_redoes_it(source, tmp_path):
    out = tmp_path / "out"
    env = child_env(tmp_path)
    started: list[subprocess.Popen[str]] = []

    def rendering() -> bool:
        return bool(started) and bool(_render_children(started[0].pid))

    def kill_the_renders(proc: subprocess.Popen[str]) -> None:
        for pid in _render_children(proc.pid):
            os.kill(pid, signal.SIGKILL)

    returncode, _, err = interrupt_when(
        _args(source, out),
        env,
        rendering,
        what="the first render",
        act=kill_the_renders,
        grace=300,
        started=started.append,
    )
    assert returncode == ExitCode.FINDINGS, err
    assert "killed" in err and "Traceback" not in err
    clips = manifest(out)["clips"]
    assert [c["status"] for c in clips].count("failed") == 1
    assert "killed" in next(c for c in clips if c["status"] == "failed")["error"]
    _no_traces(out, tmp_path)

    again = subprocess.run(_args(source, out), capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    statuses = sorted(c["status"] for c in manifest(out)["clips"])
    assert statuses == ["rendered", "skipped", "skipped"]


def test_a_full_disk_stops_the_clips_with_one_line(source, tmp_path):
    env = child_env(tmp_path)
    with tmpfs("600k") as mnt:
        out = mnt / "out"
        res = subprocess.run(
            _args(source, out), capture_output=True, text=True, env=env, timeout=300
        )
        assert res.returncode == ExitCode.IO, res.stderr
        errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1 and "no space left on" in errors[0]
        assert "x264" not in res.stderr and "Traceback" not in res.stderr
        assert leftovers(mnt) == []
        assert orphans(str(out)) == []


def test_an_unwritable_out_folder_is_refused_for_an_unprivileged_user(source, tmp_path):
    ro = read_only_folder(tmp_path / "ro")
    cmd = unprivileged()
    res = subprocess.run(
        [*cmd, *_args(source, ro)],
        capture_output=True,
        text=True,
        env=child_env(tmp_path),
        timeout=300,
    )
    assert res.returncode == ExitCode.USAGE, res.stderr
    assert "not writable" in res.stderr and "Traceback" not in res.stderr
    assert list(ro.iterdir()) == []
