"""Helpers for the fault and hostile-input suites: tiny media, a real full disk, leftovers."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.paths import SAMPLES

SPEC = SAMPLES / "face-cream.zh.yaml"


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def tmpfs(size: str) -> Iterator[Path]:
    """A real, tiny file system: ENOSPC comes from the kernel, not from a mock."""
    if not _can_mount():
        pytest.skip("mounting a tmpfs needs root")
    point = Path("/tmp") / f"livegen-full-{uuid.uuid4().hex[:8]}"
    point.mkdir()
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
        capture_output=True,
        text=True,
    )
    if res.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)
        with contextlib.suppress(OSError):
            point.rmdir()


def fill(folder: Path, leave: int = 0) -> None:
    """Fill a file system until fewer than `leave` bytes are free."""
    free = shutil.disk_usage(folder).free - leave
    with contextlib.suppress(OSError), open(folder / ".filler", "wb") as f:
        while free > 0:
            chunk = min(free, 1 << 16)
            f.write(b"\0" * chunk)
            free -= chunk


def leftovers(folder: Path) -> list[str]:
    """Temporary or partial files an interrupted or failed command left behind."""
    return sorted(
        p.name for p in folder.rglob("*") if ".part" in p.name or p.name.startswith(".tmp")
    )


def write_transcript(path: Path, media: Path, seconds: float) -> Path:
    """A hand-made transcript with one word a second, so clips have captions to burn."""
    import json

    words = [{"start": float(t), "end": t + 0.8, "word": f"word{t}"} for t in range(int(seconds))]
    segments = [
        {
            "id": i,
            "start": float(i * 4),
            "end": float(min(seconds, i * 4 + 4)),
            "text": " ".join(w["word"] for w in words[i * 4 : i * 4 + 4]),
            "words": words[i * 4 : i * 4 + 4],
        }
        for i in range(int(seconds) // 4)
    ]
    data = {
        "schema_version": "1",
        "media": [{"path": str(media), "offset": 0.0, "duration": seconds}],
        "duration": seconds,
        "language": "en",
        "engine": "hand",
        "model": "none",
        "segments": segments,
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def livegen_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "livegen", *args]


def child_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a livegen subprocess, with its own TMPDIR to check for leftovers."""
    env = dict(os.environ)
    (tmp / "tmpdir").mkdir(exist_ok=True)
    env.update({"TMPDIR": str(tmp / "tmpdir"), "NO_COLOR": "1", **extra})
    return env


def read_only_folder(path: Path) -> Path:
    """An empty folder nobody but root may write in."""
    path.mkdir()
    path.chmod(0o555)
    return path


def unprivileged() -> list[str]:
    """A command prefix under which root keeps no capabilities, so file permissions hold for
    it as for any user (empty when not root); skips the test where setpriv cannot do that."""
    if os.geteuid() != 0:
        return []
    cmd = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
    if subprocess.run([*cmd, "true"], capture_output=True).returncode != 0:
        pytest.skip("setpriv cannot drop capabilities here")
    return cmd


def orphans(marker: str) -> list[str]:
    """Processes still running whose command line mentions `marker` (e.g. an out folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if marker in cmd and int(entry.name) != os.getpid():
            found.append(f"{entry.name}: {cmd[:200]}")
    return found


def manifest(folder: Path) -> dict:
    import json

    return json.loads((folder / "clips.json").read_text(encoding="utf-8"))
