"""`livegen transcribe` on the command line: outputs, pipes, cache and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from transcribe_helpers import SPEECH, ffmpeg

from livegen.errors import ExitCode
from livegen.transcribe import engines

pytestmark = pytest.mark.slow


@pytest.fixture
def clip(tmp_path: Path, use_models: Path) -> Path:
    dst = tmp_path / "stream.wav"
    shutil.copy(SPEECH / "BAC009S0002W0123.wav", dst)
    return dst


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count how often a real engine is created (the cache must make it zero)."""
    calls: list[str] = []
    real = engines.ENGINES["faster-whisper"]

    def counting(options, config):
        calls.append(options.engine)
        engine = real(options, config)
        inner = engine.transcribe_window

        def window(*args, **kwargs):
            calls.append("window")
            return inner(*args, **kwargs)

        engine.transcribe_window = window  # type: ignore[method-assign]
        return engine

    monkeypatch.setitem(engines.ENGINES, "faster-whisper", counting)
    return calls


def test_writes_transcript_srt_vtt_txt_beside_the_input(invoke, clip: Path) -> None:
    spec = clip.with_name("spec.yaml")
    spec.write_text(
        "name: 水润面霜\nbrand: 雪域\nprice: 99\nkeywords: [玻尿酸]\nselling_points: [补水保湿]\n",
        encoding="utf-8",
    )
    code, out, err = invoke(
        "transcribe",
        str(clip),
        "--srt",
        "--vtt",
        "--txt",
        "--lang",
        "zh",
        "--spec",
        str(spec),
        "--hotwords",
        "直播间",
    )
    assert code == 0, err
    stem = clip.with_suffix("")
    expected = [f"{stem}.transcript.json", f"{stem}.srt", f"{stem}.vtt", f"{stem}.txt"]
    assert out.splitlines() == expected
    data = json.loads(Path(expected[0]).read_text("utf-8"))
    assert data["schema_version"] == "1" and data["engine"] == "faster-whisper"
    assert data["model"] == "base" and data["language"] == "zh"
    assert data["media"][0]["path"] == str(clip)
    assert data["options"]["hotwords"] == "水润面霜,雪域,玻尿酸,直播间"
    assert data["segments"][0]["words"][0].keys() >= {"start", "end", "word", "probability"}
    assert Path(expected[1]).read_text("utf-8").startswith("1\n00:00:0")
    assert Path(expected[2]).read_text("utf-8").startswith("WEBVTT\n\n00:00:0")
    assert "地方政府" in Path(expected[3]).read_text("utf-8")
    assert {p.name for p in clip.parent.iterdir()} == {
        "stream.wav",
        "spec.yaml",
        *(Path(e).name for e in expected),
    }


def test_json_flag_prints_the_transcript_and_a_second_run_hits_the_cache(
    invoke, clip: Path, engine_calls: list[str]
) -> None:
    code, out, err = invoke("transcribe", str(clip), "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["language"] == "zh" and first["segments"]
    assert not clip.with_suffix(".transcript.json").exists()  # stdout only
    windows = engine_calls.count("window")
    assert windows >= 1
    moved = clip.with_name("renamed.wav")
    clip.rename(moved)
    code, out, err = invoke("transcribe", str(moved), "--json")
    assert code == 0, err
    assert engine_calls.count("window") == windows  # no second decode
    second = json.loads(out)
    assert second["segments"] == first["segments"]
    assert second["media"][0]["path"] == str(moved)
    code, out, err = invoke("transcribe", str(moved), "-o", "-")
    assert code == 0 and json.loads(out)["segments"] == first["segments"]
    assert engine_calls.count("window") == windows
    code, out, _ = invoke("transcribe", str(moved), "--json", "--no-cache")
    assert code == 0 and engine_calls.count("window") == windows + 1


def test_existing_output_is_not_overwritten_without_force(invoke, clip: Path) -> None:
    target = clip.with_name("t.json")
    target.write_text("keep", encoding="utf-8")
    code, out, err = invoke("transcribe", str(clip), "-o", str(target))
    assert code == ExitCode.USAGE and out == ""
    assert "already exists" in err
    assert target.read_text("utf-8") == "keep"


def _only_inputs_left(folder: Path, names: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == names


def test_missing_file_is_one_line_error(invoke, tmp_path: Path, use_models) -> None:
    code, out, err = invoke("transcribe", str(tmp_path / "nope.mp4"), "--srt")
    assert code == ExitCode.USAGE and out == ""
    assert err.strip().startswith("error: ") and "no such file" in err
    assert "Traceback" not in err
    _only_inputs_left(tmp_path, set())


def test_a_file_without_audio_is_rejected(invoke, tmp_path: Path, use_models) -> None:
    video = tmp_path / "silent.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x64:d=1", "-c:v", "libx264", str(video))
    code, out, err = invoke("transcribe", str(video), "--srt", "--vtt")
    assert code == ExitCode.USAGE and out == ""
    assert "has no audio stream" in err and str(video) in err
    _only_inputs_left(tmp_path, {"silent.mp4"})


def test_a_truncated_recording_is_rejected(invoke, tmp_path: Path, use_models) -> None:
    full = tmp_path / "full.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "sine=f=440:d=3",
        "-f",
        "lavfi",
        "-i",
        "color=c=blue:s=64x64:d=3",
        "-c:v",
        "libx264",
        "-c:a",
        "aac",
        "-shortest",
        str(full),
    )
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    full.unlink()
    code, out, err = invoke("transcribe", str(cut), "--srt")
    assert code in (ExitCode.USAGE, ExitCode.MEDIA) and out == ""
    assert err.count("\n") <= 2 and str(cut) in err and "Traceback" not in err
    _only_inputs_left(tmp_path, {"cut.mp4"})


def test_an_unknown_language_code_is_a_usage_error(invoke, clip: Path) -> None:
    code, out, err = invoke("transcribe", str(clip), "--lang", "klingon")
    assert code == ExitCode.USAGE and out == ""
    assert "unknown language code 'klingon'" in err


def test_an_unwritable_output_folder_fails_before_transcribing(
    invoke, clip: Path, engine_calls: list[str]
) -> None:
    code, out, err = invoke("transcribe", str(clip), "-o", str(clip.parent / "no" / "t.json"))
    assert code == ExitCode.USAGE and out == ""
    assert "output folder does not exist" in err
    assert engine_calls == []
