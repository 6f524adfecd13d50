"""The one key scrubber every network path uses before a server's words reach the user.

Servers quote keys back in error messages (`Incorrect API key provided: sk-…`), proxies
echo `Authorization` headers, and exceptions carry request URLs with `?key=` in them.
Anything that may hold such text (error lines, warnings, retry notes) goes through
`scrub` with the secrets the caller knows about; key-shaped tokens are masked even when
the caller knows no secret, since a server may quote a key from its own configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"
DETAIL_MAX = 300

# Tokens shaped like API keys: OpenAI style `sk-…`, bearer tokens, `key=` URL parameters.
_KEYLIKE = re.compile(
    r"(?i)(?P<plain>\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{6,})"
    r"|(?P<lead>\bbearer\s+|[?&](?:key|token|api_key|apikey|access_token)=)"
    r"(?P<value>[A-Za-z0-9_\-\.=:/+%]{6,})"
)
_TOKEN = re.compile(r"[A-Za-z0-9_\-\.+/=:]{8,}")
_MIN_SECRET = 4  # shorter values ("none", "x") would mask ordinary words


def scrub(
    text: object,
    secrets: Iterable[str | None] = (),
    *,
    limit: int | None = DETAIL_MAX,
    one_line: bool = True,
) -> str:
    """`text` with every known secret and every key-shaped token masked.

    A token is also masked when it is a long-enough piece of a secret (a server that
    quotes only the first or last characters of a key still gives part of it away).
    """
    out = str(text)
    keys = sorted({s for s in secrets if s and len(s) >= _MIN_SECRET}, key=len, reverse=True)
    for key in keys:
        out = out.replace(key, MASK)
    if keys:

        def _piece(m: re.Match[str]) -> str:
            tok = m.group(0)
            return MASK if any(tok in k or k in tok for k in keys) else tok

        out = _TOKEN.sub(_piece, out)
    out = _KEYLIKE.sub(lambda m: MASK if m.group("plain") else m.group("lead") + MASK, out)
    if one_line:
        out = " ".join(out.split())
    if limit is not None and len(out) > limit:
        out = out[: limit - 1] + "…"
    return out
