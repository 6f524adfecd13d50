"""The command's contract: outputs, stdout/stderr split, one-line errors and exit codes."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from tests.support.paths import SAMPLES

from livegen.errors import ExitCode


def _base(rec) -> list[str]:
    return ["highlights", str(rec.media), "--transcript", str(rec.transcript)]


def test_table_goes_to_stdout_and_the_artifact_beside_the_media(invoke, rec, tmp_path) -> None:
    media = tmp_path / "rec.mp4"
    media.symlink_to(rec.media)
    code, out, err = invoke(
        "highlights", str(media), "-t", str(rec.transcript), "--top", "3", "--no-visual"
    )
    assert code == 0, err
    written = tmp_path / "rec.highlights.json"
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["schema_version"] == "1" and len(data["highlights"]) == 3
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["#", "window", "len"]
    assert sum(1 for ln in lines if ln[:1].isdigit()) == 3
    assert "wrote" in err and "wrote" not in out


def test_json_flag_prints_only_the_artifact(invoke, rec, tmp_path) -> None:
    code, out, err = invoke(
        *_base(rec), "--json", "--top", "2", "--no-visual", "-o", str(tmp_path / "h.json")
    )
    assert code == 0, err
    assert json.loads(out) == json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))


def test_existing_output_is_not_overwritten_without_force(invoke, rec, tmp_path) -> None:
    target = tmp_path / "h.json"
    target.write_text("keep")
    code, out, err = invoke(*_base(rec), "-o", str(target))
    assert code == ExitCode.USAGE and out == ""
    assert "already exists" in err and target.read_text() == "keep"
    code, _, err = invoke(*_base(rec), "-o", str(target), "--force", "--top", "1", "--no-visual")
    assert code == 0, err
    assert json.loads(target.read_text())["highlights"]


def test_report_is_self_contained_with_timeline_and_thumbnails(base_run) -> None:
    page = base_run["html"]
    assert page.count("<svg") == 1 and "<polyline" in page
    assert page.count("data:image/jpeg;base64,") == 12  # 10 highlights + 2 products
    first = page.split("data:image/jpeg;base64,")[1].split('"')[0]
    jpeg = base64.b64decode(first)
    assert jpeg[:2] == b"\xff\xd8" and len(jpeg) > 1000  # a real JPEG frame
    assert 'src="http' not in page and 'href="http' not in page
    for name in ("cues", "energy", "chat_rate", "motion", "score"):
        assert f">{name}</text>" in page
    assert "Look at this Aqua Serum" in page


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines and lines[0].startswith("error: ")
    assert len([ln for ln in lines if not ln.startswith("hint: ")]) == 1
    assert "Traceback" not in err
    return lines[0]


def test_missing_transcript_file_is_a_one_line_input_error(invoke, rec, tmp_path) -> None:
    code, out, err = invoke(
        "highlights",
        str(rec.media),
        "-t",
        str(tmp_path / "nope.json"),
        "-o",
        str(tmp_path / "h.json"),
    )
    assert code == ExitCode.USAGE and out == ""
    assert "nope.json: no such file" in _one_error_line(err)
    assert not (tmp_path / "h.json").exists()


def test_transcript_of_another_recording_is_refused(invoke, rec, tmp_path) -> None:
    data = json.loads(rec.transcript.read_text())
    data["duration"] = 3600.0
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    code, out, err = invoke(
        "highlights", str(rec.media), "-t", str(other), "-o", str(tmp_path / "h.json")
    )
    assert code == ExitCode.USAGE and out == ""
    assert "covers 3600.0 s but the media is 240.0 s" in _one_error_line(err)


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(schema_version="7"), "schema_version '7' is not supported"),
        (lambda d: d.pop("segments") and d.update(highlights=[]), "field 'highlights'"),
        (lambda d: d["segments"][0].update(start="soon"), "field 'segments.0.start'"),
    ],
)
def test_malformed_transcript_is_a_one_line_artifact_error(
    invoke, rec, tmp_path, mutate, message
) -> None:
    data = json.loads(rec.transcript.read_text())
    mutate(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    code, out, err = invoke(
        "highlights", str(rec.media), "-t", str(bad), "-o", str(tmp_path / "h.json")
    )
    assert code == ExitCode.USAGE and out == ""
    assert message in _one_error_line(err)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--min", "40", "--max", "20"], "--min (40) is longer than --max (20)"),
        (["--top", "0"], "--top must be at least 1"),
        (["--profile", "loud"], "unknown profile 'loud'"),
        (["--rerank", "magic"], "--rerank must be 'none' or 'llm'"),
        (["--rerank", "llm"], "--rerank llm needs an LLM backend"),
    ],
)
def test_bad_options_are_usage_errors(invoke, rec, tmp_path, args, message) -> None:
    code, out, err = invoke(*_base(rec), "-o", str(tmp_path / "h.json"), *args)
    assert code == ExitCode.USAGE and out == ""
    assert message in _one_error_line(err)


def test_bad_profile_file_names_the_field(invoke, rec, tmp_path) -> None:
    prof = tmp_path / "p.yaml"
    prof.write_text("weights: {cues: 1, loudness: 2}\n")
    code, _, err = invoke(*_base(rec), "-o", str(tmp_path / "h.json"), "--profile", str(prof))
    assert code == ExitCode.USAGE
    assert "weights.loudness: unknown signal" in _one_error_line(err)


def test_missing_media_is_an_input_error(invoke, rec, tmp_path) -> None:
    code, out, err = invoke("highlights", str(tmp_path / "gone.mp4"), "-t", str(rec.transcript))
    assert code == ExitCode.USAGE and out == ""
    assert "gone.mp4: no such file" in _one_error_line(err)


@pytest.mark.slow
def test_without_transcript_it_transcribes_the_recording_through_the_cache(
    cli, shared_cache: Path, tmp_path: Path
) -> None:
    from livegen.schemas.highlights import Highlights

    media = SAMPLES / "live-demo.en.mp4"
    out = tmp_path / "h.json"
    proc = cli("highlights", str(media), "-o", str(out), "--top", "2", "--no-visual")
    assert proc.returncode == 0, proc.stderr
    result = Highlights.model_validate_json(out.read_text(encoding="utf-8"))
    assert 1 <= len(result.highlights) <= 2
    # the words came from a real transcript: a highlight quotes what was said
    assert any(h.text.strip() for h in result.highlights)
    assert list((shared_cache / "transcripts").glob("*.json"))  # and it is cached


def test_bad_chat_and_sales_files_are_input_errors(invoke, rec, tmp_path: Path) -> None:
    sales = tmp_path / "s.csv"
    sales.write_text("time,visitors\n1,5\n")
    code, _, err = invoke(*_base(rec), "-o", str(tmp_path / "h.json"), "--sales", str(sales))
    assert code == ExitCode.USAGE
    assert "no orders, add_to_cart or gmv column" in _one_error_line(err)
    chat = tmp_path / "c.jsonl"
    chat.write_text('{"user": "a"}\n')
    code, _, err = invoke(*_base(rec), "-o", str(tmp_path / "h.json"), "--chat", str(chat))
    assert code == ExitCode.USAGE
    assert "needs a time and a text" in _one_error_line(err)


def test_cue_files_from_config_and_flag_extend_the_banks(invoke, rec, tmp_path) -> None:
    story = tmp_path / "story.yaml"
    story.write_text("categories:\n  story: [sandwich, my cat, rain at night]\n")
    cfg = tmp_path / "livegen.toml"
    cfg.write_text(f'[highlights]\ncues = ["{story}"]\n')
    code, out, err = invoke(
        "--config", str(cfg), *_base(rec), "--no-visual", "--json", "-o", str(tmp_path / "h.json")
    )
    assert code == 0, err
    stories = [h for h in json.loads(out)["highlights"] if h["category"] == "story"]
    assert stories and "story: " in stories[0]["reason"]
    from livegen.cli.console import state

    state._config = None  # the next in-process run reads the configuration afresh
    deal = tmp_path / "deal.yaml"
    deal.write_text("categories:\n  urgency_cta: [the weather]\n")
    code, out, err = invoke(
        *_base(rec), "--no-visual", "--json", "--cues", str(deal), "-o", str(tmp_path / "h2.json")
    )
    assert code == 0, err
    assert any("the weather" in h["reason"] for h in json.loads(out)["highlights"])


def test_an_empty_transcript_still_gives_windows_from_the_other_signals(
    invoke, rec, tmp_path
) -> None:
    """A transcript with no segments used to give no windows at all ("nothing was said").
    But an empty transcript is as often a failed or silent decode of a stream whose sound,
    picture and chat still mark its moments, so grid windows scored by those signals are
    offered, and `notes` says the transcript had no speech."""
    data = json.loads(rec.transcript.read_text())
    data["segments"] = []
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(data))
    code, out, err = invoke(
        "highlights",
        str(rec.media),
        "-t",
        str(empty),
        "--chat",
        str(rec.chat),
        "--sales",
        str(rec.sales),
        "--json",
        "-o",
        str(tmp_path / "h.json"),
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["highlights"], result["notes"]
    assert any("no speech segments" in n for n in result["notes"])
    for h in result["highlights"]:
        assert h["text"] == "" and h["title"]
        assert h["score"] > 0.2  # above the default profile's floor
    assert "no speech segments" in err


def test_an_empty_transcript_of_a_stream_with_no_signal_gives_no_windows(invoke, tmp_path) -> None:
    """Silence and a still picture, no chat: nothing can carry a moment, so nothing comes
    back, and the notes say why."""
    import subprocess

    from livegen.media.ffmpeg import ffmpeg_exe
    from livegen.schemas.transcript import MediaPart, Transcript

    media = tmp_path / "still.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=gray:s=320x240:d=60",
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=16000:cl=mono",
            "-t",
            "60",
            "-shortest",
            "-c:v",
            "libx264",
            "-c:a",
            "aac",
            str(media),
        ],
        check=True,
    )
    transcript = tmp_path / "t.json"
    transcript.write_text(
        Transcript(
            media=[MediaPart(path=str(media), offset=0.0, duration=60.0)],
            duration=60.0,
            language="zh",
            engine="x",
            model="x",
            segments=[],
        ).model_dump_json()
    )
    code, out, err = invoke(
        "highlights", str(media), "-t", str(transcript), "--json", "-o", str(tmp_path / "h.json")
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["highlights"] == []
    assert any("no speech segments" in n for n in result["notes"])
    # Why: all of it is one long silence (and nothing would score above the floor).
    assert any("silence" in n or "floor" in n for n in result["notes"]), result["notes"]
