"""`livegen lint` on the command line: outputs, formats, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from livegen.errors import ExitCode

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "face-cream.script.zh.md"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_exits_zero_with_nothing_on_stdout(tmp_path: Path, invoke) -> None:
    path = _write(tmp_path, "ok.txt", "欢迎来到直播间\n第一次来的朋友点个关注\n")
    code, out, err = invoke("lint", str(path))
    assert (code, out) == (0, "")
    assert "no findings in 1 file" in err


def test_findings_exit_one_with_one_text_line_each(tmp_path: Path, invoke) -> None:
    path = _write(tmp_path, "show.txt", "欢迎\n这是最好的面霜\n全网最低价\n")
    code, out, err = invoke("lint", str(path))
    assert code == ExitCode.FINDINGS
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f'{path}:2:3: error [zh.absolute.superlative] "最好": 广告法')
    assert "suggestion: " in lines[0]
    assert "2 findings (2 errors) in 1 file" in err


def test_fail_on_sets_the_threshold(tmp_path: Path, invoke) -> None:
    path = _write(tmp_path, "w.txt", "正品保证，假一赔十\n")  # a warning only
    assert invoke("lint", str(path))[0] == 0
    assert invoke("lint", "--fail-on", "warning", str(path))[0] == 1
    assert invoke("lint", "--fail-on", "info", str(path))[0] == 1


def test_backed_claim_is_info_and_fails_only_on_info(tmp_path: Path, invoke, zh_spec: Path) -> None:
    path = _write(tmp_path, "b.txt", "坚持用能美白\n")
    code, out, _ = invoke("lint", "--spec", str(zh_spec), "--fail-on", "warning", str(path))
    assert code == 0 and "info [zh.cosmetics.special-efficacy]" in out
    assert "backed by: 国妆特字 G20230417" in out
    assert invoke("lint", "--spec", str(zh_spec), "--fail-on", "info", str(path))[0] == 1


def test_json_format_is_exactly_the_versioned_findings_document(tmp_path: Path, invoke) -> None:
    path = _write(tmp_path, "s.txt", "全网最低价\n")
    code, out, _ = invoke("lint", "--format", "json", str(path))
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["schema_version", "findings"] and data["schema_version"] == "1"
    (f,) = data["findings"]
    assert {"file", "line", "phrase", "rule", "severity", "basis", "suggestion"} <= set(f)
    assert (f["file"], f["line"], f["phrase"]) == (str(path), 1, "全网最低价")
    assert "start" not in f


def test_json_for_a_transcript_gives_start_and_end_seconds(transcript_file: Path, invoke) -> None:
    _, out, _ = invoke("lint", "--format", "json", str(transcript_file))
    (f,) = json.loads(out)["findings"]
    assert (f["start"], f["end"]) == (751.4, 755.0)


def test_text_output_for_a_transcript_shows_the_timestamp(transcript_file: Path, invoke) -> None:
    _, out, _ = invoke("lint", str(transcript_file))
    assert out.startswith(f"{transcript_file} 00:12:31.4-00:12:35.0: error [zh.price.lowest]")


def test_sarif_output_has_rules_results_and_locations(
    tmp_path: Path, invoke, transcript_file: Path
) -> None:
    path = _write(tmp_path, "s.txt", "好用\n这是最好的面霜\n")
    code, out, _ = invoke("lint", "--format", "sarif", str(path), str(transcript_file))
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and "zh.absolute.superlative" in ids
    assert all(r["defaultConfiguration"]["level"] in ("error", "warning", "note") for r in rules)
    first, second = run["results"]
    assert ids[first["ruleIndex"]] == first["ruleId"] == "zh.absolute.superlative"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 3, 5)
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("s.txt")
    assert first["level"] == "error" and first["message"]["text"]
    assert second["properties"]["start"] == 751.4
    assert second["properties"]["timestamp"] == "00:12:31.4"
    assert {"name": "00:12:31.4", "kind": "time"} in second["locations"][0]["logicalLocations"]


def test_rules_option_adds_and_disables_rules(tmp_path: Path, invoke) -> None:
    path = _write(tmp_path, "s.txt", "最好的面霜，闭眼入\n")
    rules = _write(
        tmp_path,
        "house.yaml",
        "disable: [zh.absolute.*]\nrules:\n  - id: house.slang\n    severity: error\n"
        "    basis: brand voice guide\n    words: [闭眼入]\n",
    )
    code, out, _ = invoke("lint", "--rules", str(rules), "--format", "json", str(path))
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["house.slang"]


def test_rules_from_config_are_used(tmp_path: Path, invoke, monkeypatch) -> None:
    rules = _write(tmp_path, "off.yaml", "disable: ['*']\n")
    _write(tmp_path, "livegen.toml", f"[lint]\nrules = [{json.dumps(str(rules))}]\n")
    path = _write(tmp_path, "s.txt", "全网最低价\n")
    monkeypatch.chdir(tmp_path)
    assert invoke("lint", str(path))[:2] == (0, "")


def test_allow_comment_in_a_file_is_honoured(tmp_path: Path, invoke) -> None:
    path = _write(tmp_path, "s.md", "全网最低价 <!-- livegen: allow zh.price.lowest -->\n")
    assert invoke("lint", str(path))[0] == 0


def test_spec_forbidden_claims_apply(tmp_path: Path, invoke, zh_spec: Path) -> None:
    path = _write(tmp_path, "s.txt", "孕妇可用\n")
    code, out, _ = invoke("lint", "--spec", str(zh_spec), str(path))
    assert code == 1 and '[spec.forbidden] "孕妇可用"' in out


def test_label_missing_in_generated_markdown(tmp_path: Path, invoke) -> None:
    path = _write(
        tmp_path,
        "g.md",
        "<!-- generated_by: livegen 0.1 offline, ai_generated -->\n# 开场\n欢迎来到直播间\n",
    )
    code, out, _ = invoke("lint", "--fail-on", "warning", str(path))
    assert code == 1 and "warning [label.missing]" in out
    labelled = _write(
        tmp_path,
        "l.md",
        "<!-- generated_by: livegen -->\n"
        "【AI生成】本内容由人工智能辅助生成，请人工审核后使用。\n欢迎\n",
    )
    assert invoke("lint", "--fail-on", "warning", str(labelled))[0] == 0
    human = _write(tmp_path, "h.md", "# 开场\n欢迎来到直播间\n")
    assert invoke("lint", "--fail-on", "warning", str(human))[0] == 0


def test_label_missing_in_script_json(tmp_path: Path, invoke, make_script) -> None:
    path = _write(
        tmp_path, "s.json", json.dumps(make_script(label=None, lines=["欢迎"]), ensure_ascii=False)
    )
    _, out, _ = invoke("lint", "--format", "json", str(path))
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules[0] == "label.missing"


def test_stdin_plain_text(invoke, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("hello\nIt cures acne\n"))
    code, out, _ = invoke("lint", "-")
    assert code == 1 and out.startswith("<stdin>:2:4: error [en.medical.disease]")


def test_stdin_generated_markdown_without_label_is_flagged(invoke, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("<!-- generated_by: livegen -->\n# 开场\n欢迎\n"))
    code, out, _ = invoke("lint", "--fail-on", "warning", "-")
    assert code == 1 and out.startswith("<stdin>:1: warning [label.missing]")


def test_stdin_livegen_json_is_read_as_the_artifact(cli, make_script) -> None:
    res = cli("lint", "--format", "json", "-", input=json.dumps(make_script(), ensure_ascii=False))
    assert res.returncode == 1, res.stderr
    wheres = {f.get("where") for f in json.loads(res.stdout)["findings"]}
    assert "segments[1].lines[0]" in wheres


def test_missing_file_is_one_error_line_and_exit_two(tmp_path: Path, invoke) -> None:
    code, out, err = invoke("lint", str(tmp_path / "nope.md"))
    assert code == ExitCode.USAGE and out == ""
    assert err.strip().count("\n") == 0 and err.startswith("error: ") and "no such file" in err


def test_one_bad_input_prints_no_partial_results(tmp_path: Path, invoke) -> None:
    good = _write(tmp_path, "a.txt", "全网最低价\n")
    code, out, _ = invoke("lint", str(good), str(tmp_path / "missing.txt"))
    assert (code, out) == (ExitCode.USAGE, "")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "xml"], "--format: unknown value 'xml'"),
        (["--fail-on", "fatal"], "--fail-on: unknown value 'fatal'"),
        (["--category", "toys"], "--category: unknown value 'toys'"),
        (["--lang", "fr"], "--lang: unknown value 'fr'"),
    ],
)
def test_bad_option_values_are_usage_errors(tmp_path: Path, invoke, args, message) -> None:
    path = _write(tmp_path, "a.txt", "hi\n")
    code, out, err = invoke("lint", *args, str(path))
    assert (code, out) == (ExitCode.USAGE, "")
    assert message in err and "Traceback" not in err


def test_lang_flag_overrides_detection(tmp_path: Path, invoke) -> None:
    path = _write(tmp_path, "a.txt", "全网最低价 best price online\n")
    _, out_zh, _ = invoke("lint", "--lang", "zh", str(path))
    _, out_en, _ = invoke("lint", "--lang", "en", str(path))
    assert "[zh.price.lowest]" in out_zh and "[en." not in out_zh
    assert "[en.price.lowest]" in out_en and "[zh." not in out_en


def test_table_format_prints_a_table(tmp_path: Path, invoke) -> None:
    path = _write(tmp_path, "a.txt", "全网最低价\n")
    code, out, _ = invoke("lint", "--format", "table", str(path))
    assert code == 1 and "zh.price.lowest" in out and "Suggestion" in out


def test_sample_script_shows_planted_violations_with_lines_and_suggestions(invoke) -> None:
    code, out, _ = invoke("lint", "--category", "cosmetics", "--format", "json", str(SAMPLE))
    assert code == 1
    found = {(f["phrase"], f["rule"]) for f in json.loads(out)["findings"]}
    for phrase, rule in [
        ("最好", "zh.absolute.superlative"),
        ("祛痘", "zh.cosmetics.medical-claim"),
        ("假一赔十", "zh.guarantee.seller"),
        ("原价999", "zh.price.fake-original"),
        ("全网最低价", "zh.price.lowest"),
        ("100%有效", "zh.guarantee.efficacy"),
    ]:
        assert (phrase, rule) in found
    findings = json.loads(out)["findings"]
    assert all(f["line"] >= 1 and f["suggestion"] for f in findings)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert all(f["phrase"] in lines[f["line"] - 1] for f in findings)
    clean_words = ("最后一天", "第一次", "最近", "第一步", "唯一的缺点", "最好是")
    flagged_lines = {lines[f["line"] - 1] for f in findings}
    assert not any(w in line for w in clean_words for line in flagged_lines)


def test_lint_appears_in_help(cli) -> None:
    res = cli("lint", "--help")
    assert res.returncode == 0 and "--fail-on" in res.stdout
