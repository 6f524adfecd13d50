"""mkdocs hook: jieba, cutting the Chinese pages for the search index, speaks only of faults.

Material's search plugin segments Chinese text with jieba whenever it is installed (it is: a
livegen dependency), and jieba's first cut prints its dictionary loading to stderr. Its
logger is set by `livegen.segmenter`, the one place livegen sets it for its own commands;
the build takes it from there.
"""

from __future__ import annotations


def on_startup(*, command: str, dirty: bool) -> None:
    """mkdocs hook, before anything is built: jieba's logger at WARNING."""
    from livegen.segmenter import jieba

    jieba()
