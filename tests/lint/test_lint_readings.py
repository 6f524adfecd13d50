"""The context readings (livegen.lint.readings): how the words around a match decide
whether it is a claim, and what stays visible as info."""

from __future__ import annotations

from pathlib import Path

from livegen.lint.api import lint_texts
from livegen.schemas.findings import Finding


def _all(line: str, lang: str | None = None, category: str | None = None) -> list[Finding]:
    return lint_texts([line], lang=lang, category=category)


def _flags(line: str, lang: str | None = None, category: str | None = None) -> list[str]:
    return [f.rule for f in _all(line, lang, category) if f.severity in ("error", "warning")]


def test_best_as_advice_is_not_a_superlative_but_best_as_quality_is() -> None:
    assert _flags("最好先把脸洗干净再敷") == []
    assert _flags("最好用温水洗") == []
    assert _flags("这款最好用") == ["zh.absolute.superlative"]
    assert _flags("最好用的面霜就是它") == ["zh.absolute.superlative"]
    assert _flags("It's best to apply it at night") == []
    assert _flags("It's the best night cream") == ["en.absolute.superlative"]
    assert _flags("For best results, apply it to damp skin") == []
    assert _flags("Come here for the best deals") == ["en.absolute.superlative"]
    assert _flags("最好啊大家看清楚规格再下单") == []
    assert _flags("这款最好啊！") == ["zh.absolute.superlative"]


def test_a_floor_a_ceiling_a_time_or_a_setting_is_not_a_price_or_quality_claim() -> None:
    assert _flags("每单最低起购三件") == []
    assert _flags("最多限购两单") == []
    assert _flags("最早下周一发货") == []
    assert _flags("吹风机开最高档") == []
    assert _flags("The lowest setting is for fine hair") == []
    assert _flags("今天最低价") == ["zh.price.lowest"]
    assert _flags("Lowest price ever") == ["en.price.lowest"]


def test_a_market_scope_keeps_a_superlative_a_claim_whatever_follows() -> None:
    assert "zh.price.lowest" in _flags("全网最低起购价")
    assert _flags("Best to buy anywhere, period") != []
    assert _flags("最好先看尺码表，全网都一样") == []


def test_a_quoted_claim_is_cleared_only_when_the_line_disowns_it() -> None:
    assert _flags("有人说它三天美白，那是骗人的") == []
    assert _flags("有人说它三天美白，我觉得说得对") != []
    assert _flags("Anyone who says it cures acne is lying") == []
    assert _flags("Everyone says it cures acne, and it does") != []


def test_a_claim_after_the_quoted_clause_is_the_speakers_own() -> None:
    flagged = _flags("别家说三天美白是假的，我们家真的三天美白")
    assert flagged == ["zh.guarantee.efficacy-time"]


def test_a_claim_the_speaker_refuses_to_make_is_none_until_the_clause_ends() -> None:
    assert _flags("我不敢跟你们说稳赚，投资都有风险", category="finance") == []
    assert _flags("I can't promise you'll make five grand a month") == []
    assert _flags("I can't promise, but you'll never see this price again") != []


def test_a_topic_denied_at_once_is_no_claim() -> None:
    assert _flags("减肥没有捷径，管住嘴迈开腿", category="food") == []
    assert _flags("减肥神器，一周瘦五斤", category="food") != []


def test_a_word_named_as_forbidden_is_no_claim() -> None:
    assert _flags("广告法不让说第一，我们就说卖得不错") == []
    assert _flags("这款卖得好，全网第一") != []


def test_a_denial_of_the_kind_clears_but_a_comparison_inside_it_does_not() -> None:
    assert _flags("没有任何一款面霜能七天美白") == []
    assert _flags("没有任何一款面霜能比它更好用") != []


def test_a_reference_price_with_its_basis_is_info_citing_the_basis() -> None:
    findings = _all("原价199是前7日最低成交价，今天159")
    assert [f.severity for f in findings] == ["info"]
    assert findings[0].backed_by == "reference price with its basis: 前7日最低成交价"
    assert _flags("原价199，今天159") == ["zh.price.fake-original"]
    en = _all("Was $59, our lowest price in the last 30 days, now $45")
    assert [f.severity for f in en] == ["info"]


def test_a_stated_basis_does_not_outrank_the_specs_own_list_price() -> None:
    from livegen.spec import load_spec

    spec = load_spec(Path(__file__).resolve().parent / "specs" / "cream.zh.yaml")
    findings = lint_texts([f"原价{spec.price + 100:g}是前7日最低成交价，今天159"], spec=spec)
    assert [(f.rule, f.severity) for f in findings] == [("zh.price.fake-original", "error")]


def test_a_status_with_its_record_is_info_and_a_corrected_status_is_clean() -> None:
    findings = _all("产品通过了国家认证，证书编号在机身背面")
    assert findings and all(f.severity == "info" for f in findings)
    assert _flags("产品通过了国家认证") == ["zh.authority.regulator"]
    assert _flags("Made in an FDA-registered facility, not FDA approved", "en") == []
    facility = _all("Made in an FDA-registered facility", "en")
    assert [f.severity for f in facility] == ["info"]
    assert _flags("This serum is FDA registered", "en") == ["en.medical.fda"]


