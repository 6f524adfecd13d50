"""How long a line takes to say on camera, and how much of a stream is speech.

Hosts in live commerce talk almost without pause, so a script is only as long as its
lines at a host's pace plus the stage time it labels (a demo, a poll left open). The
defaults are measured hosting paces: about 4 Chinese characters or 2.5 English words a
second; `--pace` (or `pace:` in the phrase bank) overrides them.
"""

from __future__ import annotations

import re

from livegen.text import is_cjk_char

DEFAULT_PACE = {"zh": 4.0, "en": 2.5}  # characters a second (zh), words a second (en)
UNIT = {"zh": "characters/s", "en": "words/s"}
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.,-][A-Za-z0-9]+)*")


def speech_units(text: str, language: str) -> float:
    """Characters (zh: each CJK character, each Latin word or number counts one) or words."""
    if language == "zh":
        cjk = sum(1 for ch in text if is_cjk_char(ch))
        latin = len(_WORD.findall(text))
        return float(cjk + latin)
    return float(len(_WORD.findall(text)))


def speech_seconds(lines: list[str] | str, language: str, pace: float | None = None) -> float:
    """Estimated speaking time of `lines` at `pace` units a second (default per language)."""
    rate = pace or DEFAULT_PACE.get(language, DEFAULT_PACE["en"])
    items = [lines] if isinstance(lines, str) else lines
    return sum(speech_units(t, language) for t in items) / rate
