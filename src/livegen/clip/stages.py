"""Run the earlier stages (transcribe, highlights) when clip is called on a bare recording.

Kept in one small function with lazy imports so `livegen clip REC.mp4` can chain the
whole pipeline while the clip stage itself depends only on the artifacts' schemas.
"""

from __future__ import annotations

from livegen.errors import DependencyError
from livegen.progress import NullReporter, Reporter
from livegen.schemas.highlights import Highlights
from livegen.schemas.transcript import Transcript

HINT = ("run `livegen transcribe` and `livegen highlights` first and pass --transcript and "
        "--highlights (or --at START-END with --subtitles none)")


def run_earlier_stages(media: list[str], *, need_highlights: bool,
                       reporter: Reporter | None = None) -> tuple[Transcript, Highlights | None]:
    """The (cached) transcript of `media` and, if asked, its highlights."""
    reporter = reporter or NullReporter()
    try:
        from livegen.transcribe import api as transcribe_api
    except ImportError:
        raise DependencyError("the transcribe stage is not available in this installation",
                              hint=HINT) from None
    transcript: Transcript = transcribe_api.transcribe_cached(media, reporter=reporter)
    if not need_highlights:
        return transcript, None
    try:
        from livegen.highlights import api as highlights_api
    except ImportError:
        raise DependencyError("the highlights stage is not available in this installation",
                              hint=HINT) from None
    highlights: Highlights = highlights_api.find_highlights(transcript, media=media,
                                                            reporter=reporter)
    return transcript, highlights
