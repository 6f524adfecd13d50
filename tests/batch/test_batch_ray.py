"""`livegen batch --engine ray` on a local Ray instance (started and shut down by the batch)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from batch_helpers import FAST, run_batch
from tests.support.cli_env import livegen_env

from livegen.media.probe import probe
from livegen.schemas.batch import BatchIndex

pytestmark = pytest.mark.slow
ray = pytest.importorskip("ray")


def _ray_processes(marker: str) -> list[str]:
    """Command lines of running processes that belong to the Ray session under `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmd:
            found.append(cmd)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_the_ray_engine_runs_the_folder_in_actors_and_leaves_no_ray_process(
    day: Path, tmp_path: Path
) -> None:
    (day / "broken.mp4").unlink()
    # A short temporary folder: Ray's socket paths must fit in 107 bytes.
    ray_tmp = Path(tempfile.mkdtemp(prefix="lgray-", dir="/tmp"))
    try:
        # A cache of its own: the actor really loads Whisper and transcribes.
        env = livegen_env(tmp_path / "cache", tmp_path / "home", RAY_TMPDIR=str(ray_tmp))
        out = tmp_path / "out"
        proc = run_batch(env, str(day), "--out", str(out), *FAST, "--engine", "ray", "--json")
        assert proc.returncode == 0, proc.stderr
        index = BatchIndex.model_validate_json(proc.stdout)
        assert index.engine == "ray" and [i.name for i in index.items] == ["rec-a", "rec-b"]
        for item in index.items:
            assert item.status == "done" and item.clips == 1, item
            assert item.stages["transcribe"] > 0 and "transcribe" not in item.reused
            info = probe(out / item.clip_files[0].file)
            assert (info.width, info.height) == (180, 320) and info.has_audio
            assert (out / item.out / "transcript.json").is_file()
        # One actor transcribed both (its model loaded once); rendering ran in tasks.
        actors = {i.worker.split(" + ")[0] for i in index.items if i.worker}
        assert len(actors) == 1
        assert all(" + " in (i.worker or "") for i in index.items)
        deadline = time.monotonic() + 20
        while _ray_processes(str(ray_tmp)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _ray_processes(str(ray_tmp)), "Ray processes outlived the batch"
    finally:
        shutil.rmtree(ray_tmp, ignore_errors=True)
