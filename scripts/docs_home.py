"""The site's home page is the README, made at build time (an mkdocs hook, see mkdocs.yml).

The README is written for the repository root, so its links point into `docs/`; on the site
the same pages sit one level up. Its "Documentation" section lists what the site's
navigation already shows, so the home page leaves it out. Links to files outside `docs/`
(LICENSE, CHANGELOG.md) have no page on the site and become the file's name in code.
`docs/index.md` stays in the tree only as the page the navigation names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[1] / "README.md"
LEFT_OUT = ("Documentation",)  # README sections the site's navigation already is

_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")


def _site_link(match: re.Match[str]) -> str:
    bang, text, target = match.groups()
    if re.match(r"[a-z][a-z0-9+.-]*:|#", target):  # a URL or an anchor on the same page
        return match.group(0)
    if target.startswith("docs/"):
        page = target.removeprefix("docs/")
        return f"{bang}[{page if text == target else text}]({page})"
    return f"`{target}`"  # a repository file the site does not carry


def _without_sections(markdown: str, titles: tuple[str, ...]) -> str:
    parts = re.split(r"(?m)^(?=## )", markdown)
    kept = [p for p in parts if not any(p.startswith(f"## {t}\n") for t in titles)]
    return "".join(kept)


def home_page(readme: str) -> str:
    """The README as the site's home page: its links made site-relative, the Documentation
    section left out."""
    body = _without_sections(readme, LEFT_OUT)
    # Code blocks are shown as written; links elsewhere may wrap over a line end.
    parts = re.split(r"(?ms)(^```.*?^```)", body)
    text = "".join(p if p.startswith("```") else _LINK.sub(_site_link, p) for p in parts)
    return text.rstrip() + "\n"


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """mkdocs hook: the home page's text comes from the README."""
    if page.file.src_uri == "index.md":
        return home_page(README.read_text(encoding="utf-8"))
    return markdown
