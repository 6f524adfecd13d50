"""Write the clip ranges as a timeline on the original recording for an editor.

OpenTimelineIO builds the timeline for `otio` and, through the `otio-cmx3600-adapter`
plugin (split out of OTIO in 0.17; in livegen's `media` extra), the CMX 3600 `edl`.
FCPXML is written here directly as version 1.10, what current Final Cut Pro writes
(library > event > project > sequence > spine of asset-clips; each asset's file in a
`<media-rep>` child, its audio channel count and rate as probed): the
`otio-fcpx-xml-adapter` plugin writes 1.8 with every clip duplicated into a lane, which
Final Cut and Resolve import poorly, so it is not used for writing.
Times are rational at the recording's frame rate, so every cut lands on a frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livegen.errors import DependencyError, UsageError

FORMATS = {
    "otio": ("otio_json", ".otio"),
    "fcpxml": ("fcpx_xml", ".fcpxml"),
    "edl": ("cmx_3600", ".edl"),
}
FCPXML_VERSION = "1.10"
HINT = "pip install 'livegen[media]' (opentimelineio and otio-cmx3600-adapter)"


def to_frames(seconds: float, rate: float) -> int:
    """Nearest frame, halves rounded up (Python's round() would send 262.5 to 262)."""
    return math.floor(seconds * rate + 0.5 + 1e-9)


@dataclass
class ExportClip:
    name: str
    media: str  # absolute path of the source file
    media_duration: float
    start: float  # in that file
    end: float
    width: int = 1920
    height: int = 1080
    has_audio: bool = True
    audio_channels: int = 2  # as probed: a mono recording says 1
    audio_rate: int = 48000


def build_timeline(clips: list[ExportClip], *, name: str, fps: float):  # type: ignore[no-untyped-def]
    try:
        import opentimelineio as otio
    except ImportError:
        raise DependencyError("opentimelineio is not installed", hint=HINT) from None
    rate = round(fps) if abs(fps - round(fps)) < 0.01 else fps
    timeline = otio.schema.Timeline(name=name)
    timeline.global_start_time = otio.opentime.RationalTime(0, rate)
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    timeline.tracks.append(track)
    timeline.tracks.append(audio)
    refs: dict[str, object] = {}
    for c in clips:
        start = otio.opentime.RationalTime(to_frames(c.start, rate), rate)
        end = otio.opentime.RationalTime(to_frames(c.end, rate), rate)
        rng = otio.opentime.TimeRange(start_time=start, duration=end - start)
        for tr in (track, audio):
            if c.media not in refs:
                refs[c.media] = otio.opentime.TimeRange(
                    otio.opentime.RationalTime(0, rate),
                    otio.opentime.RationalTime(to_frames(c.media_duration, rate), rate),
                )
            ref = otio.schema.ExternalReference(
                target_url=Path(c.media).resolve().as_uri(), available_range=refs[c.media]
            )
            tr.append(otio.schema.Clip(name=c.name, media_reference=ref, source_range=rng))
    return timeline


def write_timeline(
    clips: list[ExportClip], path: Path, fmt: str, *, name: str, fps: float, force: bool = False
) -> Path:
    """Write the timeline atomically as `fmt` (otio | fcpxml | edl)."""
    if fmt not in FORMATS:
        raise UsageError(f"--export: unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    import opentimelineio as otio

    from livegen.artifacts import atomic_output

    adapter, _ = FORMATS[fmt]
    if fmt == "fcpxml":
        text = fcpxml_text(clips, name=name, fps=fps)
        with atomic_output(path, force=force) as tmp:
            tmp.write_text(text, encoding="utf-8")
        return path
    timeline = build_timeline(clips, name=name, fps=fps)
    if fmt == "edl":
        # CMX 3600 has a single video track; the audio follows the video edits.
        timeline.tracks[:] = [timeline.tracks[0]]
    try:
        text = otio.adapters.write_to_string(timeline, adapter_name=adapter)
    except (
        otio.exceptions.NoKnownAdapterForExtensionError,
        otio.exceptions.AdapterDoesntSupportFunctionError,
        ValueError,
    ) as exc:
        raise DependencyError(f"OpenTimelineIO cannot write {fmt}: {exc}", hint=HINT) from None
    with atomic_output(path, force=force) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def export_suffix(fmt: str) -> str:
    return FORMATS[fmt][1]


def frame_duration(fps: float) -> tuple[int, int]:
    """(numerator, denominator) of one frame in seconds; NTSC rates use 1001."""
    for nominal in (24, 30, 60):
        if abs(fps - nominal * 1000 / 1001) < 0.01:
            return 1001, nominal * 1000
    return 1, max(1, round(fps))


def fcpxml_time(seconds: float, fps: float) -> str:
    num, den = frame_duration(fps)
    frames = to_frames(seconds, den / num)
    if frames == 0:
        return "0s"
    return f"{frames * num}/{den}s"


def fcpxml_text(clips: list[ExportClip], *, name: str, fps: float) -> str:
    import xml.etree.ElementTree as ET

    num, den = frame_duration(fps)
    root = ET.Element("fcpxml", version=FCPXML_VERSION)
    resources = ET.SubElement(root, "resources")
    first = clips[0] if clips else ExportClip("", "", 0, 0, 0)
    rate_name = round(fps * 100) if num == 1001 else round(fps)
    ET.SubElement(
        resources,
        "format",
        id="r1",
        frameDuration=f"{num}/{den}s",
        width=str(first.width),
        height=str(first.height),
        name=f"FFVideoFormat{first.height}p{rate_name}",
    )
    assets: dict[str, str] = {}
    for c in clips:
        if c.media in assets:
            continue
        rid = f"r{len(assets) + 2}"
        assets[c.media] = rid
        audio: dict[str, Any] = (
            {
                "audioSources": "1",
                "audioChannels": str(max(1, c.audio_channels)),
                "audioRate": str(c.audio_rate or 48000),
            }
            if c.has_audio
            else {}
        )
        asset = ET.SubElement(
            resources,
            "asset",
            id=rid,
            name=Path(c.media).stem,
            start="0s",
            duration=fcpxml_time(c.media_duration, fps),
            hasVideo="1",
            hasAudio="1" if c.has_audio else "0",
            format="r1",
            **audio,
        )
        ET.SubElement(
            asset, "media-rep", kind="original-media", src=Path(c.media).resolve().as_uri()
        )
    library = ET.SubElement(root, "library")
    event = ET.SubElement(library, "event", name=name)
    project = ET.SubElement(event, "project", name=name)
    total = sum(to_frames(c.end, den / num) - to_frames(c.start, den / num) for c in clips)
    sequence = ET.SubElement(
        project,
        "sequence",
        format="r1",
        duration=f"{total * num}/{den}s" if total else "0s",
        tcStart="0s",
        tcFormat="NDF",
        audioLayout="stereo",
        audioRate="48k",
    )
    spine = ET.SubElement(sequence, "spine")
    offset = 0
    for c in clips:
        f0, f1 = to_frames(c.start, den / num), to_frames(c.end, den / num)
        ET.SubElement(
            spine,
            "asset-clip",
            ref=assets[c.media],
            name=c.name,
            offset=f"{offset * num}/{den}s" if offset else "0s",
            start=f"{f0 * num}/{den}s" if f0 else "0s",
            duration=f"{(f1 - f0) * num}/{den}s",
            format="r1",
            tcFormat="NDF",
        )
        offset += f1 - f0
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n\n' + body + "\n"
