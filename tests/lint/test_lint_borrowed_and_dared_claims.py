"""Claims that borrow another party's standing or dare the viewer: a big brand's factory,
a doctor's or a celebrity's use, a dare to find it cheaper, homophones of 最, a hospital
outdone. Each with a look-alike that stays clean."""

from __future__ import annotations

from livegen.lint.api import lint_texts


def _flags(line: str, lang: str, category: str = "general") -> list[str]:
    found = lint_texts([line], lang=lang, category=category)
    return [f.rule for f in found if f.severity in ("error", "warning")]


def test_passing_a_product_off_as_a_big_brands_twin_is_flagged() -> None:
    assert _flags("这个面霜就是某大牌的代工厂出的，同一条流水线", "zh", "cosmetics") == [
        "zh.comparison.dupe"
    ]
    assert "zh.comparison.dupe" in _flags("大牌平替，跟专柜一模一样", "zh", "cosmetics")
    assert _flags("Made in the same factory as the luxury brand", "en") == ["en.comparison.dupe"]
    assert _flags("我们自己的工厂，自己的配方，检测报告在详情页", "zh", "cosmetics") == []
    assert _flags("Same great formula as last year, new bottle", "en") == []


def test_a_dare_to_find_it_cheaper_elsewhere_is_a_lowest_price_claim() -> None:
    assert _flags("你在别的地方要是能买到这个价，我直播间直接关门", "zh") != []
    assert _flags("全年就今天这一次最低", "zh") != []
    assert _flags("这个价格绝对是嘴低价了家人们", "zh") == ["zh.price.lowest"]
    assert _flags("别的地方也能买到，我们这里发货快一点", "zh") == []
    assert _flags("Lowest price on the entire internet, period", "en") == ["en.price.lowest"]


def test_outdoing_a_hospital_or_preventing_a_named_disease_is_a_medical_claim() -> None:
    assert _flags("这个喷雾孩子咳嗽的时候喷一喷，比去医院打针还管用", "zh", "kids") != []
    assert _flags("这个驱蚊手环还能预防登革热", "zh") != []
    assert _flags("Drink this and you'll never need a cardiologist", "en", "food") != []
    assert _flags("孩子咳嗽请及时去医院", "zh", "kids") == []
    assert _flags("Ask your doctor before you use it", "en", "food") == []


def test_an_experts_or_celebritys_use_and_off_app_contact_are_flagged() -> None:
    assert _flags("Doctors are obsessed with this massage gun", "en") != []
    assert _flags("Every chiropractor I know recommends it", "en") != []
    assert _flags("Text me at 555-0142 and I'll send you a PayPal link", "en") != []
    assert _flags("加我企鹅号领取返现", "zh") != []
    assert _flags("My chiropractor told me to stretch more, so I did", "en") == []
    assert _flags("Every single person who ordered gets a sample in the box", "en") == []


def test_bought_reviews_pumped_counters_and_dropped_medicine_are_flagged() -> None:
    assert _flags("收到货好评返现五块，截图发客服", "zh") != []
    assert _flags("小助理把在线人数再往上拉一拉", "zh") != []
    assert _flags("Drop a five-star review with pics and I'll Venmo you ten bucks", "en") != []
    assert _flags("Bump the viewer counter up a bit so newcomers see how hot this is", "en") != []
    assert _flags("喝了三个月这个苦瓜茶，胰岛素都停了", "zh", "food") != []
    assert _flags("His doctor cut his insulin in half after a month of it", "en", "food") != []
    # the honest versions
    assert _flags("收到货有问题找客服，七天无理由", "zh") == []
    assert _flags("Leave an honest review if you like, good or bad", "en") == []
    assert _flags("有慢性病的家人请遵医嘱用药", "zh", "food") == []
