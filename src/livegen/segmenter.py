"""jieba, the Chinese word segmenter, as every part of livegen (and the docs build) takes it.

jieba logs "Building prefix dict… Loading model…" at DEBUG level through its own stderr
handler the first time it cuts, which would land in the middle of a command's progress or a
docs build. Its logger is set here, in one place, to WARNING: the chatter goes, a failure to
write its dictionary cache (logged as an error) still shows. Imported on first use, so the
commands that never cut Chinese never load it.
"""

from __future__ import annotations

import functools
import logging
from types import ModuleType


@functools.lru_cache(maxsize=1)
def jieba() -> ModuleType:
    """The jieba module with its logger at WARNING."""
    import jieba as module

    module.setLogLevel(logging.WARNING)
    return module
