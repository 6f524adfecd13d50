"""A self-contained HTML report: signal timeline (inline SVG), thumbnails, transcripts.

Everything is inlined (SVG, base64 JPEG thumbnails, CSS) so the page can be mailed or
archived as one file and opened offline.
"""

from __future__ import annotations

import base64
import html
import subprocess
from typing import TYPE_CHECKING

from livegen.highlights.compose import SIGNAL_WORDS
from livegen.highlights.grid import HOP
from livegen.media.ffmpeg import ffmpeg_exe
from livegen.timefmt import clock

if TYPE_CHECKING:
    import numpy as np

    from livegen.highlights.api import Analysis
    from livegen.highlights.visual import Part
    from livegen.schemas.highlights import Highlight

WIDTH = 1000
ROW = 34
LABEL = 110
COLORS = [
    "#d1495b",
    "#edae49",
    "#00798c",
    "#30638e",
    "#7b2cbf",
    "#2a9d8f",
    "#e76f51",
    "#6a994e",
    "#bc4749",
    "#457b9d",
    "#f4a261",
    "#8d99ae",
    "#588157",
    "#9d4edd",
]


def thumbnail(parts: list[Part], t: float, width: int = 320) -> bytes | None:
    """One JPEG frame at stream time `t`, or None for audio-only media."""
    for p in parts:
        if p.offset <= t < p.offset + p.duration or p is parts[-1]:
            if not p.has_video:
                return None
            local = max(0.0, min(t - p.offset, p.duration - 0.1))
            cmd = [
                ffmpeg_exe(),
                "-hide_banner",
                "-nostdin",
                "-v",
                "error",
                "-ss",
                f"{local:.3f}",
                "-i",
                p.path,
                "-frames:v",
                "1",
                "-vf",
                f"scale={width}:-2",
                "-f",
                "image2pipe",
                "-c:v",
                "mjpeg",
                "-q:v",
                "5",
                "pipe:1",
            ]
            proc = subprocess.run(cmd, capture_output=True)
            return proc.stdout if proc.returncode == 0 and proc.stdout else None
    return None


def _pool(arr: np.ndarray, points: int) -> np.ndarray:
    """Max-pool to at most `points` values so short peaks stay visible."""
    import numpy as np

    arr = np.nan_to_num(arr)
    if arr.size <= points:
        return arr
    k = int(np.ceil(arr.size / points))
    pad = (-arr.size) % k
    return np.pad(arr, (0, pad)).reshape(-1, k).max(axis=1)


