"""A CJK web font inside a self-contained HTML page: only the characters the page uses.

An HTML report opened on a machine without a CJK font (a fresh Linux box, many CI
artifact viewers) shows Chinese titles as boxes. The bundled Noto Sans CJK face is 16 MB;
a page needs a few hundred glyphs of it. fontTools subsets the face to exactly the
characters on the page and writes WOFF2 (brotli), typically a few tens of KB, embedded as a
`data:` URL in an `@font-face` rule, so the page stays one file that renders anywhere.
"""

from __future__ import annotations

import base64
import functools
import io

FAMILY = "livegen CJK"


def _needs_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x3000 <= o <= 0x303F
        or 0x20000 <= o <= 0x2FA1F
    )


def page_characters(html_text: str) -> str:
    """The CJK characters (and CJK punctuation) a page shows, sorted, each once."""
    return "".join(sorted({ch for ch in html_text if _needs_cjk(ch)}))


def font_face_css(html_text: str) -> str:
    """An `@font-face` rule embedding the subset for `html_text`, or "" when the page has
    no CJK text, or no CJK font or subsetting library is installed (the page then falls
    back to the viewer's own fonts, as before)."""
    chars = page_characters(html_text)
    if not chars:
        return ""
    data = _subset(chars)
    if not data:
        return ""
    b64 = base64.b64encode(data).decode("ascii")
    return (
        f'@font-face{{font-family:"{FAMILY}";font-display:swap;'
        f'src:url(data:font/woff2;base64,{b64}) format("woff2")}}'
    )


@functools.lru_cache(maxsize=8)
def _subset(chars: str) -> bytes:
    try:
        from fontTools import subset

        from livegen.errors import DependencyError
        from livegen.fonts import find_cjk_font
    except ImportError:
        return b""
    try:
        font_path = find_cjk_font().path
    except DependencyError:
        return b""
    try:
        import brotli  # noqa: F401  (WOFF2 compression)
    except ImportError:
        return b""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    try:
        font = subset.load_font(str(font_path), options, dontLoadGlyphNames=True)
        sub = subset.Subsetter(options=options)
        sub.populate(text=chars)
        sub.subset(font)
        buf = io.BytesIO()
        subset.save_font(font, buf, options)
    except Exception:  # a damaged or unusual font file: fall back to system fonts
        return b""
    return buf.getvalue()
