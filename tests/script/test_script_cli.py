"""The command-line contract of script, titles and cta: formats, files, pipes."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

from tests.support.paths import REPO, SAMPLES

from livegen.errors import ExitCode

FACE = str(SAMPLES / "face-cream.zh.yaml")
STAND = str(SAMPLES / "phone-stand.en.yaml")


def test_markdown_is_readable_on_camera(invoke) -> None:
    code, out, err = invoke("script", FACE)
    assert code == 0
    assert err == ""
    assert "# 山茶花保湿修护面霜" in out
    heads = re.findall(r"^## (\d\d:\d\d)–(\d\d:\d\d) (.+)$", out, flags=re.M)
    assert heads[0][:2] == ("00:00", heads[0][1]) and heads[0][2] == "开场"
    assert heads[-1][1] == "30:00"
    assert "`[提示] " in out  # cues look different from spoken lines
    assert "## 标题备选" in out and "## 行动号召备选" in out


def test_json_follows_the_contract(invoke) -> None:
    code, out, _ = invoke("script", FACE, "--format", "json", "--duration", "10")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == "1"
    for key in ("product", "platform", "language", "segments", "titles", "ctas", "generated_by"):
        assert key in data
    assert data["product"] == "山茶花保湿修护面霜"
    assert data["platform"] == "douyin" and data["language"] == "zh"
    assert data["duration"] == 600
    seg = data["segments"][0]
    assert {"start", "end", "kind", "lines", "cues"} <= set(seg)
    assert isinstance(seg["start"], int | float) and seg["kind"] == "hook"
    gb = data["generated_by"]
    assert {"backend", "model", "template", "seed", "created"} <= set(gb)
    assert all({"text", "angle"} == set(v) for v in data["titles"])


def test_json_round_trips_through_the_artifact_loader(invoke, tmp_path) -> None:
    from livegen.artifacts import load_artifact
    from livegen.schemas.script import Script

    out = tmp_path / "show.json"
    code, stdout, err = invoke("script", FACE, "--format", "json", "-o", str(out))
    assert code == 0 and stdout == ""
    assert str(out) in err  # the path is reported on stderr, stdout stays clean
    script = load_artifact(out, Script, kind="script")
    assert script.segments[-1].end == 1800


def test_existing_output_is_not_overwritten_without_force(invoke, tmp_path) -> None:
    out = tmp_path / "show.md"
    out.write_text("keep me", encoding="utf-8")
    code, stdout, err = invoke("script", FACE, "-o", str(out))
    assert code == ExitCode.USAGE and stdout == ""
    assert "already exists" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _, err = invoke("script", FACE, "-o", str(out), "--force")
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("> 【AI生成】")
    assert [p.name for p in tmp_path.iterdir()] == ["show.md"]  # no temp files left


def test_unknown_format_and_platform_are_usage_errors(invoke) -> None:
    code, out, err = invoke("script", FACE, "--format", "pdf")
    assert code == ExitCode.USAGE and out == "" and "--format must be one of md, json" in err
    code, out, err = invoke("script", FACE, "--platform", "myspace")
    assert code == ExitCode.USAGE and "unknown platform 'myspace'" in err
    code, out, err = invoke("script", FACE, "--style", "hype")
    assert code == ExitCode.USAGE and "unknown style 'hype'" in err
    code, out, err = invoke("titles", FACE, "--format", "xml")
    assert code == ExitCode.USAGE and "text, json, csv" in err


def test_titles_formats(invoke) -> None:
    code, out, _ = invoke("titles", FACE, "-n", "6", "--format", "json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 6
    assert all({"text", "angle"} <= set(i) for i in items)
    assert len({i["angle"] for i in items}) == 6
    code, out, _ = invoke("titles", FACE, "-n", "6", "--format", "csv")
    assert out.startswith("\ufeff")  # Excel reads UTF-8 Chinese only with a BOM
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows[0] == ["n", "angle", "text", "chars", "label"]
    assert len(rows) == 7 and rows[1][0] == "1"
    assert all(int(r[3]) == len(r[2]) <= 30 for r in rows[1:])
    code, out, _ = invoke("titles", FACE, "-n", "3", "--no-label")
    assert re.fullmatch(r"1\. \[benefit\] .+\n2\. \[curiosity\] .+\n3\. \[price\] .+\n", out)


def test_cta_count_and_seed(invoke) -> None:
    code, out, _ = invoke("cta", STAND, "-n", "4", "--format", "json", "--seed", "3")
    assert code == 0
    first = json.loads(out)
    assert len(first) == 4 and all("orange cart" in c["text"].lower() for c in first)
    _, again, _ = invoke("cta", STAND, "-n", "4", "--format", "json", "--seed", "3")
    assert json.loads(again) == first


def test_asking_for_more_variants_than_exist_warns_on_stderr(invoke) -> None:
    code, out, err = invoke("cta", FACE, "-n", "50", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) < 50
    assert "warning: only" in err


def test_stdout_is_clean_json_in_a_real_pipe(tmp_path) -> None:
    cmd = (
        f'"{sys.executable}" -m livegen script "{FACE}" --format json | '
        f'"{sys.executable}" -c "import json,sys; d=json.load(sys.stdin); '
        f"print(d['schema_version'], len(d['segments']))\""
    )
    res = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert res.returncode == 0, res.stderr
    version, count = res.stdout.split()
    assert version == "1" and int(count) > 10


def test_spec_from_stdin(cli) -> None:
    spec = (SAMPLES / "phone-stand.en.yaml").read_text(encoding="utf-8")
    res = cli("titles", "-", "--format", "json", "-n", "3", input=spec)
    assert res.returncode == 0, res.stderr
    assert len(json.loads(res.stdout)) == 3
    res = cli(
        "script",
        "-",
        "--format",
        "json",
        "--duration",
        "5",
        input=json.dumps(
            {
                "name": "Mug",
                "price": 12,
                "selling_points": ["Keeps tea hot"],
                "language": "en",
                "platform": "youtube",
            }
        ),
    )
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["platform"] == "youtube" and data["segments"][-1]["end"] == 300


def test_bad_spec_in_a_subprocess_has_no_traceback(cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nprice: -3\nselling_points: [a]\n", encoding="utf-8")
    res = cli("script", str(bad))
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.stderr.startswith(f"error: {bad}: field 'price'")
    assert "Traceback" not in res.stderr


def test_make_demo_sample_runs_from_the_repo_root(cli) -> None:
    res = cli("script", "samples/face-cream.zh.yaml", cwd=REPO)
    assert res.returncode == 0, res.stderr
    assert "山茶花保湿修护面霜" in res.stdout and "点击下方小黄车" in res.stdout
