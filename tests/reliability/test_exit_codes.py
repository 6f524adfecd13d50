"""The documented exit-code table is the truth: every documented code is produced for real."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fault_media import SPEC, fill, tmpfs

from livegen.errors import ExitCode

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
REFERENCE = REPO / "docs" / "reference" / "exit-codes.md"


def _first_table(path: Path, heading: str) -> str:
    text = path.read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    return section[section.index("|") : section.index("\n\n", section.index("|"))]


def documented_codes() -> list[int]:
    """The codes of the global exit-code table of the reference page."""
    table = _first_table(REFERENCE, "# Exit codes")
    return [int(m.group(1)) for m in re.finditer(r"^\| (\d+) \|", table, re.MULTILINE)]


def test_the_readme_shows_the_reference_exit_code_table_unchanged() -> None:
    assert _first_table(README, "## Exit codes") == _first_table(REFERENCE, "# Exit codes")


def _fake_ffmpeg(folder: Path) -> Path:
    """An ffmpeg that probes like a real file and then fails to decode it."""
    script = folder / "ffmpeg"
    script.write_text(
        """#!/bin/sh
for a in "$@"; do
  case "$a" in s16le) echo "Error while decoding stream #0:1: Invalid data" >&2; exit 1;; esac
done
cat >&2 <<EOF
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':
  Duration: 00:00:03.00, start: 0.000000, bitrate: 100 kb/s
  Stream #0:0[0x1](und): Video: h264 (High), yuv420p, 320x240, 25 fps, 25 tbr
  Stream #0:1[0x2](und): Audio: aac (LC), 16000 Hz, mono, fltp, 69 kb/s
EOF
exit 1
""",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def _signal_while_waiting(sig: signal.Signals, tmp: Path) -> subprocess.CompletedProcess[str]:
    """`script` waiting on an LLM that never answers, stopped by `sig`."""
    from tests.llm.fake_openai import FakeOpenAIServer, hang

    with FakeOpenAIServer() as server:
        server.default = hang(30)
        env = dict(
            os.environ,
            LIVEGEN_BASE_URL=server.base_url,
            LIVEGEN_MODEL="m",
            LIVEGEN_API_KEY="sk-test-0123456789abcdef",
            NO_COLOR="1",
        )
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "livegen",
                "script",
                str(SPEC),
                "--backend",
                "openai",
                "-o",
                str(tmp / "show.md"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            server.wait_for_chat_requests(1, timeout=120)
            proc.send_signal(sig)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert "interrupted" in err and "Traceback" not in err, err
    assert not (tmp / "show.md").exists()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _case(
    code: int,
    cli: Callable,
    invoke: Callable,
    tmp: Path,
    video: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> int:
    if code == 0:
        return cli("--version").returncode
    if code == 1:
        text = tmp / "w.txt"
        text.write_text("正品保证，假一赔十\n", encoding="utf-8")
        return cli("lint", "--fail-on", "warning", str(text)).returncode
    if code == 2:
        return cli("script", str(tmp / "missing.yaml")).returncode
    if code == 3:
        return cli("transcribe", str(video), env={"LIVEGEN_FFMPEG": str(tmp / "none")}).returncode
    if code == 4:
        from tests.llm.fake_openai import FakeOpenAIServer, error

        with FakeOpenAIServer() as server:
            server.default = error(401, "Incorrect API key provided: sk-test-0123456789abcdef")
            res = cli(
                "script",
                str(SPEC),
                "--backend",
                "openai",
                env={
                    "LIVEGEN_BASE_URL": server.base_url,
                    "LIVEGEN_MODEL": "m",
                    "LIVEGEN_API_KEY": "sk-test-0123456789abcdef",
                },
            )
        assert "0123456789abcdef" not in res.stderr
        return res.returncode
    if code == 5:
        return cli(
            "transcribe",
            str(video),
            "-o",
            str(tmp / "t.json"),
            env={"LIVEGEN_FFMPEG": str(_fake_ffmpeg(tmp))},
        ).returncode
    if code == 70:
        import livegen.spec

        def bug(path):
            raise RuntimeError("a bug")

        monkeypatch.setattr(livegen.spec, "load_spec", bug)
        return invoke("script", str(SPEC))[0]
    if code == 74:
        with tmpfs("128k") as mnt:
            fill(mnt, leave=1024)
            return cli("script", str(SPEC), "-o", str(mnt / "show.md")).returncode
    if code in (129, 130, 143):
        return _signal_while_waiting(signal.Signals(code - 128), tmp).returncode
    raise AssertionError(f"README documents exit code {code}, which this test cannot produce")


def test_the_readme_table_lists_every_exit_code_livegen_has() -> None:
    assert sorted(documented_codes()) == sorted(int(c) for c in ExitCode)


@pytest.mark.parametrize("code", documented_codes())
def test_every_documented_exit_code_happens(
    code: int, cli, invoke, tmp_path: Path, tiny_video, monkeypatch
) -> None:
    assert _case(code, cli, invoke, tmp_path, tiny_video, monkeypatch) == code
