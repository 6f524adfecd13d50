"""`livegen batch` on the local engine: failure isolation, the index, resume, stopping."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import FAST, batch_cmd, make_recording, run_batch
from tests.support.cli_env import livegen_env

from livegen.errors import ExitCode
from livegen.media.probe import probe
from livegen.schemas.batch import BatchIndex

pytestmark = pytest.mark.slow


def _index(out: Path) -> BatchIndex:
    return BatchIndex.model_validate_json((out / "batch.json").read_text(encoding="utf-8"))


def _by_name(index: BatchIndex) -> dict[str, object]:
    return {i.name: i for i in index.items}


def _clip_mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.mp4")}


def _no_partial_files(out: Path) -> None:
    assert not [p for p in out.rglob("*") if ".part" in p.name]


@pytest.fixture(scope="module")
def first(
    _shared_cache_root: Path, day_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    """One batch over the day's folder, and what it left, for the checks below."""
    root = tmp_path_factory.mktemp("batch")
    day = root / "day"
    shutil.copytree(day_folder, day)
    env = livegen_env(_shared_cache_root, root / "home")
    out = root / "out"
    proc = run_batch(env, str(day), "--out", str(out), *FAST, "--json")
    return {
        "env": env,
        "day": day,
        "out": out,
        "proc": proc,
        "index": _index(out) if (out / "batch.json").is_file() else None,
        "mtimes": _clip_mtimes(out),
    }


@pytest.fixture(scope="module")
def second(first: dict) -> dict:
    """The same command again, unchanged."""
    proc = run_batch(first["env"], str(first["day"]), "--out", str(first["out"]), *FAST)
    return {"proc": proc, "index": _index(first["out"]), "mtimes": _clip_mtimes(first["out"])}


def test_a_corrupt_recording_fails_alone_and_the_others_get_clips(first: dict) -> None:
    proc, out, index = first["proc"], first["out"], first["index"]
    assert proc.returncode == ExitCode.FINDINGS, proc.stderr
    assert "Traceback" not in proc.stderr
    items = _by_name(index)
    assert set(items) == {"rec-a", "rec-b", "broken"}  # notes.txt is not a recording
    broken = items["broken"]
    assert broken.status == "failed" and broken.clips == 0
    assert "broken.mp4" in broken.error and "\n" not in broken.error
    for name in ("rec-a", "rec-b"):
        item = items[name]
        assert item.status == "done" and item.error is None
        assert item.clips == 1 == len(item.clip_files)
        assert abs(item.media_seconds - 19.7) < 0.2
        assert set(item.stages) == {"transcribe", "highlights", "clip"}
        for clip in item.clip_files:
            info = probe(out / clip.file)
            assert (info.width, info.height) == (180, 320) and info.has_audio
            assert (out / clip.cover).is_file()
        assert item.report == f"{name}/report.html" and (out / item.report).is_file()
    _no_partial_files(out)


def test_the_json_index_is_all_there_is_on_stdout(first: dict) -> None:
    printed = BatchIndex.model_validate_json(first["proc"].stdout)
    assert printed.items == first["index"].items
    assert printed.engine == "local"
    assert printed.workers * printed.threads_per_worker <= (os.cpu_count() or 1)


def test_index_html_links_every_report_and_clip(first: dict) -> None:
    html = (first["out"] / "index.html").read_text(encoding="utf-8")
    for item in first["index"].items:
        assert item.name in html
        if item.report:
            assert f'href="{item.report}"' in html
        for clip in item.clip_files:
            assert f'href="{clip.file}"' in html
    assert "broken.mp4" in html and "failed" in html


def test_each_recording_folder_is_a_run_folder_that_run_resumes(first: dict) -> None:
    out, day = first["out"], first["day"]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "livegen",
            "run",
            str(day / "rec-a.mp4"),
            "--out",
            str(out / "rec-a"),
            *FAST,
        ],
        capture_output=True,
        text=True,
        env=first["env"],
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "transcribe: reusing" in proc.stderr and "highlights: reusing" in proc.stderr
    assert "0 rendered, 1 unchanged" in proc.stderr


