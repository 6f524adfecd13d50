"""The one ffmpeg command that turns a range of the recording into a finished clip.

`-ss` before `-i` seeks fast to the keyframe and then decodes accurately to the exact
time, `-t` bounds the output, one filter graph reframes, burns the captions with libass
and normalises loudness, and x264/AAC write a `+faststart` MP4 that phones start
playing before it has fully downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from livegen.clip.reframe import ReframePlan
from livegen.platforms import Platform

AIGC_NOTE = "AIGC: livegen; subtitles and title AI-generated"


def escape_filter_value(value: str) -> str:
    """Escape a file path for use as a filter option inside a filter graph.

    Two levels, as ffmpeg parses them: the option value (`\\`, `'`, `:`), then the graph
    (`\\`, `'`, `[`, `]`, `,`, `;`).
    """
    level1 = value.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")
    out = []
    for ch in level1:
        if ch in "\\'[],;":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class RenderJob:
    src: str
    start: float  # in this file's own timeline
    duration: float
    out: str
    platform: Platform
    reframe: ReframePlan
    ass: str | None = None
    has_audio: bool = True
    crf: int = 21
    preset: str = "veryfast"
    threads: int = 0
    title: str = ""


def video_filters(job: RenderJob) -> str:
    chain = job.reframe.filter()
    if job.ass:
        chain += f",ass=filename={escape_filter_value(job.ass)}"
    chain += f",fps={job.platform.fps},format=yuv420p"
    return f"[0:v]{chain}[v]"


def audio_filters(job: RenderJob) -> str:
    # Single-pass loudnorm: within about 1 LU of the target on speech; a two-pass
    # measurement would double the decode for little audible gain on short clips.
    p = job.platform
    return (f"[0:a]loudnorm=I={p.loudness:g}:TP=-1.5:LRA=11,"
            f"aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a]")


def bufsize(bitrate: str) -> str:
    num = bitrate.rstrip("kKmM")
    unit = bitrate[len(num):]
    try:
        return f"{float(num) * 2:g}{unit}"
    except ValueError:
        return bitrate


def ffmpeg_args(job: RenderJob) -> list[str]:
    """Arguments after the ffmpeg binary (run_ffmpeg adds `-y -nostdin -hide_banner`)."""
    graph = video_filters(job)
    if job.has_audio:
        graph += ";" + audio_filters(job)
    args = ["-ss", f"{job.start:.3f}", "-i", job.src]
    if not job.has_audio:
        # Short-video apps treat a clip without an audio track as broken: add silence.
        args += ["-f", "lavfi", "-t", f"{job.duration:.3f}",
                 "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"]
    args += ["-t", f"{job.duration:.3f}", "-filter_complex", graph, "-map", "[v]",
             "-map", "[a]" if job.has_audio else "1:a"]
    p = job.platform
    args += ["-c:v", "libx264", "-preset", job.preset, "-crf", str(job.crf),
             "-maxrate", p.video_bitrate, "-bufsize", bufsize(p.video_bitrate),
             "-pix_fmt", "yuv420p", "-r", str(p.fps), "-g", str(p.fps * 2)]
    if job.threads:
        args += ["-threads", str(job.threads)]
    args += ["-c:a", "aac", "-b:a", "128k", "-ar", "48000"]
    args += ["-movflags", "+faststart",
             "-metadata", f"comment={AIGC_NOTE}",
             "-metadata", f"description={AIGC_NOTE}",
             "-metadata", "encoded_by=livegen"]
    if job.title:
        args += ["-metadata", f"title={job.title}"]
    args += ["-f", "mp4", job.out]
    return args
