"""`livegen doctor`: each check reports ok/warn/fail with a fix, and the exit code follows."""

from __future__ import annotations

import http.server
import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from livegen import doctor
from livegen.config import load_config
from livegen.errors import ExitCode


def _by_name(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {c.name: c for c in checks}


def test_missing_ffmpeg_override_fails_with_a_fix(tmp_path, monkeypatch, invoke) -> None:
    monkeypatch.setenv("LIVEGEN_FFMPEG", str(tmp_path / "no-ffmpeg"))
    code, out, _err = invoke("doctor", "--json")
    assert code == ExitCode.FINDINGS
    data = json.loads(out)
    assert data["schema_version"] == "1" and data["ok"] is False
    ff = next(c for c in data["checks"] if c["name"] == "ffmpeg")
    assert ff["status"] == "fail"
    assert "no-ffmpeg" in ff["detail"] and "does not exist" in ff["detail"]
    assert "LIVEGEN_FFMPEG" in ff["fix"]


def _fake_ffmpeg(tmp_path: Path, encoders: str, filters: str) -> Path:
    exe = tmp_path / "ffmpeg"
    exe.write_text(
        "#!/bin/sh\n"
        'case "$2" in\n'
        '  -version) echo "ffmpeg version 4.4-fake Copyright";;\n'
        f'  -encoders) printf "{encoders}";;\n'
        f'  -filters) printf "{filters}";;\n'
        "esac\n",
        encoding="utf-8",
    )
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def test_ffmpeg_without_libx264_or_libass_fails(tmp_path) -> None:
    exe = _fake_ffmpeg(
        tmp_path,
        r" V....D libx265  H.265\n A....D aac  AAC\n",
        r" ... drawtext  V->V  text\n ... loudnorm  A->A  loud\n",
    )
    cfg = load_config(env={"LIVEGEN_FFMPEG": str(exe)}, cwd=tmp_path)
    checks = _by_name(doctor.check_ffmpeg(cfg))
    assert checks["ffmpeg"].status == "ok" and "4.4-fake" in checks["ffmpeg"].detail
    assert checks["ffmpeg encoders"].status == "fail"
    assert "libx264" in checks["ffmpeg encoders"].detail
    assert "aac" not in checks["ffmpeg encoders"].detail
    assert checks["ffmpeg filters"].status == "fail"
    assert "ass, subtitles" in checks["ffmpeg filters"].detail
    assert checks["ffmpeg filters"].fix


def test_bundled_ffmpeg_passes_every_ffmpeg_check(tmp_path) -> None:
    checks = doctor.check_ffmpeg(load_config(env={}, cwd=tmp_path))
    assert [c.status for c in checks] == ["ok", "ok", "ok"]


def test_asr_weights_found_in_models_dir_or_missing(tmp_path, monkeypatch) -> None:
    models = tmp_path / "models"
    (models / "faster-whisper-base").mkdir(parents=True)
    (models / "faster-whisper-base" / "model.bin").write_bytes(b"\0" * 1024)
    cfg = load_config(env={"LIVEGEN_MODELS_DIR": str(models)}, cwd=tmp_path)
    assert doctor.check_asr_weights(cfg).status == "ok"
    monkeypatch.setattr(doctor, "WHISPER_PACKAGES", ("no-such-weights-package",))
    empty = load_config(env={"LIVEGEN_MODELS_DIR": str(tmp_path / "empty")}, cwd=tmp_path)
    check = doctor.check_asr_weights(empty)
    assert check.status == "fail" and "livegen models install" in check.fix


def test_missing_cjk_font_is_a_warning_with_install_hint(monkeypatch) -> None:
    monkeypatch.setattr(doctor, "FONT_PACKAGE", "no-such-font-package")
    monkeypatch.setattr(doctor.shutil, "which", lambda name: None)
    check = doctor.check_cjk_font()
    assert check.status == "warn" and "pip install no-such-font-package" in check.fix


def test_low_disk_space_warns(tmp_path) -> None:
    check = doctor.check_disk("cache", tmp_path / "not" / "yet", usage=lambda p: (10, 9, 10**8))
    assert check.status == "warn" and "0.1 GB" in check.detail
    assert doctor.check_disk("cache", tmp_path, usage=lambda p: (0, 0, 5 * 1024**3)).status == "ok"


def test_missing_optional_package_warns(monkeypatch) -> None:
    real = doctor.importlib.util.find_spec
    monkeypatch.setattr(
        doctor.importlib.util,
        "find_spec",
        lambda name: None if name == "scenedetect" else real(name),
    )
    checks = _by_name(doctor.check_packages())
    assert checks["package scenedetect"].status == "warn"
    assert checks["package scenedetect"].fix == doctor.MEDIA_EXTRA


class _Models(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ok = self.path == "/v1/models" and self.headers.get("Authorization") == "Bearer sk-good"
        self.send_response(200 if ok else 401)
        self.end_headers()
        self.wfile.write(b'{"data": []}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def llm_server() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Models)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_llm_endpoint_checked_only_on_request(tmp_path, llm_server) -> None:
    good = load_config(
        env={"LIVEGEN_BASE_URL": llm_server, "LIVEGEN_API_KEY": "sk-good"}, cwd=tmp_path
    )
    assert "not contacted" in doctor.check_llm(good, reach=False).detail
    assert doctor.check_llm(good, reach=True).status == "ok"
    bad = load_config(
        env={"LIVEGEN_BASE_URL": llm_server, "LIVEGEN_API_KEY": "sk-bad"}, cwd=tmp_path
    )
    check = doctor.check_llm(bad, reach=True)
    assert check.status == "fail" and "API key" in check.detail


def test_unreachable_llm_fails_fast(tmp_path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = load_config(env={"LIVEGEN_BASE_URL": f"http://127.0.0.1:{port}/v1"}, cwd=tmp_path)
    check = doctor.check_llm(cfg, reach=True, timeout=1.0)
    assert check.status == "fail" and "not reachable" in check.detail


def test_doctor_text_output_lists_checks_and_exits_zero_when_nothing_fails(cli) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIVEGEN_")}
    res = cli("doctor", env=env)
    data_lines = res.stdout.splitlines()
    assert any(ln.startswith("ok") and "ffmpeg" in ln for ln in data_lines)
    assert "failure(s)" in data_lines[-1]
    assert res.returncode == (1 if "FAIL" in res.stdout else 0)


def test_asr_check_follows_the_configured_model(tmp_path) -> None:
    cfg = load_config(
        env={"LIVEGEN_MODELS_DIR": str(tmp_path), "LIVEGEN_TRANSCRIBE_MODEL": "small"}, cwd=tmp_path
    )
    check = doctor.check_asr_weights(cfg)
    assert check.status == "fail" and "faster-whisper-small" in check.detail
    assert "livegen models install small" in check.fix
