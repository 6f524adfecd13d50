"""A synthetic recording with known highlights, built once per test session."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import hl_synth as synth
import pytest
import tests.support.synth as support_synth
from tests.support.sample_cache import _shared_cache_root, shared_cache  # noqa: F401


@pytest.fixture(scope="session")
def rec() -> synth.Recording:
    """Built once and kept in the system temp folder, keyed by the generator's source."""
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is missing: run `bash scripts/system-deps.sh`")
    # keyed by the generator's source and that of the blocks it builds from
    source = Path(synth.__file__).read_bytes() + Path(support_synth.__file__).read_bytes()
    key = hashlib.blake2b(source, digest_size=8).hexdigest()
    final = Path(tempfile.gettempdir()) / "livegen-test-media" / f"highlights-{key}"
    if (final / "stream.mp4").exists() and (final / "spans.json").exists():
        return synth.load(final)
    work = final.with_name(f"{final.name}.{os.getpid()}.part")
    shutil.rmtree(work, ignore_errors=True)
    synth.build(work)
    try:
        work.rename(final)
    except OSError:  # another run finished first: use its copy
        shutil.rmtree(work, ignore_errors=True)
        return synth.load(final)
    return synth.load(final)


@pytest.fixture(scope="session")
def base_run(rec: synth.Recording, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One full CLI run (chat, two products, report) shared by the read-only tests."""
    from livegen.cli import run

    out = tmp_path_factory.mktemp("hl-out")
    code = run(
        [
            "highlights",
            str(rec.media),
            "--transcript",
            str(rec.transcript),
            "--chat",
            str(rec.chat),
            "--spec",
            str(rec.spec_a),
            "--spec",
            str(rec.spec_b),
            "-o",
            str(out / "h.json"),
            "--report",
            str(out / "r.html"),
        ]
    )
    assert code == 0
    return {
        "data": json.loads((out / "h.json").read_text(encoding="utf-8")),
        "html": (out / "r.html").read_text(encoding="utf-8"),
    }


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path
