"""Comment text handling: normalising, language, question detection, n-gram features.

Chat messages are short, informal and often mix scripts, so features are character
n-grams for Chinese (no word segmentation needed, robust to typos) and word + in-word
character n-grams for English (catches "ship"/"shipping"/"shipped").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from livegen.text import Normalized, has_cjk, match_key
from livegen.text import normalize as normalize_matching

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Punctuation and symbols go, question marks and a decimal point between digits ("6.7寸")
# stay.
_KEEP = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[^\w'\u3400-\u4dbf\u4e00-\u9fff?？.])+")
# Sentence-final particles and fillers carry tone, not meaning; question frames ("能用吗",
# "可不可以", "请问") say that something is asked, not what, so they are left out of the
# features that decide which questions mean the same.
_ZH_FILLER = re.compile(
    r"能不能|可不可以|可以|有没有|是不是|请问|主播|这个|那个|适合|适用|能|用|"
    r"[啊呀哈嘛哦噢呢吧啦哇诶欸嗯吗么的了是我你]"
)
_EN_STOP_WORDS = (
    "a an the is it its it's this that these those i me my you your u ur we our they them "
    "do does did can could would will should shall be am are was were to of for on in at "
    "and or with please pls plz just so too very really any some there here"
)
_EN_STOP = frozenset(_EN_STOP_WORDS.split())
# Chinese questions: a question mark, a wh-word (多少, 怎么, 啥, 哪, 几 ...), an A-not-A
# frame (能不能, 有没有, 甜不甜, 喜欢不喜欢), an alternative (新米还是陈米, 真的假的) or a
# clause ending in a question particle (吗, 么, 嘛, 呢, 咩, and 不/没/否 after a verb:
# "能用不", "发了没"), before trailing fillers ("能退不啊", "真的假的啊这个").
_ZH_QUESTION = re.compile(
    r"[?？]|多少|多大|多久|多长|多重|多高|多宽|多厚|怎么|怎样|咋|如何|什么|啥|哪|谁|为何|"
    r"几(?!乎)|适合|能用|可以用|能吃|可以吃|真的假的|"
    r"([\u4e00-\u9fff])[不没]\1|([\u4e00-\u9fff]{2})不\2|"
    r"(?<![我但也])还是(?!很|挺|蛮|比较|更|不错|算|要|会|得|觉得|那|一样|老样子|喜欢)"
)
_ZH_PARTICLE_END = re.compile(r"(?:吗|么|嘛|呢|咩|不|没|没有|否|与否)$")
_ZH_TRAILING = re.compile(
    r"(?:[啊呀啦哈呐哇诶欸嗯哦噢捏鸭吖撒]|这个|那个|宝宝|家人们|主播|姐妹们|宝子们|谢谢)+$"
)
_LEAD = re.compile(r"^(?:请问|主播|宝宝|家人们|姐妹们|宝子们|那|还有|再问下|问下|问一下)+")
_EN_TRAILING = re.compile(r"(?:\s+(?:pls|plz|please|thx|thanks|again|info))+$")
_ZH_NOT_PARTICLE = re.compile(
    r"(?:这么|那么|什么|要不|也不|都不|才不|还没|都没|也没|[我你他她它们]不|^没有|^[不没])$"
)
_EN_QUESTION_START = re.compile(
    r"^(how|what|when|where|which|who|why|whats|what's|wheres|where's|hows|does|do|did|is|are|"
    r"can|could|will|would|should|any|anyone|anybody|has|have|was|were|may|might)\b(?!')"
)
# A wh-phrase anywhere ("ship to TX how long"), never the exclamatory "what a ..." or
# "how cute".
_EN_EXCLAIMED = re.compile(
    r"^(?:what an? |how (?:cute|nice|pretty|beautiful|cool|lovely|amazing|great|sweet|fun|"
    r"adorable|funny|awesome)\b)"
)
_EN_WH = re.compile(
    r"\b(?:how (?:long|much|many|soon|often|big|fast|far|old|do|does|did|is|are|to|about|"
    r"come)|what (?:size|color|colour|kind|type|time|day|if|about|is|are|does|do)|"
    r"when (?:will|does|do|is|can|would|should)|where (?:is|are|do|does|can|to|from)|"
    r"which (?:one|size|color|colour)|whats|what's)\b"
)
# Aux-inversion inside a message ("my son wants some is that ok", "lol will it fit"):
# an auxiliary before a subject, not after one ("that is it" is a statement).
_EN_INVERSION = re.compile(
    r"\b(is|are|does|do|did|can|could|will|would|should|has|have|was|were)\s+"
    r"(it|this|that|they|these|those|there|u|you|i|we|he|she|mine|yours|the|my)\b"
)
_EN_SUBJECT = frozenset(
    [
        "it",
        "this",
        "that",
        "he",
        "she",
        "there",
        "which",
        "what",
        "who",
        "i",
        "you",
        "we",
        "they",
        "here",
    ]
)
# Elliptic questions: "ok for kids", "safe while pregnant", "ship to canada", "u ship to uk".
_EN_ELLIPTIC = re.compile(
    r"^(?:(?:is it |it's |its )?(?:ok|okay|good|safe|fine|suitable|bad|alright|worth it)\s+"
    r"(?:for|with|to|on|during|while|if|in|after|under)\b|"
    r"(?:ship|ships|shipping|deliver|delivery|delivering)\s+(?:to|in|from)\b|"
    r"(?:u|you|y'all|yall|you guys)\s+(?:ship|deliver|sell|accept|take|carry)\b|"
    r"(?:fit|fits|works with|work with|compatible with)\b)"
)
_EN_FIRST_PERSON = frozenset(["i", "i'm", "im", "i'll", "ill", "i've", "we", "we're", "we'll"])


def normalize(text: str) -> str:
    """NFKC, lower case, runs of punctuation and space collapsed (questions marks kept)."""
    t = unicodedata.normalize("NFKC", text).lower().strip()
    t = _KEEP.sub(" ", t)
    return re.sub(r"\s+", " ", t).strip()


def is_question(text: str) -> bool:
    """Whether a chat message asks something, marked or not (viewers rarely type "?")."""
    t = normalize(text)
    if not t:
        return False
    exclaimed = "!" in text or "！" in text
    if has_cjk(t):
        return _zh_question(t) or (not exclaimed and _asked_alone(t))
    return "?" in t or _en_question(t, exclaimed=exclaimed) or (not exclaimed and _asked_alone(t))


def _asked_alone(t: str) -> bool:
    """A message that only names an attribute viewers ask for ("保质期", "运费呀", "主播
    尺码", "battery life pls"): the data lists them (`asked_alone` in the chat lexicon)."""
    from livegen.chat.lexicon import load_lexicon

    bare = _LEAD.sub("", _ZH_TRAILING.sub("", t.replace(" ", "") if has_cjk(t) else t))
    bare = _EN_TRAILING.sub("", bare).strip()
    return bool(bare) and match_key(bare) in load_lexicon().asked_alone


def _zh_question(t: str) -> bool:
    if _ZH_QUESTION.search(t):
        return True
    for clause in re.split(r"[\s,，。.!！~～、;；]+", t):
        clause = _ZH_TRAILING.sub("", clause)
        if clause and _ZH_PARTICLE_END.search(clause) and not _ZH_NOT_PARTICLE.search(clause):
            return len(clause) > 1
    return False


def _en_question(t: str, *, exclaimed: bool) -> bool:
    if _EN_EXCLAIMED.match(t):
        return False
    if _EN_QUESTION_START.match(t) or _EN_ELLIPTIC.match(t) or _EN_WH.search(t):
        return True
    words = t.split()
    for m in _EN_INVERSION.finditer(t):
        before = t[: m.start()].split()
        if before and before[-1] not in _EN_SUBJECT:
            return True
    # A short message ending in "ok" asks for a yes: "wireless charging ok".
    if not exclaimed and len(words) <= 6 and words[-1] in ("ok", "okay", "fine", "safe"):
        return len(words) > 1
    # A short "A or B" with no speaker of its own is a choice asked: "milk or water".
    return (
        not exclaimed
        and len(words) <= 7
        and " or " in f" {t} "
        and not _EN_FIRST_PERSON & set(words)
    )


def features(text: str) -> Counter[str]:
    """Bag of n-grams: Chinese chars 1–3, English words 1–2 plus in-word char 3-grams."""
    t = normalize(text).replace("?", " ").replace("？", " ")
    grams: Counter[str] = Counter()
    for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]+", t):
        run = _ZH_FILLER.sub("", run)
        for n in (1, 2, 3):
            for i in range(len(run) - n + 1):
                grams["z:" + run[i : i + n]] += 1
    words = [w for w in _WORD.findall(t) if w not in _EN_STOP]
    for i, w in enumerate(words):
        grams["w:" + w] += 1
        if i + 1 < len(words):
            grams["b:" + w + " " + words[i + 1]] += 1
        if not w.isdigit() and len(w) > 3:
            padded = f"<{w}>"
            for j in range(len(padded) - 2):
                grams["c:" + padded[j : j + 3]] += 1
        elif w.isdigit():
            grams["d:" + w] += 1
    return grams


