"""Briefs in the layouts merchants use import whole: lists, tables, fen, coupons, gifts.

The briefs in `tests/fixtures/briefs-wild/` were written as a shop's operations staff
writes them (nested YAML with Chinese keys, a back-office JSON export, a Markdown sheet of
tables, WeChat and chat messages, an English TikTok brief, key: value and CSV sheets);
EXPECTED.yaml was written with each brief, not from the importer's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.support.briefs import kept as _kept
from tests.support.briefs import norm as _norm

BRIEFS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "briefs-wild"
EXPECTED = yaml.safe_load((BRIEFS / "EXPECTED.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("brief", sorted(EXPECTED))
def test_wild_brief_keeps_points_personas_prices_gifts_and_coupon(brief: str) -> None:
    from livegen.spec_import import import_brief

    path = BRIEFS / brief
    spec, result = import_brief(path.read_text(encoding="utf-8"), str(path), path.suffix)
    want = EXPECTED[brief]
    assert _norm(want["name"]) in _norm(spec.name), spec.name
    titles = [p.title for p in spec.selling_points]
    names = [p.name for p in spec.personas]
    for point in want["selling_points"]:
        assert _kept(point, titles), (point, titles)
    for persona in want["personas"]:
        assert _kept(persona, names), (persona, names)
    assert len(titles) == len(want["selling_points"]), titles
    assert len(names) == len(want["personas"]), names
    assert spec.price == pytest.approx(want["list_price"])
    assert spec.promo_price == pytest.approx(want["live_price"])
    assert (spec.currency, spec.language) == (want["currency"], want["language"])
    for gift in want["gifts"]:
        assert _kept(gift, spec.offer.gifts), (gift, spec.offer.gifts)
    assert bool(spec.offer.coupon) is want["coupon"], spec.offer.coupon
    assert result.mapped


def test_prices_in_fen_are_divided_and_said_to_be_guessed() -> None:
    from livegen.spec_import import import_brief

    brief = (
        '{"goodsName": "保温杯", "marketPrice": 19900, "salePrice": 12900,'
        ' "sellPoints": [{"pointName": "保温12小时"}]}'
    )
    spec, result = import_brief(brief, "b.json", ".json")
    assert (spec.price, spec.promo_price) == (199, 129)
    assert any("fen" in g for g in result.guessed)


def test_a_typed_integer_price_is_not_taken_for_fen() -> None:
    from livegen.spec_import import import_brief

    brief = '{"goodsName": "沙发", "marketPrice": 3999, "salePrice": 2999, "卖点": ["真皮"]}'
    spec, result = import_brief(brief, "b.json", ".json")
    assert (spec.price, spec.promo_price) == (3999, 2999)
    assert not any("fen" in g for g in result.guessed)


def test_coupon_and_gift_records_read_as_sentences() -> None:
    from livegen.spec_import import import_brief

    brief = (
        '{"title": "耳机", "price": 299, "sellPoints": ["降噪"],'
        ' "couponList": [{"couponName": "立减券", "discountAmount": 3000,'
        ' "thresholdAmount": 29900}], "giftList": [{"giftName": "保护套", "giftNum": 2}]}'
    )
    spec, _ = import_brief(brief, "b.json", ".json")
    assert spec.offer.coupon == "立减券：减30元，满299元可用"
    assert spec.offer.gifts == ["保护套×2"]


def test_enumerations_split_but_numbers_inside_a_point_do_not() -> None:
    from livegen.spec_import_shapes import enumerated

    assert enumerated("1.姜味足;2.不加香精;3.小包装") == ["姜味足", "不加香精", "小包装"]
    assert enumerated("卖点：1️⃣正宗产区 2️⃣存了6年") == ["正宗产区", "存了6年"]
    assert enumerated("第一，蛋白质高。第二，零添加蔗糖。") == ["蛋白质高", "零添加蔗糖"]
    assert enumerated("存了6年，一泡能喝十几次") is None
    assert enumerated("45dB降噪，36小时续航") is None


def test_a_gift_in_a_sentence_is_found_but_giving_a_present_and_free_shipping_are_not() -> None:
    from livegen.spec_import_shapes import gifts_in

    assert gifts_in("直播间到手199，再送一把茶刀🎁") == ["茶刀"]
    assert gifts_in("the first 200 orders get a free carabiner clip.") == ["carabiner clip"]
    assert gifts_in("送礼有面子，竹壳礼盒包装") == []
    assert gifts_in("Free shipping on every order") == []


def test_numbered_keys_become_one_list() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "商品名称：拖把\n原价：89\n卖点1：免手洗\n卖点2：360度旋转\n"
        "人群1：养宠物的\n人群2：上班族\n"
    )
    spec, _ = import_brief(brief, "b.txt", ".txt")
    assert [p.title for p in spec.selling_points] == ["免手洗", "360度旋转"]
    assert [p.name for p in spec.personas] == ["养宠物的", "上班族"]


def test_a_yaml_sheet_yaml_refuses_is_read_as_text_and_said_so() -> None:
    from livegen.spec_import import import_brief

    brief = (
        'Product Name: Lamp\nPrice: $59\nFeatures:\n  - Dimmable\n  - Foldable\nAvoid: "a", "b"\n'
    )
    spec, result = import_brief(brief, "b.yaml", ".yaml")
    assert [p.title for p in spec.selling_points] == ["Dimmable", "Foldable"]
    assert result.guessed[0].startswith("layout: read as a text sheet")


def test_a_price_named_after_its_amount_is_read() -> None:
    from livegen.spec_import import import_brief

    brief = 'Product Name: Lamp\nPrice: "$59 on the live (usually $89)"\nFeatures: [Dimmable]\n'
    spec, _ = import_brief(brief, "b.yaml", ".yaml")
    assert (spec.price, spec.promo_price) == (89, 59)


@pytest.mark.parametrize(
    "sheet",
    [
        "字段;内容\n商品名称;毛巾\n原价;59元\n直播价;39元\n卖点;吸水快\n卖点;不掉毛\n适合人群;宝妈\n",
        "字段\t内容\n商品名称\t毛巾\n原价\t59\n直播价\t39\n卖点\t吸水快\n卖点\t不掉毛\n适合人群\t宝妈\n",
        "序号,字段名,填写内容,备注\n1,商品名称（必填）,毛巾,\n2,日常价（元）,59,\n"
        '3,直播间价格（元）,39,\n4,核心卖点,"吸水快；不掉毛",\n5,目标人群,宝妈,\n',
        "字段,内容\n商品名称,毛巾\n原价,59\n直播价,39\n卖点,\n,吸水快\n,不掉毛\n适合人群,宝妈\n",
        "商品名称,原价,直播价,卖点1,卖点2,人群\n毛巾,59,39,吸水快,不掉毛,宝妈\n",
    ],
    ids=["semicolons", "tabs", "key-column-second", "merged-cells", "one-product-row"],
)
def test_csv_sheets_in_the_shapes_spreadsheets_export(sheet: str) -> None:
    from livegen.spec_import import import_brief

    spec, _ = import_brief(sheet, "b.csv", ".csv")
    assert spec.name == "毛巾" and (spec.price, spec.promo_price) == (59, 39)
    assert [p.title for p in spec.selling_points] == ["吸水快", "不掉毛"]
    assert [p.name for p in spec.personas] == ["宝妈"]


def test_a_ranked_mapping_names_buyers_by_their_text() -> None:
    from livegen.spec_import import import_brief

    brief = "name: Shaver\nprice: 80\nusp: [Three heads]\naudience:\n  primary: Daily shavers\n"
    spec, _ = import_brief(brief, "b.yaml", ".yaml")
    assert [p.name for p in spec.personas] == ["Daily shavers"]


def test_a_paragraph_after_a_bulleted_list_is_not_one_more_item() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "The product is the Acme Grinder.\n\nWhat makes it great:\n✅ Ceramic burrs\n"
        "✅ 40 settings\n\nPerfect for home baristas, and campers.\n\n"
        "It's $45 normally, $29 live.\n"
    )
    spec, _ = import_brief(brief, "b.txt", ".txt")
    assert [p.title for p in spec.selling_points] == ["Ceramic burrs", "40 settings"]
    assert [p.name for p in spec.personas] == ["home baristas", "campers"]


def test_an_export_that_declares_fen_has_its_prices_divided() -> None:
    from livegen.spec_import import import_brief

    brief = (
        '{"meta": {"priceUnit": "fen"}, "goods": {"title": "杯子", "originPrice": 5900,'
        ' "livePrice": 3990}, "sellPoints": ["保温"]}'
    )
    spec, _ = import_brief(brief, "b.json", ".json")
    assert (spec.price, spec.promo_price) == (59, 39.9)


def test_a_unit_declared_beside_the_prices_divides_them() -> None:
    from livegen.spec_import import import_brief

    brief = (
        '{"item": {"name": "登山杖"}, "money": {"价格单位": "分", "originPrice": 25900,'
        ' "livePrice": 15900, "feeDays": 7}, "sellPoints": ["碳纤维", "三节伸缩"]}'
    )
    spec, result = import_brief(brief, "b.json", ".json")
    assert (spec.price, spec.promo_price) == (259, 159)
    assert any("fen" in g for g in result.guessed)


def test_coupons_and_gifts_inside_a_price_block_are_the_offer_not_price_tiers() -> None:
    from livegen.spec_import import import_brief

    brief = (
        '{"title": "护膝", "pricing": {"priceUnit": "fen", "listPrice": 12800,'
        ' "livePrice": 8800, "coupons": [{"name": "粉丝券", "threshold": 8000,'
        ' "discount": 500}], "gifts": [{"giftName": "收纳袋"}]}, "points": ["加压绑带"]}'
    )
    spec, result = import_brief(brief, "b.json", ".json")
    assert (spec.price, spec.promo_price) == (128, 88)
    assert spec.offer.coupon == "粉丝券：减5元，满80元可用"
    assert any("收纳袋" in g for g in spec.offer.gifts)
    assert not any("tiers" in g for g in result.guessed), result.guessed


@pytest.mark.parametrize(
    ("brief", "suffix", "prices"),
    [
        ("商品名称：毛巾\n价格：299→199\n卖点：吸水快、不掉毛\n", ".txt", (299, 199)),
        ("商品名称：毛巾\n原价 299 现价 199\n卖点：吸水快、不掉毛\n", ".txt", (299, 199)),
        (
            "Product: Boots\nPrice: $129 (reg. $180)\nFeatures: Waterproof; Light\n",
            ".txt",
            (180, 129),
        ),
        (
            "【产品】螺蛳粉\n【价格】日常69.9，直播39.9\n【卖点】\n①汤底现熬\n②酸笋够味\n",
            ".txt",
            (69.9, 39.9),
        ),
    ],
    ids=["arrow", "xianjia", "reg", "brackets"],
)
def test_prices_written_the_short_ways_merchants_write_them(brief, suffix, prices) -> None:
    from livegen.spec_import import import_brief

    spec, _ = import_brief(brief, "b" + suffix, suffix)
    assert (spec.price, spec.promo_price) == prices
    assert len(spec.selling_points) == 2
    assert not spec.selling_points[0].title.startswith("①")


@pytest.mark.parametrize(
    "brief",
    [
        "- product: Boots\n  price: 120\n  features: [Waterproof, Light]\n",
        "product:\n  name: Boots\n  price: 120\n  features:\n"
        "    Waterproof:\n      desc: Gore-Tex\n    Light:\n      desc: 800 g a pair\n",
        "# Boots\n\n**Product:** Boots\n**Price:** $120\n\n**Selling points**\n- Waterproof\n"
        "- Light\n\n**Who it's for**\n- Day hikers\n",
    ],
    ids=["top-level-list", "one-top-key", "bold-headings"],
)
def test_nesting_and_bold_headings_do_not_hide_the_points(brief: str) -> None:
    from livegen.spec_import import import_brief

    suffix = ".md" if brief.startswith("#") else ".yaml"
    spec, _ = import_brief(brief, "b" + suffix, suffix)
    assert spec.name == "Boots" and spec.price == 120
    assert [p.title for p in spec.selling_points] == ["Waterproof", "Light"]


def test_a_sheet_whose_columns_give_no_spec_is_read_again_as_text_lines() -> None:
    from livegen.spec_import import import_brief

    sheet = "序号,内容\n1,商品名称：毛巾\n2,原价：59元\n3,卖点：吸水快、不掉毛\n"
    spec, result = import_brief(sheet, "b.csv", ".csv")
    assert spec.name == "毛巾" and spec.price == 59
    assert [p.title for p in spec.selling_points] == ["吸水快", "不掉毛"]
    assert result.guessed[0].startswith("layout: read as text lines")


def test_an_item_id_is_never_the_name() -> None:
    from livegen.spec_import import import_brief

    brief = '{"data": {"itemId": 730112, "itemTitle": "耳机", "price": 99, "卖点": ["降噪"]}}'
    spec, result = import_brief(brief, "b.json", ".json")
    assert spec.name == "耳机" and "data.itemId" in result.unplaced


@pytest.mark.parametrize(
    ("brief", "suffix", "names"),
    [
        (
            "产品：狗粮\n原价：199\n卖点：鲜肉、无谷\n目标人群是养小型犬的年轻人和家里有老年犬的家庭。\n",
            ".txt",
            ["养小型犬的年轻人", "家里有老年犬的家庭"],
        ),
        (
            "Product: Dog food\nPrice: $40\nFeatures: Real chicken; Grain free\n"
            "Our customers are mostly first-time dog owners and people with senior dogs.\n",
            ".txt",
            ["first-time dog owners", "people with senior dogs"],
        ),
        (
            "# 咖啡豆\n\n产品：咖啡豆\n价格：89\n\n## 卖点\n- 新豆\n\n## 适合谁\n"
            "在家手冲的咖啡爱好者，还有想送礼的上班族。\n",
            ".md",
            ["在家手冲的咖啡爱好者", "想送礼的上班族"],
        ),
        (
            "# Beans\n\nProduct: Beans\nPrice: $18, live $14\n\n## Features\n- Fresh\n\n"
            "## Who buys this\nMostly home brewers who grind their own beans. We also get a "
            "lot of gift buyers around the holidays.\n",
            ".md",
            ["home brewers", "gift buyers"],
        ),
    ],
    ids=["zh-copula", "en-copula", "joined-bullet", "one-buyer-a-sentence"],
)
def test_buyers_written_as_sentences_become_personas(brief, suffix, names) -> None:
    from livegen.spec_import import import_brief

    spec, _ = import_brief(brief, "b" + suffix, suffix)
    found = [p.name for p in spec.personas]
    assert len(found) == len(names), found
    for name in names:
        assert _kept(name, found), (name, found)


def test_a_comma_after_an_amount_is_not_part_of_it() -> None:
    from livegen.spec_import import import_brief

    spec, _ = import_brief(
        "Product: Beans\nPrice: $18, live $14\nFeatures: Fresh\n", "b.txt", ".txt"
    )
    assert (spec.price, spec.promo_price) == (18, 14)


def test_a_run_of_emoji_bullets_in_a_message_is_the_selling_points() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "亲，明天直播的保温杯资料：\n产品：冰霸保温杯 1L\n✅ 保冰24小时\n✅ 一键开盖单手喝\n"
        "✅ 杯底防滑\n日常129，直播间89\n"
    )
    spec, result = import_brief(brief, "b.txt", ".txt")
    assert [p.title for p in spec.selling_points] == ["保冰24小时", "一键开盖单手喝", "杯底防滑"]
    assert (spec.price, spec.promo_price) == (129, 89)
    assert any("run of bullets" in g for g in result.guessed)


def test_a_numbered_table_row_takes_its_title_from_the_text_not_the_number() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "# Cup\n\n## Key selling points\n\n| # | What | Why |\n|---|---|---|\n"
        "| 1 | Ice 24h | double wall |\n| 2 | One-hand lid | commute |\n\nPrice: $30\n"
    )
    spec, _ = import_brief(brief, "b.md", ".md")
    assert [(p.title, p.detail) for p in spec.selling_points] == [
        ("Ice 24h", "double wall"),
        ("One-hand lid", "commute"),
    ]


def test_a_dont_say_rule_in_a_remark_field_becomes_its_quoted_phrases() -> None:
    from livegen.spec_import import import_brief

    brief = (
        '{"itemTitle": "耳机", "price": 299, "sellPoints": ["降噪"],'
        ' "liveRemark": "主播别提苹果，也别说\'医用级\'"}'
    )
    spec, result = import_brief(brief, "b.json", ".json")
    assert spec.forbidden_claims == ["医用级"]
    assert "liveRemark" not in result.unplaced
    spec, _ = import_brief(
        "Product: Cup\nPrice: $9\nFeatures: Light\nDon't say it's 'unbreakable'\n", "b.txt", ".txt"
    )
    assert spec.forbidden_claims == ["unbreakable"]


def test_a_dont_say_rule_inside_a_selling_point_leaves_the_point() -> None:
    from livegen.spec_import import say_not_rules

    assert say_not_rules("酸笋加量，比老款多一半（别说“最臭”哈）") == (
        "酸笋加量，比老款多一半",
        ["别说“最臭”"],
    )
    assert say_not_rules("辣油单独一包——但是不能说“不辣”！汤底微辣") == (
        "辣油单独一包！汤底微辣",
        ["不能说“不辣”"],
    )
    assert say_not_rules('⚠️ 别说"降三高"，别说"治失眠"哈')[0] == ""
    assert say_not_rules("存了6年，枣香很明显") == ("存了6年，枣香很明显", [])


def test_a_numbered_paragraph_over_several_lines_is_one_point() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "产品：养生壶\n价格：日常199，直播间129\n\n这款主要讲这几个点：\n"
        "① 316L不锈钢内胆。\n   烧水不会有铁锈味。\n② 11档菜单，\n一键就行。\n\n"
        "主要卖给办公室白领，还有要煮中药、煮粥的家庭。\n"
    )
    spec, _ = import_brief(brief, "b.txt", ".txt")
    assert [(p.title, p.detail) for p in spec.selling_points] == [
        ("316L不锈钢内胆", "烧水不会有铁锈味。"),
        ("11档菜单", "一键就行。"),
    ]
    assert [p.name for p in spec.personas] == ["办公室白领", "要煮中药、煮粥的家庭"]


def test_buyers_counted_in_a_paragraph_become_one_persona_each() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "产品：坚果\n原价：159\n卖点：低温烘焙、充氮包装\n"
        "人群：这款主要是两类人买。一类是上班族白领，下午想吃点零食。另一类是给孩子准备零食的"
        "宝妈，怕孩子吃垃圾食品。养猫的也可以顺带提一下。\n"
    )
    spec, _ = import_brief(brief, "b.txt", ".txt")
    assert [p.name for p in spec.personas] == ["上班族白领", "给孩子准备零食的宝妈", "养猫的"]


@pytest.mark.parametrize(
    "brief",
    [
        "商品名称 | 枕头\n日常价 | 299\n直播价 | 169\n卖点1 | 乳胶\n卖点2 | 透气\n"
        "人群1 | 上班族｜肩颈酸\n人群2 | 学生党｜宿舍床硬\n",
        "商品名称：枕头\n日常价：299\n直播价：169\n【卖点】\n卖点一：乳胶\n卖点二：透气\n"
        "【人群画像】\n人群A：上班族\n年龄：25-35岁\n痛点：肩颈酸\n人群B：学生党\n痛点：宿舍床硬\n",
        "# 枕头\n\n商品名称：枕头\n原价：299\n直播间价：169\n\n## 卖点\n- 乳胶\n- 透气\n\n"
        "## 目标人群\n\n### 人群一\n年龄：25-35岁\n职业：上班族\n痛点：肩颈酸\n\n"
        "### 人群二\n职业：学生党\n痛点：宿舍床硬\n",
        "# 枕头\n\n- 商品：枕头\n- 日常价：299\n- 直播专享价：169\n\n## 卖点\n- 乳胶\n- 透气\n\n"
        "## 受众\n\n| 人群 | 年龄 | 痛点 |\n|---|---|---|\n| 上班族 | 25-35岁 | 肩颈酸 |\n"
        "| 学生党 | 18-22岁 | 宿舍床硬 |\n",
    ],
    ids=["pipes", "persona-lines", "demographic-blocks", "audience-table"],
)
def test_personas_given_as_key_value_lines_or_demographics(brief: str) -> None:
    from livegen.spec_import import import_brief

    suffix = ".md" if brief.startswith("#") else ".txt"
    spec, _ = import_brief(brief, "b" + suffix, suffix)
    assert (spec.name, spec.price, spec.promo_price) == ("枕头", 299, 169)
    assert [p.title for p in spec.selling_points] == ["乳胶", "透气"]
    assert [p.name for p in spec.personas] == ["上班族", "学生党"]
    assert "肩颈酸" in " ".join([*spec.personas[0].pains, spec.personas[0].description or ""])


def test_a_sheet_grouped_by_section_gives_one_entry_a_row_with_its_notes() -> None:
    from livegen.spec_import import import_brief

    sheet = (
        "section,field,value,notes\nbasic,product_name,Flosser F3,\n"
        "selling_point,SP1,4 pressure modes,30-110 PSI\nselling_point,SP2,IPX7,shower-safe\n"
        "persona,P1,People with braces,food gets stuck\nprice,rrp,£59.99,strike-through\n"
        "price,everyday_price,£39.99,\nprice,live_price,£24.99,live only\n"
    )
    spec, _ = import_brief(sheet, "b.csv", ".csv")
    assert [(p.title, p.detail) for p in spec.selling_points] == [
        ("4 pressure modes", "30-110 PSI"),
        ("IPX7", "shower-safe"),
    ]
    assert [p.name for p in spec.personas] == ["People with braces"]
    assert (spec.price, spec.promo_price) == (59.99, 24.99)


def test_entries_spread_over_numbered_part_keys_become_records() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "item_title: Boot\nmsrp_usd: 189.95\nlive_offer_usd: 139.95\n"
        "hook_1_name: Waterproof\nhook_1_detail: GORE-TEX lining\nhook_2_name: Grippy\n"
        "viewer_type_a_label: Weekend hiker\nviewer_type_a_pains: blisters\n"
        "viewer_type_b_label: First backpacker\n"
    )
    spec, _ = import_brief(brief, "b.yaml", ".yaml")
    assert [(p.title, p.detail or "") for p in spec.selling_points] == [
        ("Waterproof", "GORE-TEX lining"),
        ("Grippy", ""),
    ]
    assert [p.name for p in spec.personas] == ["Weekend hiker", "First backpacker"]
    assert (spec.price, spec.promo_price) == (189.95, 139.95)


def test_a_price_table_and_bold_persona_names_under_a_heading() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "# Beans\n\n**Product:** Beans\n\n## Why people love it\n- Fresh\n- Direct trade\n\n"
        "## Who we're talking to\n\n**The home brewer**\n- Beans taste flat\n\n"
        "**The remote worker**\n- Café adds up\n\n## Pricing\n\n"
        "| Option | List price | LIVE price |\n|---|---|---|\n| 1 bag — main deal | $22.00 | "
        "$16.99 |\n| 2 bags | $44.00 | $31.99 |\n\nFree US shipping over $25.\n"
    )
    spec, _ = import_brief(brief, "b.md", ".md")
    assert [p.name for p in spec.personas] == ["The home brewer", "The remote worker"]
    assert (spec.price, spec.promo_price) == (22, 16.99)


def test_an_everyday_price_after_discounts_does_not_take_the_live_price() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "品名: 电饭煲\n卖点: [IH加热]\n"
        "价格体系:\n  吊牌价: 599\n  日常到手价: 459\n  直播间专享价: 399\n"
    )
    spec, result = import_brief(brief, "b.yaml", ".yaml")
    assert (spec.price, spec.promo_price) == (599, 399)
    assert "价格体系.日常到手价" in result.unplaced


def test_a_price_after_coupons_replaces_a_skus_live_price_and_gift_records_win() -> None:
    from livegen.spec_import import import_brief

    brief = (
        '{"商品名称": "空气炸锅", "卖点": ["可视窗口"], "SKU列表": [{"吊牌价": 599, '
        '"直播价": 359}], "直播机制": {"到手价": "¥329", "赠品": [{"赠品名称": "烤盘垫", '
        '"数量": 2}], "赠品说明": "赠品随主品同包裹发出"}}'
    )
    spec, result = import_brief(brief, "b.json", ".json")
    assert (spec.price, spec.promo_price) == (599, 329)
    assert spec.offer.gifts == ["烤盘垫×2"]
    assert any("after coupons" in g for g in result.guessed)


def test_a_points_own_proof_and_dont_say_note_are_kept_and_a_none_coupon_is_no_coupon() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "name: 台灯\nprice:\n  吊牌价: 699\n  live_price: 359\n  coupon: 无\n卖点:\n"
        "  - point: 无可视频闪\n    proof: 检测报告 No.2024-08817\n"
        "    注意: 报告写的是“无可视频闪”，不能说“零频闪”\n"
    )
    spec, result = import_brief(brief, "b.yaml", ".yaml")
    assert [(p.name, p.kind, p.claims) for p in spec.proof] == [
        ("检测报告 No.2024-08817", "test_report", ["无可视频闪"])
    ]
    assert spec.forbidden_claims == ["零频闪"]
    assert not spec.offer.coupon
    assert any("says there is none" in g for g in result.guessed)


def test_a_numbered_point_of_two_sentences_on_one_line_is_named_by_the_first() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "产品：保温杯\n价格：日常卖99，直播间69\n\n卖点：\n1. 316不锈钢内胆。烧水泡茶都没有异味。\n"
        "2. 保温12小时。早上装的热水晚上还烫嘴。\n"
    )
    spec, _ = import_brief(brief, "b.txt", ".txt")
    assert [p.title for p in spec.selling_points] == ["316不锈钢内胆", "保温12小时"]


def test_a_persona_bullet_with_sub_bullets_of_demographics_is_one_record() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "Product: Blanket\nPrice: $59 (live $39)\nKey selling points:\n- Sherpa lining\n"
        "- Washable\nPersonas:\n- Persona A: College students\n  - Age: 18-22\n"
        "  - Pain: cold dorm rooms\n- Persona B: New parents\n  - Pain: night feeds\n"
    )
    spec, _ = import_brief(brief, "b.txt", ".txt")
    assert [(p.name, p.pains) for p in spec.personas] == [
        ("College students", ["cold dorm rooms"]),
        ("New parents", ["night feeds"]),
    ]


def test_a_sheet_with_a_column_per_field_repeats_headers_and_lists_several_products() -> None:
    from livegen.spec_import import import_brief

    sheet = (
        "商品名称,原价,直播价,卖点,卖点,适用人群,适用人群\n毛巾,59,39,吸水快,不掉毛,宝妈,学生党\n"
        "浴巾,99,69,大尺寸,加厚,家庭,酒店\n"
    )
    spec, result = import_brief(sheet, "b.csv", ".csv")
    assert (spec.name, spec.price, spec.promo_price) == ("毛巾", 59, 39)
    assert [p.title for p in spec.selling_points] == ["吸水快", "不掉毛"]
    assert [p.name for p in spec.personas] == ["宝妈", "学生党"]
    assert result.guessed[0] == "layout: the first of 2 product rows"


def test_an_all_caps_brand_brief_with_bare_headings_and_a_slashed_price() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "BRAND BRIEF — Glow Serum\n\nProduct name: Glow Serum 30ml\n\nKEY SELLING POINTS\n"
        "• 15% vitamin C. Brightens dull skin.\n• Fragrance-free\n\nWHO IT'S FOR\n"
        "• Women 25-40 with dull skin\n• Skincare beginners\n\nPRICING\n"
        '$45.00 MSRP / $29.99 on the live\n\nDO NOT SAY\n• "Erases dark spots"\n'
    )
    spec, _ = import_brief(brief, "b.txt", ".txt")
    assert [p.title for p in spec.selling_points] == ["15% vitamin C", "Fragrance-free"]
    assert [p.name for p in spec.personas] == ["Women 25-40 with dull skin", "Skincare beginners"]
    assert (spec.price, spec.promo_price) == (45, 29.99)
    assert spec.forbidden_claims == ["Erases dark spots"]


def test_a_proof_column_becomes_proofs_for_reports_and_a_demo_for_what_is_shown() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "商品：台灯\n原价：459元\n直播价：299元\n\n## 卖点\n\n"
        "| 卖点 | 说明 | 证明 |\n|---|---|---|\n"
        "| 国AA级照度 | 边缘也够亮 | 国家灯具质检中心报告 |\n"
        "| 无频闪 | 拍照没有条纹 | 现场用手机拍给大家看 |\n"
    )
    spec, result = import_brief(brief, "b.md", ".md")
    assert [(p.name, p.claims) for p in spec.proof] == [("国家灯具质检中心报告", ["国AA级照度"])]
    assert [p.demo for p in spec.selling_points] == ["", "现场用手机拍给大家看"]
    assert not result.unplaced


def test_a_second_table_whose_columns_name_buyers_is_the_personas_with_demographics() -> None:
    from livegen.spec_import import import_brief

    brief = (
        "# 电热毯\n\n| 项目 | 内容 |\n|---|---|\n| 商品名称 | 电热毯 |\n| 原价 | 299 |\n\n"
        "| 序号 | 核心卖点 | 卖点说明 |\n|---|---|---|\n| 1 | 六档温控 | 睡前预热 |\n\n"
        "| 人群 | 年龄 | 痛点 |\n|---|---|---|\n| 怕冷的老人 | 60+ | 没暖气，晚上睡不暖 |\n"
    )
    spec, _ = import_brief(brief, "b.md", ".md")
    assert [p.title for p in spec.selling_points] == ["六档温控"]
    assert [(p.name, p.description, p.pains) for p in spec.personas] == [
        ("怕冷的老人", "年龄：60+", ["没暖气，晚上睡不暖"])
    ]