def test_a_special_use_claim_is_info_when_its_sentence_names_the_registration() -> None:
    findings = _all("这款美白精华是特殊化妆品，国妆特字号印在盒子上", category="cosmetics")
    assert [(f.rule, f.severity) for f in findings] == [("zh.cosmetics.special-efficacy", "info")]
    assert _flags("这款美白精华效果特别好", category="cosmetics") == [
        "zh.cosmetics.special-efficacy"
    ]


def test_traditional_lines_read_their_context_like_simplified_ones() -> None:
    assert _flags("最好先量一下腰圍再拍") == []
    assert _flags("廣告法不讓說最好，我就說它挺好用的") == []
    assert _flags("這是我用過最好的面霜") == ["zh.absolute.superlative"]


def test_a_claim_word_quoted_as_a_name_is_info_and_a_quoted_claim_is_still_a_claim() -> None:
    named = _all("这个牌子名字就叫「至尊宝」，是商标名，大家理性看参数", "zh")
    assert [f.severity for f in named] == ["info"]
    assert "check the trademark" in (named[0].backed_by or "")
    assert _flags("这款洗衣液的系列名叫「净无敌」，是注册商标", "zh") == []
    assert _flags("The shade is called 'Miracle Mint', it's just the shade name", "en") == []
    assert _flags("The model name is literally 'Ultimate Pro' lol", "en") == []
    # quotation marks alone, or a name said without them, make no name
    assert _flags("这款是「最好用」的面霜", "zh") == ["zh.absolute.superlative"]
    assert _flags("这款是“最好用”的面霜", "zh") == ["zh.absolute.superlative"]
    assert _flags("This is the 'ultimate' cream, trust me", "en") == ["en.absolute.superlative"]


def test_a_claim_said_to_be_unrelated_sent_to_a_doctor_or_called_a_rumour_is_not_made() -> None:
    assert _flags("这个牌子叫「第一坊」，跟排名第一没关系", "zh") == []
    assert _flags("这个是保湿霜，不能祛斑，想祛斑请去医院皮肤科", "zh", "cosmetics") == []
    assert _flags("别信那些喝了长高的说法", "zh", "kids") == []
    assert _flags("长不长个主要看遗传和运动", "zh", "kids") == []
    # the same claims made by the speaker
    assert _flags("这个排名第一，卖得最好", "zh") != []
    assert _flags("想祛斑就用它，一周见效", "zh", "cosmetics") != []
    assert _flags("喝了长高，个个都说好", "zh", "kids") != []
    assert _flags("喝了保证长个", "zh", "kids") != []


def test_a_result_stated_with_its_study_and_sample_is_info_citing_the_study() -> None:
    studied = _all("30名受试者连续使用28天，80%的人认为细纹减少", "zh", "cosmetics")
    assert studied and all(f.severity == "info" for f in studied)
    assert "30名受试者" in (studied[0].backed_by or "")
    line = "In the brand's study, 87% of 110 women said skin felt smoother after 4 weeks"
    assert _flags(line, "en", "cosmetics") == []
    assert _flags("Smoother skin after 4 weeks, guaranteed", "en", "cosmetics") != []
    assert _flags("用28天细纹全没了", "zh", "cosmetics") != []


def test_the_shops_own_listed_price_is_a_reference_and_an_outside_one_is_not() -> None:
    assert _flags("同款在我们店铺页面日常价259，直播间今天229", "zh") == []
    assert _flags("仅限今晚八点到十二点，过了十二点恢复日常价189", "zh") == []
    assert _flags("平时商场专柜都卖3980的，今天只要998", "zh") != []
    assert _flags("It was $59.99 at our regular listing price through last week", "en") == []
    assert _flags("Retail on this is $400, tonight $39", "en") != []


def test_denials_of_a_whole_kind_referrals_and_refusals_to_tell_are_not_claims() -> None:
    assert _flags("孩子长多高主要看遗传，任何产品都不能保证长高", "zh", "kids") == []
    assert _flags("这款奶粉保证长高", "zh", "kids") != []
    assert _flags("这款面霜不能祛斑，想祛斑的姐妹请去正规医院", "zh", "cosmetics") == []
    line = "I'm not gonna tell y'all it's the cheapest on the internet, I don't know that"
    assert _flags(line, "en") == []
    assert _flags("It's the cheapest on the internet", "en") != []


def test_mandated_wording_opinions_and_trade_senses_are_not_superlative_claims() -> None:
    assert _flags("母乳是宝宝最好的食物，这款奶粉适用于无法母乳喂养的情况", "zh", "kids") == []
    assert _flags("这款奶粉是宝宝最好的食物", "zh", "kids") != []
    assert _flags("Mango is the best-tasting flavor in my opinion", "en", "food") == []
    assert _flags("Mango is the best-tasting flavor on the market", "en", "food") != []
    assert _flags("The glue needs a 24-hour cure time before you load the shelf", "en") == []
    assert _flags("这个灯是吸顶的，装在天花板上", "zh") == []
