"""Find a CJK-capable font and make ffmpeg's libass use it.

The machine's fontconfig usually knows only Latin fonts, and libass ignores the
`fontsdir=` option when fontconfig picks the face, so Chinese captions render as tofu
boxes. What works is a tiny `fonts.conf` that adds the font's folder (and the system
fonts) and is handed to the ffmpeg process through `FONTCONFIG_FILE`.

Order of preference: `LIVEGEN_CJK_FONT` (a font file), the Noto Sans CJK font shipped by
the `cvttf-notosanscjk-regular` package (in livegen's `media` extra), then well-known
Debian CJK font files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from livegen.errors import DependencyError

INSTALL_HINT = (
    "pip install 'livegen[media]' (ships Noto Sans CJK), or "
    "apt-get install fonts-noto-cjk, or set LIVEGEN_CJK_FONT=/path/to/font.otf"
)

# Debian / Ubuntu packages that carry CJK glyphs, with the family name libass asks for.
_SYSTEM_FONTS: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", "LXGW WenKai"),
)

# Family names of font files we know, so no font parser is needed at run time.
_KNOWN_FAMILIES = {
    "notosanscjktc-regular.otf": "Noto Sans CJK TC",
    "notosanscjksc-regular.otf": "Noto Sans CJK SC",
    "notosanscjk-regular.ttc": "Noto Sans CJK SC",
    "wqy-microhei.ttc": "WenQuanYi Micro Hei",
}


@dataclass(frozen=True)
class CJKFont:
    path: Path  # the font file (drawtext, Pillow and moviepy take a file)
    family: str  # the family name libass / ASS styles refer to

    @property
    def folder(self) -> Path:
        return self.path.parent


def _from_package() -> Path | None:
    try:
        import cvttf_NotoSansCJK_Regular as pkg
    except ImportError:
        return None
    folder = Path(pkg.__file__).resolve().parent
    found = sorted(folder.glob("*.otf")) + sorted(folder.glob("*.tt[fc]"))
    return found[0] if found else None


def _family_for(path: Path) -> str:
    return _KNOWN_FAMILIES.get(path.name.lower(), path.stem.replace("-Regular", ""))


@functools.cache
def find_cjk_font() -> CJKFont:
    """The CJK font to burn captions with; DependencyError names the install command."""
    explicit = os.environ.get("LIVEGEN_CJK_FONT")
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise DependencyError(
                f"LIVEGEN_CJK_FONT={explicit}: no such font file", hint=INSTALL_HINT
            )
        family = os.environ.get("LIVEGEN_CJK_FAMILY") or _family_for(p)
        return CJKFont(p.resolve(), family)
    pkg = _from_package()
    if pkg is not None:
        return CJKFont(pkg, _family_for(pkg))
    for file, family in _SYSTEM_FONTS:
        if Path(file).is_file():
            return CJKFont(Path(file), family)
    raise DependencyError(
        "no CJK font found: Chinese captions would render as empty boxes", hint=INSTALL_HINT
    )


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fontconfig_text(font: CJKFont, cache_dir: Path | None = None) -> str:
    """A fonts.conf that adds the CJK font's folder on top of the system configuration."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<fontconfig>",
        f"  <dir>{_xml_escape(str(font.folder))}</dir>",
    ]
    if Path("/etc/fonts/fonts.conf").is_file():
        lines.append('  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>')
    else:
        lines += ["  <dir>/usr/share/fonts</dir>", "  <dir>/usr/local/share/fonts</dir>"]
    if cache_dir is not None:
        lines.append(f"  <cachedir>{_xml_escape(str(cache_dir))}</cachedir>")
    # Any family that lacks a glyph (e.g. a style asking for Arial) falls back to the CJK face.
    lines += [
        "  <alias>",
        "    <family>sans-serif</family>",
        f"    <prefer><family>{_xml_escape(font.family)}</family></prefer>",
        "  </alias>",
        "</fontconfig>",
        "",
    ]
    return "\n".join(lines)


@functools.cache
def fontconfig_env() -> dict[str, str]:
    """Environment additions for an ffmpeg process that renders CJK text with libass."""
    font = find_cjk_font()
    root = Path(tempfile.gettempdir()) / f"livegen-fontconfig-{os.getuid()}"
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.blake2b(str(font.path).encode(), digest_size=6).hexdigest()
    conf = root / f"fonts-{digest}.conf"
    text = fontconfig_text(font, cache_dir=root / "cache")
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        tmp = conf.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, conf)
    return {"FONTCONFIG_FILE": str(conf)}


def ofl_notice() -> Path:
    """The SIL Open Font License notice that travels with the Noto CJK font."""
    return Path(__file__).resolve().parent / "licenses" / "OFL-NotoSansCJK.txt"
