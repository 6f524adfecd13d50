"""Where an output may go: never onto an input, never past NAME_MAX, never onto a folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fault_media import SPEC, fill, leftovers, tmpfs

from livegen.artifacts import atomic_output, fit_name, forget_inputs, name_max, note_inputs
from livegen.errors import DiskFullError, ExitCode, InputError


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_transcribe_refuses_to_write_its_json_over_the_recording(cli, tiny_video, tmp_path):
    rec = tmp_path / "rec.mp4"
    rec.write_bytes(tiny_video.read_bytes())
    before = rec.read_bytes()
    res = cli("transcribe", str(rec), "-o", str(rec), "--force")
    assert res.returncode == ExitCode.USAGE
    assert "is one of the inputs" in _one_error_line(res.stderr)
    assert rec.read_bytes() == before


def test_an_output_onto_the_second_fragment_or_a_hard_link_is_refused(cli, tiny_video, tmp_path):
    a, b = tmp_path / "a.mp4", tmp_path / "b.mp4"
    a.write_bytes(tiny_video.read_bytes())
    b.write_bytes(tiny_video.read_bytes())
    link = tmp_path / "link.srt"
    os.link(a, link)
    for args in (["-o", str(b)], ["--srt", "-o", str(link)], ["-o", str(tmp_path / "." / "b.mp4")]):
        res = cli("transcribe", str(a), str(b), *args, "--force")
        assert res.returncode == ExitCode.USAGE, res.stderr
        assert "is one of the inputs" in _one_error_line(res.stderr)
    assert a.read_bytes() == b.read_bytes() == tiny_video.read_bytes()


def test_script_cannot_overwrite_its_own_spec(cli, tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    before = spec.read_bytes()
    res = cli("script", str(spec), "-o", str(spec), "--force")
    assert res.returncode == ExitCode.USAGE
    assert "is one of the inputs" in _one_error_line(res.stderr)
    assert spec.read_bytes() == before


def test_atomic_output_compares_inodes_not_spellings(tmp_path):
    src = tmp_path / "in.json"
    src.write_text("{}", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink(src, tmp_path / "sub" / "alias.json")
    forget_inputs()
    note_inputs(src)
    try:
        for target in (src, tmp_path / "sub" / ".." / "in.json", tmp_path / "sub" / "alias.json"):
            with (
                pytest.raises(InputError, match="is one of the inputs"),
                atomic_output(target, force=True) as tmp,
            ):
                tmp.write_text("[]", encoding="utf-8")
        assert src.read_text(encoding="utf-8") == "{}"
    finally:
        forget_inputs()


@pytest.mark.parametrize("where", ["/proc/x.json", "folder"])
def test_an_impossible_output_path_is_one_usage_line(cli, tmp_path, where):
    target = tmp_path if where == "folder" else Path(where)
    res = cli("script", str(SPEC), "-o", str(target), "--force")
    assert res.returncode == ExitCode.USAGE, res.stderr
    line = _one_error_line(res.stderr)
    assert "internal error" not in line
    assert str(target) in line


def test_a_long_but_valid_file_name_is_written(cli, tmp_path):
    limit = name_max(tmp_path)
    name = "直" * ((limit - 3) // 3) + ".md"  # multi-byte, a few bytes under NAME_MAX
    assert limit - 4 <= len(name.encode()) <= limit
    res = cli("script", str(SPEC), "-o", str(tmp_path / name))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / name).is_file()
    assert leftovers(tmp_path) == []


def test_a_name_past_name_max_is_a_usage_error(cli, tmp_path):
    name = "a" * (name_max(tmp_path) + 1) + ".md"
    res = cli("script", str(SPEC), "-o", str(tmp_path / name))
    assert res.returncode == ExitCode.USAGE
    assert "file name is" in _one_error_line(res.stderr)


def test_title_derived_names_are_cut_by_bytes_with_room_for_temporaries(tmp_path):
    stem = "超长的中文标题" * 40
    name = fit_name(stem, ".mp4", tmp_path)
    assert name.endswith(".mp4")
    temp_extra = len("..12345678.part.mp4")  # what the temporary sibling name adds
    assert len(name.encode()) + temp_extra <= name_max(tmp_path)
    assert len(name.encode()) >= name_max(tmp_path) - temp_extra - 12  # cut, not emptied
    name.encode().decode("utf-8")  # cut on a character boundary
    with atomic_output(tmp_path / name) as tmp:
        tmp.write_bytes(b"x")
    assert (tmp_path / name).read_bytes() == b"x"


# -- a full disk ---------------------------------------------------------------------------------


def test_script_on_a_full_disk_says_so_and_leaves_nothing(cli):
    with tmpfs("256k") as mnt:
        fill(mnt, leave=2048)
        res = cli("script", str(SPEC), "-o", str(mnt / "show.md"))
        assert res.returncode == ExitCode.IO, res.stderr
        line = _one_error_line(res.stderr)
        assert "no space left on" in line and "needs about" in line
        assert not (mnt / "show.md").exists()
        assert leftovers(mnt) == []


def test_an_oserror_enospc_from_anywhere_maps_to_the_io_exit_code(invoke, monkeypatch):
    import errno

    import livegen.spec as spec_mod

    def boom(path):
        raise OSError(errno.ENOSPC, "No space left on device", "/var/cache/livegen/x")

    monkeypatch.setattr(spec_mod, "load_spec", boom)
    code, _out, err = invoke("script", str(SPEC))
    assert code == ExitCode.IO
    assert "no space left on" in _one_error_line(err)
    assert "internal error" not in err


def test_disk_full_inside_atomic_output_becomes_disk_full_error(tmp_path):
    import errno

    with (
        pytest.raises(DiskFullError, match=r"needs about 3 MB"),
        atomic_output(tmp_path / "out.bin", size_hint=3_000_000),
    ):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.bin").exists()


def test_transcribe_onto_a_full_disk_is_exit_74_not_70(cli, tiny_video):
    with tmpfs("128k") as mnt:
        fill(mnt, leave=512)
        res = cli("transcribe", str(tiny_video), "-o", str(mnt / "t.json"))
        assert res.returncode == ExitCode.IO, res.stderr
        assert "no space left on" in _one_error_line(res.stderr)
        assert sorted(p.name for p in mnt.iterdir()) == [".filler"]


def test_a_full_cache_disk_only_costs_time(monkeypatch):
    from livegen.cache import Cache

    with tmpfs("64k") as mnt:
        fill(mnt)
        cache = Cache(mnt / "cache")
        cache.put_text("transcripts", "k", "x" * 100_000)  # no error: the cache is optional
        assert cache.get_text("transcripts", "k") is None
