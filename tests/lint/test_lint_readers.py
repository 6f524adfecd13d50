"""Each input format becomes text units with the right positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from livegen.errors import ArtifactError, InputError
from livegen.lint.api import lint_path
from livegen.lint.readers import read_document
from livegen.text import document_language


def test_script_json_findings_carry_segment_path_and_file_line(script_file: Path) -> None:
    findings = lint_path(script_file)
    by_phrase = {f.phrase: f for f in findings}
    lowest = by_phrase["全网最低价"]
    assert lowest.segment == 1 and lowest.where == "segments[1].lines[0]"
    raw_lines = script_file.read_text(encoding="utf-8").splitlines()
    assert "今天是全网最低价" in raw_lines[lowest.line - 1]
    assert by_phrase["史上最"].where == "titles[0].text"
    assert "第一" not in by_phrase  # 第一次 is an ordinal


def test_script_markdown_is_read_as_text_lines_with_columns(tmp_path: Path) -> None:
    md = tmp_path / "show.md"
    md.write_text("# 开场\n\n- 欢迎家人们\n- 这是最好的面霜\n", encoding="utf-8")
    (f,) = lint_path(md)
    assert (f.line, f.column, f.phrase) == (4, 5, "最好")
    assert f.context == "- 这是最好的面霜"


def test_titles_json_list_of_variants_reports_index_and_line(tmp_path: Path) -> None:
    path = tmp_path / "titles.json"
    path.write_text(
        json.dumps(
            [
                {"text": "好用的面霜", "angle": "benefit"},
                {"text": "全网最低价的面霜", "angle": "price"},
            ],
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    (f,) = lint_path(path)
    assert f.where == "[1].text" and f.line == 7


def test_titles_and_ctas_object_is_read(tmp_path: Path) -> None:
    path = tmp_path / "variants.json"
    path.write_text(
        json.dumps(
            {
                "titles": [{"text": "The best serum", "angle": "benefit"}],
                "ctas": [{"text": "Only 3 left, tap now", "angle": "scarcity"}],
            }
        ),
        encoding="utf-8",
    )
    assert {f.where for f in lint_path(path)} == {"titles[0].text", "ctas[0].text"}


def test_titles_csv_rows_report_their_line(tmp_path: Path) -> None:
    path = tmp_path / "titles.csv"
    path.write_text('angle,text\nbenefit,好用不贵\nprice,"全网最低, 今天"\n', encoding="utf-8")
    (f,) = lint_path(path)
    assert f.line == 3 and f.phrase == "全网最低"


def test_transcript_json_findings_carry_start_and_end_seconds(transcript_file: Path) -> None:
    (f,) = lint_path(transcript_file)
    assert (f.start, f.end, f.segment) == (751.4, 755.0, 1)
    assert f.phrase == "全网最低价"


def test_srt_cue_lines_are_joined_and_timed(tmp_path: Path) -> None:
    path = tmp_path / "stream.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\n欢迎来到直播间\n\n"
        "2\n00:12:31,400 --> 00:12:34,000\n这个价格是全网\n最低价\n\n",
        encoding="utf-8",
    )
    (f,) = lint_path(path)
    assert f.phrase == "全网最低价"
    assert (f.start, f.end, f.line) == (751.4, 754.0, 7)


def test_vtt_cues_are_timed_and_tags_dropped(tmp_path: Path) -> None:
    path = tmp_path / "clip.vtt"
    path.write_text(
        "WEBVTT\n\nNOTE made by hand\n\n00:01.000 --> 00:02.500 align:start\n"
        "<v Host>This cream <i>cures</i> acne</v>\n",
        encoding="utf-8",
    )
    (f,) = lint_path(path)
    assert f.rule == "en.medical.disease" and (f.start, f.end) == (1.0, 2.5)


def test_plain_text_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Welcome everyone\n\nThis is FDA approved\n", encoding="utf-8")
    (f,) = lint_path(path)
    assert (f.line, f.column, f.rule) == (3, 9, "en.medical.fda")


def test_line_numbers_count_newlines_only(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "第一页\x0c还是第一行\r\n第二行\u2028还是第二行\n全网最低价\n", encoding="utf-8"
    )
    (f,) = lint_path(path)
    assert f.line == 3


def test_media_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "stream.mp4"
    path.write_bytes(b"\x00\x00\x00 ftyp")
    with pytest.raises(InputError, match="media file"):
        read_document(path)


def test_broken_json_file_names_the_position(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"a": ', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.json: not valid JSON \(line 1"):
        read_document(path)


def test_json_that_is_no_livegen_artifact_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(ArtifactError, match="not a livegen script, transcript"):
        read_document(path)


def test_script_of_unknown_schema_version_is_rejected(tmp_path: Path, make_script) -> None:
    data = make_script()
    data["schema_version"] = "9"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ArtifactError, match="schema_version '9' is not supported"):
        read_document(path)


def test_language_is_detected_from_the_share_of_cjk_text() -> None:
    assert document_language(["这款SK-II神仙水很好用"]) == "zh"
    assert document_language(["Try the 雪花秀 cream tonight, it feels lovely"]) == "en"
    assert document_language([""]) == "en"
