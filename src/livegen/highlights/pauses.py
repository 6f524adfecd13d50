"""Windows that never straddle a long silence: split or trim them at the pause.

A window that spans dead air (the host walks off, a long pause before the next pitch)
makes a clip that stalls for seconds. The `pauses` signal only scores such a window
down; on a stream with few strong moments it can still win (on the zh sample the top
window carried a 9-s pause). So candidate windows are cut at long pauses before they are
scored:

- a **long pause** is a stretch of at least `SPLIT_PAUSE` seconds where no recognised
  word is (words widened by `WORD_PAD`) and the audio is quiet: every 0.5-s hop below
  the stream's speech threshold, `floor + max(6 dB, 35 % of (peak − floor))` with the
  floor the 10th and the peak the 95th percentile of the hop levels (the rule the
  language vote uses to find speech), or below −55 dBFS. Without a transcript, the
  energy alone decides;
- a window whose start or end lies in a long pause is trimmed to the speech edge beside
  it (the pause's end or start), then to the edge of the first or last sentence inside;
- a window with a long pause inside it is dropped: the pieces on either side exist as
  windows of their own (every run of whole sentences and every grid window is a
  candidate), so nothing is lost but the dead air.

When every candidate goes (no stretch of `--min` seconds without a long pause), no window
is offered and the artifact's notes say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from livegen.highlights.grid import HOP

if TYPE_CHECKING:
    import numpy as np

    from livegen.highlights.windows import Windows
    from livegen.schemas.transcript import Segment

SPLIT_PAUSE = 3.0  # seconds of silence a window may not straddle
WORD_PAD = 0.2  # a word counts as speech this far around itself
EDGE = 0.25  # a pause this close to a window edge is at the edge, not inside

Span = tuple[float, float]


def quiet_hops(level_db: np.ndarray) -> np.ndarray:
    """Per 0.5-s hop: is the audio below the stream's own speech level?"""
    import numpy as np

    if level_db.size == 0:
        return np.zeros(0, dtype=bool)
    floor = float(np.quantile(level_db, 0.1))
    peak = float(np.quantile(level_db, 0.95))
    threshold = floor + max(6.0, 0.35 * (peak - floor))
    return (level_db <= threshold) | (level_db <= -55.0)


def long_pauses(
    level_db: np.ndarray, segments: Sequence[Segment], min_pause: float = SPLIT_PAUSE
) -> list[Span]:
    """Stretches of at least `min_pause` seconds that are quiet and hold no word."""
    import numpy as np

    quiet = quiet_hops(level_db).copy()
    n = quiet.size
    for seg in segments:
        spans = [(w.start, w.end) for w in seg.words] or [(seg.start, seg.end)]
        for s, e in spans:
            a = max(0, int((s - WORD_PAD) / HOP))
            b = min(n, int(np.ceil((e + WORD_PAD) / HOP)))
            quiet[a:b] = False
    out: list[Span] = []
    i = 0
    while i < n:
        if not quiet[i]:
            i += 1
            continue
        j = i
        while j < n and quiet[j]:
            j += 1
        if (j - i) * HOP >= min_pause:
            out.append((i * HOP, j * HOP))
        i = j
    return out


def cut_at_pauses(
    windows: Windows, segments: Sequence[Segment], pauses: Sequence[Span], min_s: float
) -> Windows:
    """`windows` trimmed off the pauses at their edges, without those that straddle one."""
    import numpy as np

    from livegen.highlights.windows import Windows

    if not pauses or not len(windows):
        return windows
    lo = np.array([a for a, _ in pauses])
    hi = np.array([b for _, b in pauses])
    start, end = windows.start.astype(np.float64).copy(), windows.end.astype(np.float64).copy()
    # A start inside a pause moves to its end, an end inside one to its start.
    i = np.searchsorted(lo, start, side="right") - 1
    inside = (i >= 0) & (start < hi[np.clip(i, 0, None)] - EDGE)
    start = np.where(inside, hi[np.clip(i, 0, None)], start)
    j = np.searchsorted(lo, end, side="left") - 1
    inside = (j >= 0) & (end > lo[np.clip(j, 0, None)] + EDGE) & (end <= hi[np.clip(j, 0, None)])
    end = np.where(inside, lo[np.clip(j, 0, None)], end)
    # Then onto the edges of the sentences now inside.
    seg_s = np.array([s.start for s in segments], dtype=np.float64)
    seg_e = np.array([s.end for s in segments], dtype=np.float64)
    first = np.searchsorted(seg_s, start - 1e-6, side="left").astype(np.int32)
    last = (np.searchsorted(seg_e, end + 1e-6, side="right") - 1).astype(np.int32)
    if seg_s.size:
        has = first <= last
        fi, la = np.clip(first, 0, seg_s.size - 1), np.clip(last, 0, seg_s.size - 1)
        start = np.where(has & (seg_s[fi] > start), seg_s[fi], start)
        end = np.where(has & (seg_e[la] < end), seg_e[la], end)
    # Whatever still holds a long pause away from its edges straddles it.
    straddles = np.zeros(len(windows), dtype=bool)
    for a, b in pauses:
        straddles |= (start < a) & (end > b)
    ok = ~straddles & (end - start >= min_s - 1e-6)
    keys = np.round(np.stack([start[ok], end[ok]], axis=1), 3)
    _, unique = np.unique(keys, axis=0, return_index=True)
    unique.sort()
    return Windows(first[ok][unique], last[ok][unique], start[ok][unique], end[ok][unique])
