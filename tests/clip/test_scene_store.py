"""Scene cuts found by one command serve the next on the same recording (the cache)."""

from __future__ import annotations

import json
from pathlib import Path

from livegen.cache import Cache
from livegen.media.scenes import SceneCuts, active_scenes, shared_scenes

MEDIA = Path(__file__).resolve().parents[2] / "samples" / "live-demo.en.mp4"
LINES = [
    "welcome back everyone to the live room",
    "today I am showing you the new earbuds",
    "look at this case it closes with a magnet",
    "the price today is only twenty nine dollars",
    "the link is up right now so hurry",
    "someone asked about the battery it lasts all day",
]


def _clip(invoke, out: Path, *extra: str) -> None:
    code, _, err = invoke(
        "clip",
        str(MEDIA),
        "--reframe",
        "face",
        "--subtitles",
        "none",
        "--no-title-card",
        "--size",
        "180x320",
        "--out-dir",
        str(out),
        *extra,
    )
    assert code == 0, err


def test_the_store_keeps_the_union_of_what_each_command_saw(tmp_path: Path) -> None:
    media = tmp_path / "rec.bin"
    media.write_bytes(b"a recording")
    cache = Cache(tmp_path / "cache")
    with shared_scenes(cache, [str(media)]) as store:
        assert active_scenes() is store and store.known() is None
        store.add(SceneCuts([(0.0, 10.0)], [(4.0, 4.5)]))
        store.add(SceneCuts([(8.0, 20.0)], [(15.0, 15.25)]))
    assert active_scenes() is None
    with shared_scenes(cache, [str(media)]) as again:
        known = again.known()
        assert known == SceneCuts([(0.0, 20.0)], [(4.0, 4.5), (15.0, 15.25)])
    media.write_bytes(b"another recording")  # new content: nothing known
    with shared_scenes(cache, [str(media)]) as other:
        assert other.known() is None


def test_a_second_clip_of_the_range_reuses_the_cuts_the_first_decided(
    invoke, tmp_path: Path, cut_decisions: list[int]
) -> None:
    _clip(invoke, tmp_path / "a", "--at", "10-22")
    assert cut_decisions  # nothing was known: the reframe decided the cuts itself
    cut_decisions.clear()
    _clip(invoke, tmp_path / "b", "--at", "11-20")
    assert cut_decisions == []


def test_clip_after_highlights_takes_the_cuts_the_highlights_found_where_it_looked(
    invoke, tmp_path: Path, cut_decisions: list[int]
) -> None:
    segments = [
        {"id": i, "start": 1.0 + 4.0 * i, "end": 4.6 + 4.0 * i, "text": LINES[i % len(LINES)]}
        for i in range(21)
    ]
    transcript = tmp_path / "t.json"
    transcript.write_text(
        json.dumps(
            {
                "schema_version": "1",
                "media": [{"path": str(MEDIA), "offset": 0, "duration": 88.0}],
                "duration": 88.0,
                "language": "en",
                "engine": "test",
                "model": "none",
                "segments": segments,
            }
        ),
        encoding="utf-8",
    )
    _clip(invoke, tmp_path / "before", "--at", "40-50")
    assert cut_decisions  # nothing known yet: the reframe decides the cuts itself
    hl = tmp_path / "h.json"
    code, _, err = invoke(
        "highlights", str(MEDIA), "-t", str(transcript), "--top", "2", "-o", str(hl)
    )
    assert code == 0, err
    cut_decisions.clear()
    # A range the highlights stage looked at: its cuts are taken, none decided again.
    _clip(invoke, tmp_path / "after", "--at", "60-70")
    assert cut_decisions == []
