"""Platform presets shared by the script stage (wording, limits) and the clip stage (video)."""

from __future__ import annotations

from dataclasses import dataclass, field

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


_V = SafeArea(top=0.12, bottom=0.22, left=0.04, right=0.16)

PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in [
        Platform(
            "douyin",
            "抖音 Douyin",
            "zh",
            {"zh": "点击下方小黄车", "en": "tap the yellow cart below"},
            title_limit=30,
            interaction_every=120,
            max_duration=60,
            safe=_V,
        ),
        Platform(
            "taobao",
            "淘宝直播 Taobao Live",
            "zh",
            {"zh": "点击左下角购物袋", "en": "tap the shopping bag at the bottom left"},
            title_limit=30,
            interaction_every=150,
            max_duration=60,
            safe=_V,
        ),
        Platform(
            "kuaishou",
            "快手 Kuaishou",
            "zh",
            {"zh": "点击下方小黄车", "en": "tap the cart below"},
            title_limit=30,
            interaction_every=100,
            max_duration=60,
            safe=_V,
        ),
        Platform(
            "wechat",
            "视频号 WeChat Channels",
            "zh",
            {"zh": "点击下方商品链接", "en": "tap the product link below"},
            title_limit=30,
            interaction_every=150,
            width=1080,
            height=1260,
            max_duration=60,
            safe=SafeArea(top=0.08, bottom=0.18, right=0.1),
        ),
        Platform(
            "tiktok",
            "TikTok Shop",
            "en",
            {"en": "tap the orange cart", "zh": "点击橙色购物车"},
            title_limit=100,
            interaction_every=120,
            max_duration=60,
            safe=_V,
        ),
        Platform(
            "youtube",
            "YouTube",
            "en",
            {"en": "click the product link in the description", "zh": "点击简介里的商品链接"},
            title_limit=100,
            interaction_every=180,
            width=1920,
            height=1080,
            max_duration=600,
            video_bitrate="8M",
            safe=SafeArea(top=0.05, bottom=0.12, left=0.03, right=0.03),
        ),
        # Clip-only presets (vertical short-video formats).
        Platform(
            "reels",
            "Instagram Reels",
            "en",
            {"en": "tap the link in bio"},
            title_limit=100,
            max_duration=90,
            safe=_V,
        ),
        Platform(
            "shorts",
            "YouTube Shorts",
            "en",
            {"en": "tap the product link"},
            title_limit=100,
            max_duration=60,
            safe=_V,
        ),
        Platform(
            "xiaohongshu",
            "小红书 Xiaohongshu",
            "zh",
            {"zh": "点击左下角商品"},
            title_limit=20,
            width=1080,
            height=1440,
            max_duration=60,
            safe=SafeArea(top=0.06, bottom=0.16, right=0.1),
        ),
        Platform(
            "wechat-channels",
            "视频号 WeChat Channels (video)",
            "zh",
            {"zh": "点击下方商品链接"},
            title_limit=30,
            width=1080,
            height=1260,
            max_duration=60,
            safe=SafeArea(top=0.08, bottom=0.18, right=0.1),
        ),
        Platform(
            "square",
            "Square 1:1",
            "en",
            {"en": "tap the link"},
            width=1080,
            height=1080,
            max_duration=60,
            safe=SafeArea(bottom=0.1),
        ),
    ]
}

SCRIPT_PLATFORMS = ("douyin", "taobao", "kuaishou", "tiktok", "youtube", "wechat")


def get_platform(name: str) -> Platform:
    try:
        return PLATFORMS[name.lower()]
    except KeyError:
        known = ", ".join(PLATFORMS)
        raise UsageError(f"unknown platform '{name}' (known: {known})") from None
