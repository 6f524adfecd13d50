"""A highlights file with windows that cannot be cut: they are skipped, and named."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from livegen.errors import ExitCode


def _highlights(path: Path, media: Path, windows: list[tuple[float, float, str]]) -> Path:
    data = {
        "schema_version": "1",
        "media": [str(media)],
        "duration": 3.0,
        "highlights": [
            {"start": s, "end": e, "score": 1.0, "category": "qa", "title": t}
            for s, e, t in windows
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _plan_clips(
    invoke: Callable[..., tuple[int, str, str]], media: Path, highlights: Path, out: Path
) -> tuple[int, str, str]:
    """`livegen clip --dry-run` of `media` from `highlights`: what would be cut, and warnings."""
    return invoke(
        "clip",
        str(media),
        "--highlights",
        str(highlights),
        "--subtitles",
        "none",
        "--no-title-card",
        "--dry-run",
        "-o",
        str(out),
    )


def test_reversed_and_empty_windows_are_named_in_a_warning(invoke, tiny_video, tmp_path):
    h = _highlights(
        tmp_path / "h.json",
        tiny_video,
        [(0.2, 1.5, "good one"), (2.5, 1.0, "倒过来的"), (1.0, 1.0, "")],
    )
    code, out, err = _plan_clips(invoke, tiny_video, h, tmp_path / "o")
    assert code == ExitCode.OK, err
    assert "highlight 2 '倒过来的' (2.50-1.00 s) ends before it starts: skipped" in err
    assert "highlight 3 (1.00-1.00 s) is empty: skipped" in err
    assert "good one" not in err  # the window that is cut is not warned about
    assert len(out.strip().splitlines()) == 2  # one clip (render + cover) is planned


def test_only_bad_windows_is_a_usage_error_after_the_warnings(invoke, tiny_video, tmp_path):
    h = _highlights(tmp_path / "h.json", tiny_video, [(2.0, 1.0, "x")])
    code, _, err = _plan_clips(invoke, tiny_video, h, tmp_path / "o")
    assert code == ExitCode.USAGE
    assert "ends before it starts: skipped" in err and "error:" in err
