"""The shipped wheel carries the templates and works from them alone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from tests.support.paths import REPO, SAMPLES


@pytest.mark.slow
def test_wheel_ships_the_templates_and_runs_from_them(tmp_path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            str(REPO),
            "-w",
            str(tmp_path / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("livegen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "livegen/templates/prompts/script.system.j2",
        "livegen/templates/prompts/script.user.j2",
        "livegen/templates/prompts/titles.user.j2",
        "livegen/templates/prompts/cta.user.j2",
        "livegen/templates/prompts/teaser.user.j2",
        "livegen/templates/phrases/zh.yaml",
        "livegen/templates/phrases/en.yaml",
        "livegen/templates/offline/hook.j2",
        "livegen/templates/render/script.md.j2",
    ):
        assert needed in names, needed

    # Run the unpacked wheel (not the checkout) on a sample, from an unrelated folder.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import livegen, livegen.resources as r; "
            "print(livegen.__file__); print(r.templates_root())",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    module_file, root = probe.stdout.split()
    assert module_file.startswith(str(site)) and root == str(site / "livegen" / "templates")
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "livegen",
            "script",
            str(SAMPLES / "earbuds.zh.yaml"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert '"schema_version": "1"' in res.stdout