def timeline_svg(analysis: Analysis) -> str:
    duration = analysis.result.duration or 1.0
    names = [n for n in analysis.timeline if n != "score"] + ["score"]
    plot_w = WIDTH - LABEL
    height = ROW * len(names) + 40
    x = lambda t: LABEL + plot_w * t / duration  # noqa: E731
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="signal timeline">'
    ]
    for rank, h in enumerate(analysis.result.highlights, 1):
        out.append(
            f'<rect x="{x(h.start):.1f}" y="0" width="{max(1.5, x(h.end) - x(h.start)):.1f}"'
            f' height="{height - 20}" fill="#ffd166" fill-opacity="0.35">'
            f"<title>#{rank} {clock(h.start)}–{clock(h.end)} {html.escape(h.category)}"
            f"</title></rect>"
        )
        out.append(f'<text x="{x(h.start) + 2:.1f}" y="10" font-size="9">#{rank}</text>')
    for h in analysis.result.products:
        out.append(
            f'<rect x="{x(h.start):.1f}" y="{height - 26}" '
            f'width="{max(1.5, x(h.end) - x(h.start)):.1f}" height="6" fill="#118ab2">'
            f"<title>{html.escape(h.product or '')}</title></rect>"
        )
    for row, name in enumerate(names):
        arr = analysis.timeline[name]
        vals = _pool(arr, plot_w)
        top = 14 + row * ROW
        lo, hi = (float(vals.min()), float(vals.max())) if name == "score" else (0.0, 1.0)
        span = (hi - lo) or 1.0
        n = vals.size
        base = top + ROW - 6
        pts = " ".join(
            f"{LABEL + plot_w * (i + 0.5) / n:.1f},{base - (ROW - 10) * (v - lo) / span:.1f}"
            for i, v in enumerate(vals)
        )
        color = "#111" if name == "score" else COLORS[row % len(COLORS)]
        label = html.escape(name)
        out.append(f'<text x="4" y="{top + ROW / 2 + 3:.0f}" font-size="11">{label}</text>')
        out.append(
            f'<line x1="{LABEL}" x2="{WIDTH}" y1="{top + ROW - 6}" y2="{top + ROW - 6}" '
            'stroke="#ddd"/>'
        )
        out.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="1.2" points="{pts}">'
            f"<title>{html.escape(SIGNAL_WORDS.get(name, name))}</title></polyline>"
        )
    ticks = 10
    for i in range(ticks + 1):
        t = duration * i / ticks
        out.append(
            f'<text x="{x(t):.1f}" y="{height - 4}" font-size="9" '
            f'text-anchor="middle">{clock(t)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


# Chinese titles and transcripts need a CJK face; name the usual ones on each OS.
FONTS = (
    'system-ui,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",'
    '"Noto Sans CJK TC","Source Han Sans SC",sans-serif'
)

CSS = """
body{font:14px/1.45 FONTS;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px} h2{font-size:16px;margin:0 0 4px}
.card{display:flex;gap:16px;border:1px solid #ddd;border-radius:8px;padding:12px;margin:12px 0}
.card img{width:320px;height:auto;border-radius:4px;flex:none}
.meta{color:#555;font-size:12px} .text{margin-top:6px}
table{border-collapse:collapse;font-size:12px;margin-top:6px}
td{padding:1px 8px 1px 0} .bar{background:#00798c;height:8px;display:inline-block}
.neg{background:#d1495b} .lint{color:#b00020;font-size:12px}
""".replace("FONTS", FONTS)


def _card(h: Highlight, rank: str, parts: list[Part]) -> str:
    thumb = thumbnail(parts, (h.start + h.end) / 2)
    img = ""
    if thumb:
        img = (
            f'<img alt="frame at {clock((h.start + h.end) / 2)}" '
            f'src="data:image/jpeg;base64,{base64.b64encode(thumb).decode()}">'
        )
    rows = []
    for name, v in sorted(h.signals.items(), key=lambda kv: -abs(kv[1])):
        if abs(v) < 1e-3:
            continue
        cls = "bar neg" if v < 0 else "bar"
        rows.append(
            f"<tr><td>{html.escape(name)}</td><td>{v:+.3f}</td>"
            f'<td><span class="{cls}" style="width:{min(200, abs(v) * 60):.0f}px">'
            "</span></td></tr>"
        )
    lint = "".join(
        f'<div class="lint">{html.escape(f.severity)}: {html.escape(f.rule)} '
        f"“{html.escape(f.phrase)}”</div>"
        for f in h.lint
    )
    product = f" · {html.escape(h.product)}" if h.product else ""
    return (
        f'<div class="card">{img}<div><h2>{rank} {html.escape(h.title)}</h2>'
        f'<div class="meta">{clock(h.start)}–{clock(h.end)} ({h.end - h.start:.1f} s) · '
        f"score {h.score:.3f} · {html.escape(h.category)}{product}</div>"
        f'<div class="meta">{html.escape(h.reason)}</div>'
        f"<div><b>Hook:</b> {html.escape(h.hook)}</div>"
        f'<div class="text">{html.escape(h.text)}</div>{lint}'
        f"<table>{''.join(rows)}</table></div></div>"
    )


def render_report(analysis: Analysis) -> str:
    """The page, self-contained: thumbnails inline, and a subset of the bundled CJK font
    (only the characters on the page, WOFF2) so Chinese renders on any machine."""
    from livegen.report_font import FAMILY, font_face_css

    r = analysis.result
    cards = "".join(_card(h, f"#{i}", analysis.parts) for i, h in enumerate(r.highlights, 1))
    prods = "".join(_card(h, "▸", analysis.parts) for h in r.products)
    prod_block = f"<h1>Best window per product</h1>{prods}" if prods else ""
    media = ", ".join(html.escape(m) for m in r.media)
    title = f"<title>Highlights – {media}</title>"
    body = (
        f"<h1>Highlights of {media}</h1>"
        f'<div class="meta">{clock(r.duration)} · profile {html.escape(r.profile)} · '
        f"{len(r.highlights)} highlights · grid {HOP:g} s · AI-assisted titles and hooks, "
        "review before use · picture signals (motion, scene_cuts, faces) are measured only "
        "inside the shortlisted windows</div>"
        f"{timeline_svg(analysis)}{cards}{prod_block}"
    )
    face = font_face_css(title + body)
    css = CSS.replace("font:14px/1.45 ", f'font:14px/1.45 "{FAMILY}",') if face else CSS
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"{title}<style>{face}{css}</style></head><body>{body}</body></html>\n"
    )
