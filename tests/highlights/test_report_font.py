"""The report embeds a subset of the CJK font, so Chinese renders without one installed."""

from __future__ import annotations

import base64
import io
import re

import pytest

from livegen.report_font import font_face_css, page_characters


def test_only_cjk_characters_are_collected() -> None:
    assert page_characters("<b>Price 九十九元！</b> ok") == "".join(sorted("九十元！"))
    assert font_face_css("<p>English only</p>") == ""


def test_the_subset_holds_exactly_the_page_characters() -> None:
    pytest.importorskip("fontTools")
    from livegen.errors import DependencyError
    from livegen.fonts import find_cjk_font

    try:
        find_cjk_font()
    except DependencyError:
        pytest.skip("no CJK font installed")
    css = font_face_css("<h1>这款面霜到底好在哪</h1>")
    m = re.search(r"base64,([A-Za-z0-9+/=]+)\)", css)
    assert m and 'format("woff2")' in css
    data = base64.b64decode(m.group(1))
    assert data[:4] == b"wOF2" and len(data) < 200_000
    from fontTools.ttLib import TTFont

    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert {chr(c) for c in cmap} >= set("这款面霜到底好在哪")
    assert "钉" not in {chr(c) for c in cmap}
