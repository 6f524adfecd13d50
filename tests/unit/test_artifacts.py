"""Outputs are atomic, never clobber without force, and artifacts check their version."""

from __future__ import annotations

import json

import pytest

from livegen.artifacts import atomic_output, load_artifact, write_text
from livegen.errors import ArtifactError, OutputExistsError
from livegen.schemas.highlights import Highlights


def test_existing_output_is_not_overwritten_without_force(tmp_path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    with pytest.raises(OutputExistsError):
        write_text(target, "new")
    assert target.read_text() == "keep me"
    write_text(target, "new", force=True)
    assert target.read_text() == "new"


def test_interrupted_write_leaves_no_file(tmp_path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as tmp:
        tmp.write_text("half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_stop_right_after_the_temporary_is_created_leaves_nothing_after_shutdown(
    tmp_path, monkeypatch
) -> None:
    """A signal lands between bytecodes: here just after the temporary exists, before the
    writer's own clean-up is in force. The boundary's shutdown must still remove it."""
    import os

    from livegen import signals

    real_close = os.close

    def stop_after_close(fd: int) -> None:
        real_close(fd)
        raise signals.Stop(15)

    monkeypatch.setattr(os, "close", stop_after_close)
    with pytest.raises(signals.Stop), atomic_output(tmp_path / "state.json"):
        pass
    monkeypatch.setattr(os, "close", real_close)
    signals.remove_temporaries()
    assert list(tmp_path.iterdir()) == []


def test_a_stop_during_the_clean_up_leaves_the_temporary_to_shutdown(tmp_path, monkeypatch) -> None:
    from pathlib import Path

    from livegen import signals

    real_unlink = Path.unlink
    calls = []

    def stop_in_unlink(self: Path, missing_ok: bool = False) -> None:
        calls.append(self)
        if len(calls) == 1:
            raise signals.Stop(15)
        real_unlink(self, missing_ok=missing_ok)

    with pytest.raises(signals.Stop), atomic_output(tmp_path / "state.json") as tmp:
        tmp.write_text("half")
        monkeypatch.setattr(Path, "unlink", stop_in_unlink)
        raise ValueError("writer failed")
    monkeypatch.setattr(Path, "unlink", real_unlink)
    signals.remove_temporaries()
    assert list(tmp_path.iterdir()) == []


def test_unknown_schema_version_is_rejected_by_name(tmp_path) -> None:
    f = tmp_path / "h.json"
    f.write_text(json.dumps({"schema_version": "99", "media": [], "duration": 0}))
    with pytest.raises(ArtifactError, match="schema_version '99' is not supported"):
        load_artifact(f, Highlights, kind="highlights file")


def test_invalid_artifact_names_the_field(tmp_path) -> None:
    f = tmp_path / "h.json"
    f.write_text(json.dumps({"schema_version": "1", "media": [], "duration": -3}))
    with pytest.raises(ArtifactError, match="field 'duration'"):
        load_artifact(f, Highlights, kind="highlights file")


def test_finished_outputs_get_the_usual_file_mode_not_private(tmp_path) -> None:
    import os

    current = os.umask(0o022)
    try:
        target = tmp_path / "clip.srt"
        write_text(target, "1\n")
        assert target.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(current)
