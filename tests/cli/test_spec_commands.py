"""A first spec in minutes: aliases, every problem at once, init, import of real briefs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from livegen.errors import SpecError

REPO = Path(__file__).resolve().parents[2]
BRIEFS = REPO / "tests" / "fixtures" / "briefs"
# What each brief says, checked after import (written before the importer existed).
EXPECTED = {
    "kids-watch.shop.yaml": {
        "points": 4,
        "personas": 2,
        "price": 499,
        "promo": 399,
        "platform": "douyin",
        "language": "zh",
    },
    "blender.catalog.json": {
        "points": 4,
        "personas": 2,
        "price": 59.99,
        "promo": 44.99,
        "platform": "tiktok",
        "language": "en",
    },
    "tea.brief.md": {
        "points": 4,
        "personas": 2,
        "price": 128,
        "promo": 98,
        "platform": "taobao",
        "language": "zh",
    },
    "yoga-mat.notes.txt": {
        "points": 4,
        "personas": 2,
        "price": 49,
        "promo": 35,
        "platform": "youtube",
        "language": "en",
    },
}


def test_locale_tags_and_platform_spellings_are_accepted() -> None:
    from livegen.spec import spec_from_data, spec_notes

    for lang, platform, want in (
        ("zh-CN", "抖音", ("zh", "douyin")),
        ("zh_Hans", "淘宝直播", ("zh", "taobao")),
        ("en-US", "TikTok Shop", ("en", "tiktok")),
        ("English", "taobao live", ("en", "taobao")),
    ):
        spec = spec_from_data(
            {
                "name": "x",
                "price": 1,
                "selling_points": ["a"],
                "language": lang,
                "platform": platform,
            },
            "s.yaml",
        )
        assert (spec.language, spec.platform) == want
        assert any(lang in n for n in spec_notes(spec))


def test_validation_reports_every_problem_at_once_one_line_each() -> None:
    from livegen.spec import spec_from_data

    with pytest.raises(SpecError) as err:
        spec_from_data(
            {
                "name": "",
                "price": -1,
                "selling_points": [],
                "language": "fr",
                "offer": {"stock": -3},
            },
            "bad.yaml",
        )
    text = str(err.value)
    lines = [line for line in text.splitlines() if line.strip().startswith("bad.yaml: field")]
    assert len(lines) == 5, text
    for field in ("name", "price", "selling_points", "language", "offer.stock"):
        assert any(f"'{field}'" in line for line in lines), field
    assert "more problem" not in text


def test_a_brief_in_another_layout_gets_pointed_to_spec_import() -> None:
    from livegen.spec import load_spec

    with pytest.raises(SpecError) as err:
        load_spec(BRIEFS / "kids-watch.shop.yaml")
    assert "spec import" in (err.value.hint or "")


def test_forbidden_claims_written_as_rules_become_the_phrases_they_forbid() -> None:
    from livegen.spec import spec_from_data, spec_notes

    spec = spec_from_data(
        {
            "name": "x",
            "price": 1,
            "selling_points": ["a"],
            "forbidden_claims": [
                "不得宣称三天祛痘",
                "Do not claim it cures acne",
                "医学级修复",
                "主播在直播时不可以提到任何和医院有关的内容",
            ],
        },
        "s.yaml",
    )
    assert spec.forbidden_claims[:3] == ["三天祛痘", "cures acne", "医学级修复"]
    assert any("reads like a sentence" in n for n in spec_notes(spec))


@pytest.mark.parametrize("lang", ["zh", "en", "zh-CN"])
@pytest.mark.parametrize("category", ["general", "cosmetics", "美妆"])
def test_spec_init_writes_a_commented_template_that_validates(
    invoke, tmp_path, lang, category
) -> None:
    out = tmp_path / "spec.yaml"
    code, _, err = invoke("spec", "init", "--lang", lang, "--category", category, "-o", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#")
    code, _, err = invoke("script", str(out), "--format", "json", "-o", str(tmp_path / "s.json"))
    assert code == 0, err
    code, _, err = invoke("spec", "init", "-o", str(out))
    assert code != 0 and "exists" in err  # no overwrite without --force


@pytest.mark.parametrize("brief", sorted(EXPECTED))
def test_spec_import_keeps_every_point_persona_and_price(invoke, tmp_path, brief) -> None:
    out = tmp_path / "spec.yaml"
    code, _, err = invoke("spec", "import", str(BRIEFS / brief), "-o", str(out))
    assert code == 0, err
    assert re.search(
        r"spec import: \d+ mapped, \d+ guessed, \d+ not placed; the spec is valid", err
    )
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    want = EXPECTED[brief]
    assert len(data["selling_points"]) == want["points"]
    assert len(data["personas"]) == want["personas"]
    assert data["price"] == pytest.approx(want["price"])
    assert data["promo_price"] == pytest.approx(want["promo"])
    assert data["platform"] == want["platform"] and data["language"] == want["language"]
    code, _, err = invoke("script", str(out), "--format", "json")
    assert code == 0, err


def test_spec_import_never_writes_over_its_input(invoke, tmp_path) -> None:
    src = tmp_path / "brief.md"
    src.write_text((BRIEFS / "tea.brief.md").read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = invoke("spec", "import", str(src), "-o", str(src), "--force")
    assert code != 0 and "input" in err


def test_titles_csv_opens_in_excel_with_chinese(invoke, tmp_path) -> None:
    out = tmp_path / "t.csv"
    code, _, err = invoke(
        "titles", str(REPO / "samples" / "face-cream.zh.yaml"), "--format", "csv", "-o", str(out)
    )
    assert code == 0, err
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    code, _, _ = invoke(
        "titles",
        str(REPO / "samples" / "phone-stand.en.yaml"),
        "--format",
        "csv",
        "--excel",
        "-o",
        str(tmp_path / "e.csv"),
    )
    assert (tmp_path / "e.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (tmp_path / "e.csv").read_bytes()


def test_spec_merge_adds_chat_questions_and_the_script_skips_their_placeholders(
    invoke, tmp_path
) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_text(
        'faq:\n  - question: "哺乳期能用吗？"\n    answer: "（待主播补充）"\n'
        '  - question: "油皮能用吗"\n    answer: "（待主播补充）"\n'
        '  - question: "Does it fit a tablet?"\n'
        '    answer: "(to be answered by the host)"\n',
        encoding="utf-8",
    )
    out = tmp_path / "merged.yaml"
    spec = REPO / "samples" / "face-cream.zh.yaml"
    code, _, err = invoke("spec", "merge", str(spec), str(faq), "-o", str(out))
    assert code == 0, err
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    questions = [q["question"] for q in data["faq"]]
    assert "哺乳期能用吗？" in questions and "孕妇可以用吗？" in questions
    assert questions.count("油皮能用吗？") == 1 and "油皮能用吗" not in questions
    code, text, err = invoke("script", str(out))
    assert code == 0
    assert "哺乳期能用吗" not in text and "待主播补充" not in text
    assert "to be answered" not in text
    assert "placeholder" in err and "哺乳期能用吗？" in err
