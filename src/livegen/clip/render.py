"""The one ffmpeg command that turns a range of the recording into a finished clip.

`-ss` before `-i` seeks fast to the keyframe and then decodes accurately to the exact
time, `-t` bounds the output, one filter graph reframes, burns the captions with libass
and normalises loudness, and x264/AAC write a `+faststart` MP4 that phones start
playing before it has fully downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    # (file, start in it, duration) of each fragment when the clip crosses fragments of
    # one stream; empty for the usual single-file clip (src/start/duration).
    parts: list[tuple[str, float, float]] = field(default_factory=list)
    src_width: int = 0  # of the first part: later parts are scaled to it before joining
    src_height: int = 0


def video_filters(job: RenderJob, source: str = "[0:v]") -> str:
    chain = job.reframe.filter()
    if job.ass:
        chain += f",ass=filename={escape_filter_value(job.ass)}"
    chain += f",fps={job.platform.fps},format=yuv420p"
    return f"{source}{chain}[v]"


def audio_filters(job: RenderJob, source: str = "[0:a]") -> str:
    # Single-pass loudnorm: within about 1 LU of the target on speech; a two-pass
    # measurement would double the decode for little audible gain on short clips.
    p = job.platform
    return (
        f"{source}loudnorm=I={p.loudness:g}:TP=-1.5:LRA=11,"
        f"aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a]"
    )


def concat_filters(job: RenderJob) -> str:
    """Join the parts into [cv] (and [ca]): same size, rate and layout first, as concat
    needs; the fragments of one stream normally match already, so this costs little."""
    n = len(job.parts)
    w, h, fps = job.src_width, job.src_height, job.platform.fps
    steps = []
    labels = ""
    for i in range(n):
        video = f"[{i}:v]"
        if w and h:
            video += (
                f"scale={w}:{h}:force_original_aspect_ratio=decrease,"
                f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,"
            )
        steps.append(f"{video}setsar=1,fps={fps},format=yuv420p[v{i}]")
        labels += f"[v{i}]"
        if job.has_audio:
            steps.append(
                f"[{i}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a{i}]"
            )
            labels += f"[a{i}]"
    outs = "[cv][ca]" if job.has_audio else "[cv]"
    steps.append(f"{labels}concat=n={n}:v=1:a={int(job.has_audio)}{outs}")
    return ";".join(steps)


def bufsize(bitrate: str) -> str:
    num = bitrate.rstrip("kKmM")
    unit = bitrate[len(num) :]
    try:
        return f"{float(num) * 2:g}{unit}"
    except ValueError:
        return bitrate


def ffmpeg_args(job: RenderJob) -> list[str]:
    """Arguments after the ffmpeg binary (run_ffmpeg adds `-y -nostdin -hide_banner`)."""
    if len(job.parts) > 1:
        graph = concat_filters(job) + ";" + video_filters(job, "[cv]")
        if job.has_audio:
            graph += ";" + audio_filters(job, "[ca]")
        args = []
        for src, start, duration in job.parts:  # input -ss/-t: exact, decoded times
            args += ["-ss", f"{start:.3f}", "-t", f"{duration:.3f}", "-i", src]
        silence = len(job.parts)
    else:
        graph = video_filters(job)
        if job.has_audio:
            graph += ";" + audio_filters(job)
        args = ["-ss", f"{job.start:.3f}", "-i", job.src]
        silence = 1
    if not job.has_audio:
        # Short-video apps treat a clip without an audio track as broken: add silence.
        args += [
            "-f",
            "lavfi",
            "-t",
            f"{job.duration:.3f}",
            "-i",
            "anullsrc=channel_layout=stereo:sample_rate=48000",
        ]
    args += [
        "-t",
        f"{job.duration:.3f}",
        "-filter_complex",
        graph,
        "-map",
        "[v]",
        "-map",
        "[a]" if job.has_audio else f"{silence}:a",
    ]
    p = job.platform
    args += [
        "-c:v",
        "libx264",
        "-preset",
        job.preset,
        "-crf",
        str(job.crf),
        "-maxrate",
        p.video_bitrate,
        "-bufsize",
        bufsize(p.video_bitrate),
        "-pix_fmt",
        "yuv420p",
        "-r",
        str(p.fps),
        "-g",
        str(p.fps * 2),
    ]
    if job.threads:
        args += ["-threads", str(job.threads)]
    args += ["-c:a", "aac", "-b:a", "128k", "-ar", "48000"]
    args += [
        "-movflags",
        "+faststart",
        "-metadata",
        f"comment={AIGC_NOTE}",
        "-metadata",
        f"description={AIGC_NOTE}",
        "-metadata",
        "encoded_by=livegen",
    ]
    if job.title:
        args += ["-metadata", f"title={job.title}"]
    args += ["-f", "mp4", job.out]
    return args
