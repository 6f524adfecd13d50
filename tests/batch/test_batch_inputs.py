"""What a batch is made of: inputs, manifests, folder names, pool sizes, usage errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from livegen.batch.inputs import RunDefaults, collect, read_manifest
from livegen.batch.names import MAX_BYTES, assign_names, safe_name
from livegen.batch.sizing import size_pool, size_ray
from livegen.errors import ExitCode, InputError, UsageError


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# -- folder names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("rec a", "rec-a"),
        ("../../etc/passwd", "etc-passwd"),
        ("a:b*c?d|e", "a-b-c-d-e"),
        (".hidden", "hidden"),
        ("-rf", "rf"),
        ("CON", "CON-rec"),
        ("batch.json", "batch.json-rec"),
        ("   ", "recording"),
        ("直播 回放 12月1日", "直播-回放-12月1日"),
    ],
)
def test_folder_names_are_safe_on_every_file_system(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_long_cjk_names_are_cut_by_bytes_at_a_character_boundary() -> None:
    name = safe_name("超长的直播间回放标题" * 20)
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert name and name.encode("utf-8").decode("utf-8") == name
    assert name.startswith("超长的直播间回放标题")


def test_names_are_unique_case_insensitively_and_earlier_names_are_kept() -> None:
    assert assign_names(["Rec", "rec", "REC"], ["1", "2", "3"]) == ["Rec", "rec-2", "REC-3"]
    # A recording that had "rec" keeps it even when a new one sorts before it.
    assert assign_names(["rec", "rec"], ["new", "old"], {"old": "rec"}) == ["rec-2", "rec"]
    long = "名" * 60
    first, second = assign_names([long, long], ["1", "2"])
    assert first != second and len(second.encode()) <= MAX_BYTES and second.endswith("-2")


# -- inputs ---------------------------------------------------------------------------------


def test_a_folder_gives_one_recording_per_video_with_its_side_files(tmp_path: Path) -> None:
    day = tmp_path / "day"
    _touch(day / "b.mp4")
    _touch(day / "a.MOV")
    _touch(day / "a.chat.jsonl")
    _touch(day / "b.sales.csv")
    _touch(day / "notes.txt")
    _touch(day / ".hidden.mp4")
    recs = collect([str(day)], None, RunDefaults())
    assert [Path(r.media[0]).name for r in recs] == ["a.MOV", "b.mp4"]
    assert recs[0].chat == str(day / "a.chat.jsonl") and recs[0].sales is None
    assert recs[1].sales == str(day / "b.sales.csv") and recs[1].chat is None
    assert all(os.path.isabs(r.media[0]) for r in recs)


def test_globs_expand_and_the_same_file_counts_once(tmp_path: Path) -> None:
    _touch(tmp_path / "x" / "one.mp4")
    _touch(tmp_path / "y" / "two.mkv")
    recs = collect(
        [str(tmp_path / "*" / "*.m*"), str(tmp_path / "x" / "one.mp4")], None, RunDefaults()
    )
    assert [r.name for r in recs] == ["one", "two"]


def test_the_output_folder_is_never_scanned_for_recordings(tmp_path: Path) -> None:
    _touch(tmp_path / "day" / "a.mp4")
    _touch(tmp_path / "day" / "out" / "a" / "a-01-clip.mp4")
    recs = collect(
        [str(tmp_path / "day" / "**" / "*.mp4")],
        None,
        RunDefaults(),
        exclude=tmp_path / "day" / "out",
    )
    assert [r.name for r in recs] == ["a"]


def test_a_missing_file_is_a_recording_that_will_fail_alone(tmp_path: Path) -> None:
    [rec] = collect([str(tmp_path / "gone.mp4")], None, RunDefaults())
    assert rec.media == [str(tmp_path / "gone.mp4")]


@pytest.mark.parametrize("make", ["empty-folder", "glob"])
def test_inputs_that_name_no_recording_are_usage_errors(tmp_path: Path, make: str) -> None:
    (tmp_path / "empty").mkdir()
    arg = str(tmp_path / "empty") if make == "empty-folder" else str(tmp_path / "*.mp4")
    with pytest.raises(UsageError):
        collect([arg], None, RunDefaults())


# -- manifests ------------------------------------------------------------------------------


def test_a_csv_manifest_keeps_fragments_together_with_per_row_options(tmp_path: Path) -> None:
    _touch(tmp_path / "media" / "p1.mp4")
    _touch(tmp_path / "media" / "p2.mp4")
    _touch(tmp_path / "media" / "solo.mp4")
    manifest = tmp_path / "day.csv"
    manifest.write_text(
        "name,media,chat,spec,platform,lang,top\n"
        "晚场,media/p1.mp4;media/p2.mp4,media/chat.jsonl,a.yaml;b.yaml,tiktok,zh,3\n"
        ",media/solo.mp4,,,,,\n",
        encoding="utf-8",
    )
    first, second = read_manifest(str(manifest), RunDefaults(platform="douyin", top=5))
    assert first.name == "晚场"
    assert first.media == [str(tmp_path / "media" / "p1.mp4"), str(tmp_path / "media" / "p2.mp4")]
    assert first.chat == str(tmp_path / "media" / "chat.jsonl")
    assert first.specs == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]
    assert (first.options["platform"], first.options["language"], first.options["top"]) == (
        "tiktok",
        "zh",
        3,
    )
    assert (second.name, second.options["platform"], second.options["top"]) == ("solo", "douyin", 5)


def test_a_jsonl_manifest_takes_lists(tmp_path: Path) -> None:
    manifest = tmp_path / "day.jsonl"
    manifest.write_text(
        json.dumps({"fragments": ["/r/a.mp4", "/r/b.mp4"], "top": 2, "sales": "/r/s.csv"}) + "\n\n",
        encoding="utf-8",
    )
    [rec] = read_manifest(str(manifest), RunDefaults())
    assert (
        rec.media == ["/r/a.mp4", "/r/b.mp4"]
        and rec.options["top"] == 2
        and rec.sales == "/r/s.csv"
    )


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("media,colour\na.mp4,red\n", "unknown column 'colour'"),
        ("media,top\na.mp4,many\n", "top must be a whole number"),
        ("name\nx\n", "no media"),
        ("media\n", "lists no recording"),
    ],
)
def test_bad_manifests_are_input_errors_naming_the_row(
    tmp_path: Path, text: str, needle: str
) -> None:
    manifest = tmp_path / "day.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_manifest(str(manifest), RunDefaults())
    assert needle in err.value.message and err.value.exit_code == ExitCode.USAGE


# -- sizing -----------------------------------------------------------------------------


def test_the_pool_fits_the_cores_and_prefers_workers_to_threads() -> None:
    assert (size_pool(3, 2).workers, size_pool(3, 2).threads) == (2, 1)
    assert (size_pool(1, 8).workers, size_pool(1, 8).threads) == (1, 8)  # spare cores: threads
    assert (size_pool(20, 16, threads=4).workers, size_pool(20, 16, threads=4).threads) == (4, 4)
    sized = size_pool(20, 16, memory_mib=4096)  # four workers' worth of memory
    assert sized.workers == 4 and sized.workers * sized.threads <= 16 and sized.note
    assert size_pool(2, 2, workers=2, threads=2).note  # oversubscribed on request: warned
    with pytest.raises(UsageError):
        size_pool(2, 2, workers=0)


def test_ray_actors_leave_cpus_for_rendering() -> None:
    s = size_ray(2, 2)
    assert (s.workers, s.threads) == (1, 1)
    s = size_ray(20, 64)
    assert s.workers * s.threads + s.threads <= 64 and s.workers * s.threads >= 32
    with pytest.raises(UsageError):
        size_ray(4, 4, workers=4)  # nothing left for rendering


# -- the command's usage errors (fast: no recording is worked on) ----------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--engine", "spark"], "unknown engine"),
        (["--address", "auto"], "use it with --engine ray"),
        (["--engine", "ray", "--address", "auto"], "every path must be absolute"),
        (["--platform", "myspace"], "unknown platform"),
        (["--top", "0"], "--top must be at least 1"),
    ],
)
def test_usage_errors_exit_2_before_any_output(
    invoke, tmp_path: Path, args: list[str], needle: str
) -> None:
    _touch(tmp_path / "day" / "a.mp4")
    out = tmp_path / "out"
    code, stdout, stderr = invoke(
        "batch", "day" if "--address" in args else str(tmp_path / "day"), "--out", str(out), *args
    )
    assert code == ExitCode.USAGE, stderr
    assert stdout == "" and needle in stderr and "Traceback" not in stderr
    assert not out.exists()


def test_a_bad_manifest_row_option_fails_before_any_output(invoke, tmp_path: Path) -> None:
    manifest = tmp_path / "day.csv"
    manifest.write_text(f"media,reframe\n{_touch(tmp_path / 'a.mp4')},zoom\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = invoke("batch", "--manifest", str(manifest), "--out", str(out))
    assert code == ExitCode.USAGE and stdout == ""
    assert "--reframe" in stderr and "day.csv:2" in stderr
    assert not out.exists()


def test_a_foreign_batch_json_is_kept_without_force(invoke, tmp_path: Path) -> None:
    _touch(tmp_path / "day" / "a.mp4", b"not media")
    out = tmp_path / "out"
    out.mkdir()
    (out / "batch.json").write_text("mine\n", encoding="utf-8")
    code, stdout, stderr = invoke("batch", str(tmp_path / "day"), "--out", str(out))
    assert code == ExitCode.USAGE and stdout == ""
    assert "batch.json" in stderr and "--force" in stderr
    assert (out / "batch.json").read_text(encoding="utf-8") == "mine\n"
