"""Platform presets shared by the script stage (wording, limits) and the clip stage (video)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from livegen.errors import UsageError


@dataclass(frozen=True)
class SafeArea:
    """Fractions of the frame covered by the platform's own UI, per edge."""

    top: float = 0.0
    bottom: float = 0.0
    left: float = 0.0
    right: float = 0.0


@dataclass(frozen=True)
class Platform:
    name: str
    label: str
    language: str  # the platform's usual language
    # script side
    cart_cta: dict[str, str] = field(default_factory=dict)  # language -> "tap the cart" wording
    title_limit: int = 30  # characters (CJK) or characters (latin)
    interaction_every: float = 120.0  # seconds between interaction prompts
    # clip side
    width: int = 1080
    height: int = 1920
    fps: int = 30
    max_duration: float = 60.0
    video_bitrate: str = "6M"
    safe: SafeArea = SafeArea()
    loudness: float = -14.0  # integrated LUFS target


# The short-video apps' own UI: caption and cart bar at the bottom, buttons on the right.
_VERTICAL_UI = SafeArea(top=0.12, bottom=0.22, left=0.04, right=0.16)
_WECHAT_UI = SafeArea(top=0.08, bottom=0.18, right=0.1)

# Every preset is this unless its row says otherwise: a 1080x1920 clip of at most 60 s under
# the vertical UI, a 30-character title, an interaction prompt every 2 minutes. (Whole
# numbers stay ints: the clip manifest and its reuse check record the preset as written.)
_DEFAULT = Platform(
    name="", label="", language="zh", interaction_every=120, max_duration=60, safe=_VERTICAL_UI
)

# One row per preset: who it is and what differs from the default. The first six are the
# script platforms (SCRIPT_PLATFORMS); the rest are clip-only vertical formats.
_ROWS: dict[str, dict[str, Any]] = {
    "douyin": {
        "label": "抖音 Douyin",
        "cart_cta": {"zh": "点击下方小黄车", "en": "tap the yellow cart below"},
    },
    "taobao": {
        "label": "淘宝直播 Taobao Live",
        "cart_cta": {"zh": "点击左下角购物袋", "en": "tap the shopping bag at the bottom left"},
        "interaction_every": 150,
    },
    "kuaishou": {
        "label": "快手 Kuaishou",
        "cart_cta": {"zh": "点击下方小黄车", "en": "tap the cart below"},
        "interaction_every": 100,
    },
    "wechat": {
        "label": "视频号 WeChat Channels",
        "cart_cta": {"zh": "点击下方商品链接", "en": "tap the product link below"},
        "interaction_every": 150,
        "height": 1260,
        "safe": _WECHAT_UI,
    },
    "tiktok": {
        "label": "TikTok Shop",
        "language": "en",
        "cart_cta": {"en": "tap the orange cart", "zh": "点击橙色购物车"},
        "title_limit": 100,
    },
    "youtube": {
        "label": "YouTube",
        "language": "en",
        "cart_cta": {
            "en": "click the product link in the description",
            "zh": "点击简介里的商品链接",
        },
        "title_limit": 100,
        "interaction_every": 180,
        "width": 1920,
        "height": 1080,
        "max_duration": 600,
        "video_bitrate": "8M",
        "safe": SafeArea(top=0.05, bottom=0.12, left=0.03, right=0.03),
    },
    "reels": {
        "label": "Instagram Reels",
        "language": "en",
        "cart_cta": {"en": "tap the link in bio"},
        "title_limit": 100,
        "max_duration": 90,
    },
    "shorts": {
        "label": "YouTube Shorts",
        "language": "en",
        "cart_cta": {"en": "tap the product link"},
        "title_limit": 100,
    },
    "xiaohongshu": {
        "label": "小红书 Xiaohongshu",
        "cart_cta": {"zh": "点击左下角商品"},
        "title_limit": 20,
        "height": 1440,
        "safe": SafeArea(top=0.06, bottom=0.16, right=0.1),
    },
    "wechat-channels": {
        "label": "视频号 WeChat Channels (video)",
        "cart_cta": {"zh": "点击下方商品链接"},
        "height": 1260,
        "safe": _WECHAT_UI,
    },
    "square": {
        "label": "Square 1:1",
        "language": "en",
        "cart_cta": {"en": "tap the link"},
        "height": 1080,
        "safe": SafeArea(bottom=0.1),
    },
}

PLATFORMS: dict[str, Platform] = {
    name: replace(_DEFAULT, name=name, **row) for name, row in _ROWS.items()
}

SCRIPT_PLATFORMS = ("douyin", "taobao", "kuaishou", "tiktok", "youtube", "wechat")


def get_platform(name: str) -> Platform:
    try:
        return PLATFORMS[name.lower()]
    except KeyError:
        known = ", ".join(PLATFORMS)
        raise UsageError(f"unknown platform '{name}' (known: {known})") from None