def test_a_rerun_keeps_finished_recordings_and_retries_the_failed(
    first: dict, second: dict
) -> None:
    proc = second["proc"]
    assert proc.returncode == ExitCode.FINDINGS, proc.stderr
    items = _by_name(second["index"])
    assert items["rec-a"].status == items["rec-b"].status == "kept"
    assert items["broken"].status == "failed"
    assert "1 to do, 2 kept" in proc.stderr
    # Kept means no work at all: no stage ran, no clip was rendered again.
    assert "[1/3] transcribe" not in proc.stderr
    assert second["mtimes"] == first["mtimes"]
    for name in ("rec-a", "rec-b"):
        assert items[name].clip_files == _by_name(first["index"])[name].clip_files


def test_a_fixed_recording_is_done_on_the_next_run(first: dict, second: dict) -> None:
    day, out = first["day"], first["out"]
    make_recording(day / "broken.mp4", "jfk.wav", "jfk.wav", seconds=18)
    proc = run_batch(first["env"], str(day), "--out", str(out), *FAST)
    assert proc.returncode == 0, proc.stderr
    items = _by_name(_index(out))
    assert items["broken"].status == "done" and items["broken"].clips == 1
    assert items["rec-a"].status == items["rec-b"].status == "kept"
    assert [line.split()[0] for line in proc.stdout.splitlines()] == ["done", "kept", "kept"]


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in found:
                found.add(c)
                todo.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_sigterm_stops_every_worker_cleanly_and_the_next_run_finishes(
    shared_cache: Path, day: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    env = livegen_env(shared_cache, tmp_path / "home")
    args = batch_cmd(str(day), "--out", str(out), *FAST, "--workers", "2")
    err = tmp_path / "stderr.txt"
    with err.open("w", encoding="utf-8") as stderr:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)
        deadline = time.monotonic() + 300
        tree: set[int] = set()
        try:
            # Stop it once both recordings are being worked on.
            while time.monotonic() < deadline and proc.poll() is None:
                tree |= _descendants(proc.pid)
                text = err.read_text(encoding="utf-8")
                if "rec-a: [" in text and "rec-b: [" in text:
                    break
                time.sleep(0.1)
            assert proc.poll() is None, "the batch finished before it could be stopped"
            tree |= _descendants(proc.pid)
            proc.send_signal(signal.SIGTERM)
            stdout, _ = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
    text = err.read_text(encoding="utf-8")
    assert proc.returncode == 128 + signal.SIGTERM, text
    assert "interrupted" in text and "Traceback" not in text
    assert stdout == ""
    _no_partial_files(out)
    index = _index(out)  # valid: written whole
    statuses = {i.name: i.status for i in index.items}
    assert statuses["broken"] == "failed"
    assert "pending" in statuses.values()
    assert tree, "the batch started no worker"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in tree):
        time.sleep(0.2)
    assert not [p for p in tree if _alive(p)], "a worker or ffmpeg outlived the batch"

    again = subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
    assert again.returncode == ExitCode.FINDINGS, again.stderr
    items = _by_name(_index(out))
    for name in ("rec-a", "rec-b"):
        assert items[name].status in ("done", "kept") and items[name].clips == 1
    _no_partial_files(out)


def test_a_manifest_keeps_the_fragments_of_one_stream_in_one_run_folder(
    shared_cache: Path, day: Path, tmp_path: Path
) -> None:
    manifest = tmp_path / "day.csv"
    manifest.write_text(
        "name,media,top,size,reframe\n晚场/回放,day/rec-a.mp4;day/rec-b.mp4,1,180x320,center\n",
        encoding="utf-8",
    )
    assert day == tmp_path / "day"  # the manifest's paths are relative to its folder
    out = tmp_path / "out"
    proc = run_batch(
        livegen_env(shared_cache, tmp_path / "home"),
        "--manifest",
        str(manifest),
        "--out",
        str(out),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    [item] = BatchIndex.model_validate_json(proc.stdout).items
    assert item.name == "晚场-回放" and item.status == "done" and item.clips == 1
    assert item.source == [str(tmp_path / "day" / "rec-a.mp4"), str(tmp_path / "day" / "rec-b.mp4")]
    assert abs(item.media_seconds - 2 * 19.7) < 0.3  # one timeline over both fragments
    transcript = json.loads((out / item.out / "transcript.json").read_text(encoding="utf-8"))
    assert [Path(p["path"]).name for p in transcript["media"]] == ["rec-a.mp4", "rec-b.mp4"]
