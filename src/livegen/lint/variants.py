"""Taiwan wording that survives the trip back to Simplified.

`livegen.text.normalize` turns Traditional text into Simplified with OpenCC `tw2sp`, which
also swaps Taiwan vocabulary for mainland vocabulary, but not all of it: a host writing
`睡著也能瘦`, `無新增`, `使用者都在回購` or `後台資料` reaches the rules as `睡著`, `无新增`,
`使用者`, `资料`, while the rules are written with `着`, `添加`, `用户`, `数据`. Rather than
asking every rule author to remember both spellings, the Chinese rule patterns (and the
language-wide negation and source patterns) are widened here, at compile time, so that each
mainland word also matches the form the normaliser leaves. The table was measured by
sending each literal of the shipped Chinese rules through OpenCC `s2twp` and `normalize`.
"""

from __future__ import annotations

import re

# mainland spelling -> what `normalize` returns for its Taiwan (s2twp) rendering
TAIWAN_RESIDUE: dict[str, str] = {
    "前列腺": "摄护腺",
    "性价比": "价效比",
    "添加": "新增",
    "用户": "使用者",
    "数据": "资料",
    "激活": "启用",
    "高级": "高阶",
    "高端": "高阶",
    "链接": "连结",
    "程序": "程式",
    "联系": "联络",
    "激光": "雷射",
    "视频": "影片",
    "信息": "资讯",
    "网络": "网路",
    "屏幕": "萤幕",
    "内存": "记忆体",
    "指标": "指针",
    "在线": "线上",
    "着": "著",
}

_KEYS = re.compile("|".join(sorted(map(re.escape, TAIWAN_RESIDUE), key=len, reverse=True)))


def widen_zh(pattern: str) -> str:
    """The pattern with each mainland word also matching its Taiwan residue."""

    def alt(m: re.Match[str]) -> str:
        word = m.group(0)
        other = TAIWAN_RESIDUE[word]
        if len(word) == 1 and len(other) == 1:
            return f"[{word}{other}]"
        return f"(?:{word}|{other})"

    return _KEYS.sub(alt, pattern)


# Hong Kong (Cantonese) and Taiwan words that OpenCC keeps as they are: Cantonese function
# words (唔 不, 冇 没有, 咗 了, 嘅 的, 呢个 这个), verbs (食/饮 吃/喝 before an aspect or a
# count, 揾 找, 睇 看) and price words (平 is "cheap": 最平, 更平, 抵 is "good value"). Keys
# are in the form `normalize(..., variant="tw2sp")` returns; each is specific enough not to
# touch a mainland word (饮料, 食品, 平时 stay). Applied by the lint normaliser as a
# `livegen.text.Lexicon`, so findings still point at what was written.
REGIONAL_WORDS: dict[str, str] = {
    # demonstratives and function words
    "呢个": "这个",
    "呢款": "这款",
    "呢支": "这支",
    "呢只": "这只",
    "呢瓶": "这瓶",
    "呢件": "这件",
    "呢套": "这套",
    "呢盒": "这盒",
    "呢罐": "这罐",
    "呢次": "这次",
    "呢度": "这里",
    "呢排": "最近",
    "呢啲": "这些",
    "嗰个": "那个",
    "嗰啲": "那些",
    "嘅": "的",
    "咗": "了",
    "冇": "没有",
    "唔": "不",
    "佢哋": "他们",
    "佢": "它",
    "啲": "些",
    "咁": "这么",
    "俾": "给",
    "畀": "给",
    "嚟": "来",
    "边度": "哪里",
    "即刻": "立刻",
    "揾": "找",
    "睇": "看",
    "今次": "这次",
    "一世都": "一辈子都",
    "出面": "外面",
    "唔系": "不是",
    "系咪": "是不是",
    "系最": "是最",
    "系全": "是全",
    "就系": "就是",
    "都系": "都是",
    "真系": "真是",
    "佢系": "它是",
    "系唯一": "是唯一",
    "系第一": "是第一",
    # "all gone / completely" after a verb: 淡晒 = 全淡了
    "淡晒": "全淡了",
    "消晒": "全消了",
    "好晒": "全好了",
    "走晒": "全没了",
    "甩晒": "全甩了",
    "稳返晒": "全稳住了",
    "稳返": "稳住",
    "冇晒": "全没了",
    "卖晒": "卖光了",
    # eat / drink with an aspect or a count (饮料, 饮品, 食品, 食用 are left alone)
    "饮咗": "喝了",
    "饮完": "喝完",
    "饮落": "喝下",
    "饮住": "喝着",
    "饮一": "喝一",
    "饮两": "喝两",
    "饮三": "喝三",
    "饮半": "喝半",
    "饮杯": "喝杯",
    "饮多": "喝多",
    "食咗": "吃了",
    "食完": "吃完",
    "食落": "吃下",
    "食住": "吃着",
    "食一": "吃一",
    "食两": "吃两",
    "食三": "吃三",
    "食半": "吃半",
    "食多": "吃多",
    # price: 平 = cheap, 抵 = good value
    "最平": "最便宜",
    "更平": "更便宜",
    "平过": "便宜过",
    "咁平": "这么便宜",
    "再平": "更便宜",
    "冇得再平": "没有更便宜",
    "冇咁平": "没有这么便宜",
    "最抵": "最划算",
    "超抵": "超划算",
    "好抵": "很划算",
    "抵买": "划算",
    "唔使": "不用",
    "使唔使": "要不要",
    "唔好": "不要",
    "唔好食": "不好吃",
    "唔好用": "不好用",
    "唔好睇": "不好看",
    "唔好饮": "不好喝",
    "搽": "涂",
    # pinyin and homophones for a claim word (zui低, jue对, 醉好用)
    "zui低": "最低",
    "zui好": "最好",
    "zui便宜": "最便宜",
    "zui强": "最强",
    "jue对": "绝对",
    "bao证": "保证",
    "保bao证": "保证",
    "醉低价": "最低价",
    "醉好用": "最好用",
    "醉便宜": "最便宜",
    "醉低": "最低",
    "嘴低": "最低",
    "罪低": "最低",
    "蕞低": "最低",
    "蕞好": "最好",
    "全w最d价": "全网最低价",
    "最d价": "最低价",
    "嘴便宜": "最便宜",
    "罪便宜": "最便宜",
    "第yi": "第一",
    "包保": "保证",
    "冇得顶": "无人能比",
    "冇得输": "无人能比",
    "冇对手": "没有对手",
    "都话": "都说",
    "佢话": "它说",
    "人哋话": "别人说",
    "人哋": "别人",
    "医生话": "医生说",
    "专家话": "专家说",
    "落单": "下单",
    "有冇": "有没有",
    # Taiwan wording
    "报导": "报道",
    "部落客": "博主",
    "业配": "推广",
    "网美": "网红",
    "直播主": "主播",
    "私讯": "私信",
    "医师": "医生",
    "cp值": "性价比",
    "超有感": "超见效",
    "马上有感": "马上见效",
    "立即有感": "立即见效",
    "很有感": "很见效",
    "一擦就有感": "一擦就见效",
}