class TermMatcher:
    """Many terms in one compiled pattern: Chinese terms match anywhere, English ones as
    whole words, case-insensitive. Compiled once because chat logs run to many thousands
    of messages."""

    def __init__(self, terms: Iterable[str]) -> None:
        parts = []
        keyed = {match_key(t) for t in terms if t and t.strip()}
        for term in sorted((t for t in keyed if t), key=len, reverse=True):
            if has_cjk(term):
                parts.append(re.escape(term))
            else:
                parts.append(r"(?<![a-z0-9])" + re.escape(term.lower()) + r"(?![a-z0-9])")
        self._pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None

    def find(self, text: str) -> str | None:
        """The first term found in `text` (as written there), or None. Matching runs on
        the normalised text, so Traditional or full-width comments match too."""
        if self._pattern is None:
            return None
        norm = _normalized(text)
        m = self._pattern.search(norm.text)
        if not m:
            return None
        s, e = norm.span(m.start(), m.end())
        return text[s:e]


def contains_term(text: str, term: str) -> bool:
    """Chinese terms match anywhere; English ones as whole words, case-insensitive; both
    on the normalised forms (Traditional, full-width and inserted symbols match)."""
    term, text = match_key(term), _normalized(text).text
    if has_cjk(term):
        return term in text
    pattern = r"(?<![a-z0-9])" + re.escape(term.lower()) + r"(?![a-z0-9])"
    return re.search(pattern, text.lower()) is not None


@functools.lru_cache(maxsize=16384)
def _normalized(text: str) -> Normalized:
    return normalize_matching(text)
