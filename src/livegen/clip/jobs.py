"""How many clips to render at once, and with how many encoder threads each.

x264 spreads one clip over every thread it is given, but a clip render also has phases
that use one core: the face-tracking sample decode, the libass and loudnorm filters in
the one filter graph, the cover grab, process start. On a small machine two clips at a
time with one encoder thread each keep both cores busy through those phases, where one
clip with two threads leaves a core idle in them. Sources above 1080p decode into large
frames (a 4K H.264 decode holds about 1 GiB of reference frames), so those render one
at a time with every thread, which keeps memory where a single render puts it.
"""

from __future__ import annotations

import os

FULL_HD_PIXELS = 1920 * 1088


def auto_jobs(
    src_w: int = 0, src_h: int = 0, *, cores: int | None = None, clips: int | None = None
) -> tuple[int, int]:
    """(parallel clips, encoder threads per clip) for sources of `src_w`×`src_h`."""
    cores = cores or os.cpu_count() or 1
    big = src_w * src_h > FULL_HD_PIXELS
    if cores == 1:
        jobs, threads = 1, 1
    elif big:
        jobs = max(1, cores // 4)
        threads = max(1, cores // jobs)
    elif cores < 4:
        jobs, threads = cores, 1
    else:
        jobs, threads = cores // 2, 2
    if clips is not None:
        jobs = max(1, min(jobs, clips))
        threads = max(threads, cores // jobs) if not big else threads
    return jobs, threads
