"""`normalize(variant="auto")` converts only Traditional text, and with the region's
phrase-level OpenCC configuration, so mainland words in Simplified text stay as written."""

from __future__ import annotations

from livegen.text import normalize, normalize_many, regional_variant


def test_simplified_text_is_not_rewritten_by_taiwan_phrases() -> None:
    # tw2sp on Simplified text turns 停用 into 禁用; auto leaves Simplified text alone.
    assert normalize("停用三天", variant="tw2sp").text == "禁用三天"
    assert normalize("停用三天", variant="auto").text == "停用三天"
    assert normalize("指标正常，过敏请停用", variant="auto").text == "指标正常,过敏请停用"
    assert regional_variant("这是全网最低价") is None


def test_taiwan_text_gets_mainland_wording() -> None:
    assert regional_variant("這是全網最低價") == "tw2sp"
    assert normalize("下載影片看記憶體", variant="auto").text == "下载视频看内存"


def test_cantonese_text_is_read_as_hong_kong() -> None:
    assert regional_variant("呢個冇得再平") == "hk2sp"
    assert normalize("呢個冇得再平", variant="auto").text == "呢个冇得再平"


def test_a_converted_phrase_still_points_at_what_was_written() -> None:
    n = normalize("記憶體最大", variant="auto")
    assert n.text == "内存最大"
    at = n.text.index("最大")
    assert n.original[slice(*n.span(at, at + 2))] == "最大"
    assert n.original[slice(*n.span(0, 2))] == "記憶體"


def test_many_lines_convert_each_by_its_own_script() -> None:
    lines = ["停用三天", "這是全網最低價", "呢個冇得再平", "plain english"]
    many = [n.text for n in normalize_many(lines, variant="auto")]
    assert many == [normalize(t, variant="auto").text for t in lines]
    assert many[0] == "停用三天" and many[1] == "这是全网最低价"
