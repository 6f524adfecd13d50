"""Property tests: whatever a reader is given, it returns a result or raises one input error.

"One input error" means a LivegenError with exit code 2 and a one-line message; anything
else (a TypeError, a RecursionError, a numpy warning turned error...) would reach users as
exit 70. Inputs are both random text and valid files with random parts replaced, since
most bugs hide behind the parser, in the code that trusts what the parser let through.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.paths import SAMPLES

from livegen.errors import ExitCode, LivegenError
from livegen.spec import MAX_PROBLEMS

SPEC_DATA = yaml.safe_load((SAMPLES / "face-cream.zh.yaml").read_text(encoding="utf-8"))

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(FUZZ, max_examples=30)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
values = st.recursive(
    scalars,
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
    max_leaves=12,
)
junk_text = st.text(max_size=400) | st.binary(max_size=200).map(
    lambda b: b.decode("utf-8", "replace")
)


@contextmanager
def a_file(name: str, text: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        yield path


def result_or_input_error(fn: Callable[[], Any]) -> Any:
    """Call `fn`; a LivegenError must be exit 2 with one line; nothing else may escape.

    A spec with several problems lists them all at once (one line a problem, bounded,
    each naming the file and field, under a one-line summary): still no traceback.
    """
    try:
        return fn()
    except LivegenError as exc:
        assert exc.exit_code == ExitCode.USAGE, f"{type(exc).__name__}: {exc.message}"
        lines = exc.message.split("\n")
        assert len(lines) == 1 or (
            lines[0].endswith("problems in the spec:")
            and 2 < len(lines) <= MAX_PROBLEMS + 2
            and all(line.strip() for line in lines[1:])
        ), exc.message
        return None


def _has(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


def mutate(base: Any, paths: list[list[Any]], new: list[Any]) -> Any:
    """`base` with the value at each (existing or new) key path replaced."""
    data = copy.deepcopy(base)
    for path, value in zip(paths, new, strict=False):
        node = data
        for key in path[:-1]:
            if _has(node, key):
                node = node[key]
            else:
                break
        else:
            last = path[-1] if path else None
            if (isinstance(node, dict) and last is not None) or (
                isinstance(node, list) and _has(node, last)
            ):
                node[last] = value
    return data


def key_paths(data: Any) -> st.SearchStrategy[list[Any]]:
    found: list[list[Any]] = []

    def walk(node: Any, prefix: list[Any]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                found.append([*prefix, k])
                walk(v, [*prefix, k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                found.append([*prefix, i])
                walk(v, [*prefix, i])

    walk(data, [])
    return st.sampled_from(found)


# -- product specs ------------------------------------------------------------------------------


@FUZZ
@given(
    st.lists(key_paths(SPEC_DATA), min_size=1, max_size=3),
    st.lists(values, min_size=3, max_size=3),
    st.sampled_from([".yaml", ".json"]),
)
def test_spec_loader_with_random_fields(paths, new, suffix) -> None:
    from livegen.spec import load_spec

    data = mutate(SPEC_DATA, paths, new)
    text = (
        yaml.safe_dump(data, allow_unicode=True)
        if suffix == ".yaml"
        else json.dumps(data, ensure_ascii=False, allow_nan=True, default=str)
    )
    with a_file("spec" + suffix, text) as path:
        spec = result_or_input_error(lambda: load_spec(path))
    if spec is not None:
        assert math.isfinite(spec.price) and spec.price > 0


@FUZZ
@given(junk_text, st.sampled_from([".yaml", ".json", ".toml", ".txt"]))
def test_spec_loader_with_random_text(text, suffix) -> None:
    from livegen.spec import load_spec

    with a_file("spec" + suffix, text) as path:
        result_or_input_error(lambda: load_spec(path))


@FEW
@given(
    st.lists(key_paths(SPEC_DATA), min_size=1, max_size=2), st.lists(values, min_size=2, max_size=2)
)
def test_script_on_any_loadable_spec_never_crashes(paths, new) -> None:
    from livegen.cli import run

    data = mutate(SPEC_DATA, paths, new)
    with a_file("spec.yaml", yaml.safe_dump(data, allow_unicode=True)) as path:
        code = run(["--quiet", "script", str(path), "-o", str(path.with_suffix(".md"))])
    assert code in (0, 1, 2)


# -- chat and sales logs ----------------------------------------------------------------------

times = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-(10**20), 10**20)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "12:30",
            "1:02:03.5",
            "2026-12-01T20:00:00",
            "2026-12-01 20:00:01+08:00",
            "nan",
            "-inf",
            "1e400",
            "",
            "99:99:99",
        ]
    )
)
rows = st.lists(
    st.fixed_dictionaries(
        {"time": times, "user": scalars, "text": scalars, "orders": scalars, "gmv": scalars}
    ),
    max_size=12,
)


def _as(fmt: str, items: list[dict[str, Any]]) -> str:
    if fmt == ".jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False, allow_nan=True) for r in items)
    if fmt == ".json":
        return json.dumps(items, ensure_ascii=False, allow_nan=True)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["time", "user", "text", "orders", "gmv"])
    writer.writeheader()
    writer.writerows(items)
    return buf.getvalue()


@FUZZ
@given(rows, st.sampled_from([".jsonl", ".json", ".csv"]))
def test_chat_reader_with_random_rows(items, fmt) -> None:
    from livegen.chatlog import load_chat

    with a_file("chat" + fmt, _as(fmt, items)) as path:
        msgs = result_or_input_error(lambda: load_chat(path))
    for m in msgs or []:
        assert math.isfinite(m.time)


@FUZZ
@given(rows, st.sampled_from([".jsonl", ".csv"]))
def test_sales_reader_with_random_rows(items, fmt) -> None:
    from livegen.highlights.sales import load_sales

    with a_file("sales" + fmt, _as(fmt, items)) as path:
        series = result_or_input_error(lambda: load_sales(path))
    if series is not None:
        assert all(math.isfinite(t) for t in series.times)
        assert all(math.isfinite(v) for v in series.values)


@FUZZ
@given(junk_text, st.sampled_from([".jsonl", ".csv", ".json", ""]))
def test_chat_and_sales_readers_with_random_text(text, fmt) -> None:
    from livegen.chatlog import load_chat
    from livegen.highlights.sales import load_sales

    with a_file("log" + fmt, text) as path:
        result_or_input_error(lambda: load_chat(path))
        result_or_input_error(lambda: load_sales(path))


@FEW
@given(rows)
def test_chat_command_on_any_log_never_crashes(items) -> None:
    from livegen.cli import run

    with a_file("chat.jsonl", _as(".jsonl", items)) as path:
        assert run(["--quiet", "chat", str(path), "--json"]) in (0, 2)


# -- SRT / VTT ----------------------------------------------------------------------------------

stamps = st.sampled_from(
    [
        "00:00:01,000",
        "00:00:02.500",
        "99:59:59,999",
        "00:61:00,000",
        "1:2:3",
        "-00:00:01,000",
        "00:00:01",
        "",
    ]
) | st.text(max_size=14)
cues = st.lists(st.tuples(stamps, stamps, st.text(max_size=40)), max_size=6)


@FUZZ
@given(cues, st.sampled_from([".srt", ".vtt"]), st.booleans())
def test_srt_and_vtt_readers(items, suffix, numbered) -> None:
    from livegen.lint.readers import read_document

    blocks = []
    for i, (a, b, text) in enumerate(items, 1):
        head = f"{i}\n" if numbered else ""
        blocks.append(f"{head}{a} --> {b}\n{text}\n")
    body = ("WEBVTT\n\n" if suffix == ".vtt" else "") + "\n".join(blocks)
    with a_file("subs" + suffix, body) as path:
        result_or_input_error(lambda: read_document(path))


@FEW
@given(junk_text, st.sampled_from([".srt", ".vtt", ".md", ".json", ".txt"]))
def test_lint_command_on_any_file_never_crashes(text, suffix) -> None:
    from livegen.cli import run

    with a_file("in" + suffix, text) as path:
        assert run(["--quiet", "lint", str(path)]) in (0, 1, 2)


# -- artifacts --------------------------------------------------------------------------------

TRANSCRIPT = {
    "schema_version": "1",
    "media": [{"path": "a.mp4", "offset": 0.0, "duration": 30.0}],
    "duration": 30.0,
    "language": "en",
    "engine": "x",
    "model": "y",
    "segments": [
        {
            "id": 0,
            "start": 1.0,
            "end": 4.0,
            "text": "hello there",
            "words": [
                {"start": 1.0, "end": 1.5, "word": "hello"},
                {"start": 1.6, "end": 2.0, "word": "there"},
            ],
        },
        {
            "id": 1,
            "start": 5.0,
            "end": 9.0,
            "text": "buy now",
            "words": [{"start": 5.0, "end": 5.5, "word": "buy"}],
        },
    ],
}
HIGHLIGHTS = {
    "schema_version": "1",
    "media": ["a.mp4"],
    "duration": 30.0,
    "highlights": [
        {
            "start": 1.0,
            "end": 9.0,
            "score": 2.0,
            "category": "qa",
            "title": "t",
            "signals": {"chat": 1.0},
        },
        {"start": 12.0, "end": 20.0, "score": 1.0, "category": "story"},
    ],
}


@FUZZ
@given(
    st.lists(key_paths(TRANSCRIPT), min_size=1, max_size=3),
    st.lists(values, min_size=3, max_size=3),
)
def test_transcript_artifact_with_random_fields(paths, new) -> None:
    from livegen.artifacts import load_artifact
    from livegen.schemas.transcript import Transcript
    from livegen.subtitles import build_cues, to_srt, to_vtt

    data = mutate(TRANSCRIPT, paths, new)
    with a_file("t.json", json.dumps(data, allow_nan=True, default=str)) as path:
        tr = result_or_input_error(lambda: load_artifact(path, Transcript, kind="transcript"))
    if tr is not None:  # what loads must be usable
        cues_ = build_cues(tr)
        to_srt(cues_)
        to_vtt(cues_)


@FUZZ
@given(
    st.lists(key_paths(HIGHLIGHTS), min_size=1, max_size=3),
    st.lists(values, min_size=3, max_size=3),
    st.floats(min_value=0, max_value=1e6),
)
def test_highlights_artifact_with_random_fields(paths, new, total) -> None:
    from livegen.artifacts import load_artifact
    from livegen.clip.plan import plan_ranges
    from livegen.schemas.highlights import Highlights
    from livegen.schemas.transcript import Transcript

    data = mutate(HIGHLIGHTS, paths, new)
    with a_file("h.json", json.dumps(data, allow_nan=True, default=str)) as path:
        hl = result_or_input_error(lambda: load_artifact(path, Highlights, kind="highlights"))
    if hl is not None:
        tr = Transcript.model_validate(TRANSCRIPT)
        ranges = result_or_input_error(
            lambda: plan_ranges(
                highlights=hl,
                at=[],
                transcript=tr,
                total=total,
                max_duration=60,
                top=None,
                warn=lambda m: None,
            )
        )
        for r in ranges or []:
            assert 0 <= r.start < r.end and math.isfinite(r.end)


@FUZZ
@given(junk_text)
def test_artifact_loader_with_random_text(text) -> None:
    from livegen.artifacts import load_artifact
    from livegen.schemas.highlights import Highlights

    with a_file("h.json", text) as path:
        result_or_input_error(lambda: load_artifact(path, Highlights, kind="highlights"))


# -- time ranges --------------------------------------------------------------------------------

numbers = st.floats(min_value=0, allow_nan=False, allow_infinity=False).map(
    lambda f: f"{f:g}"
) | st.integers(min_value=0, max_value=10**500).map(str)
clock = st.tuples(st.integers(0, 200), st.integers(0, 200), numbers).map(
    lambda t: f"{t[0]}:{t[1]}:{t[2]}"
)
ranges = (
    st.tuples(numbers | clock | st.text(max_size=12), numbers | clock | st.text(max_size=12)).map(
        lambda p: f"{p[0]}-{p[1]}"
    )
) | st.text(max_size=30)


@FUZZ
@given(ranges)
def test_time_range_parsing(text) -> None:
    from livegen.clip.plan import parse_range

    rng = result_or_input_error(lambda: parse_range(text))
    if rng is not None:
        start, end = rng
        assert math.isfinite(start) and math.isfinite(end) and 0 <= start < end


@FEW
@given(ranges)
def test_clip_at_on_any_range_is_a_result_or_exit_2(text) -> None:
    from livegen.cli import run

    with tempfile.TemporaryDirectory() as d:
        code = run(
            [
                "--quiet",
                "clip",
                str(SAMPLES / "live-demo.en.mp4"),
                "--at",
                text,
                "--subtitles",
                "none",
                "--no-title-card",
                "--dry-run",
                "-o",
                d,
            ]
        )
    assert code in (0, 2)


@pytest.mark.parametrize("text", ["1e400-1e401", "0-" + "9" * 400, "00:00:nan-1"])
def test_ranges_that_overflow_are_refused(text) -> None:
    from livegen.clip.plan import parse_range

    assert result_or_input_error(lambda: parse_range(text)) is None
