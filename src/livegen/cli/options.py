"""The options several commands share, declared once: flag names, short flags, help.

Each alias is an `Annotated` type carrying its `typer.Option`; a command writes
`chat: ChatLog = None` and keeps only its own default. So `--top` reads the same in
`highlights`, `clip`, `run` and `batch`, and a short flag means one thing everywhere:
`-p` is `--platform`, `-l` `--lang`, `-m` `--model`, `-n` `--top`/`--count`, `-o` the
output, `-f` `--force` (`lint` alone keeps `-f` for its `--format`, and has no --force).

Only typer and typing are imported here: `livegen --help` loads every command module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

# -- the recording and the inputs beside it -------------------------------------------------
MediaFiles = Annotated[
    list[str],
    typer.Argument(metavar="MEDIA", help="The recording (several files = parts of one stream)."),
]
ChatLog = Annotated[
    str | None,
    typer.Option("--chat", metavar="LOG", help="Comment log (JSONL or CSV: time, user, text)."),
]
SalesExport = Annotated[
    str | None,
    typer.Option(
        "--sales", metavar="FILE", help="Sales export (CSV/JSONL: time + orders|add_to_cart|gmv)."
    ),
]
ProductSpecs = Annotated[
    list[str] | None,
    typer.Option("--spec", metavar="SPEC", help="Product spec or product list (repeatable)."),
]
TranscriptIn = Annotated[
    str | None,
    typer.Option(
        "--transcript",
        "-t",
        metavar="T",
        help="Transcript JSON from `livegen transcribe` (- = stdin).",
    ),
]
HighlightsIn = Annotated[
    str | None,
    typer.Option(
        "--highlights", metavar="H", help="Highlights JSON from `livegen highlights` (- = stdin)."
    ),
]

# -- transcription --------------------------------------------------------------------------
SpokenLanguage = Annotated[
    str | None,
    typer.Option(
        "--lang", "-l", metavar="L", help="Spoken language: zh, en, ... (default: detected)."
    ),
]
WhisperModel = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        metavar="M",
        help="Speech model: base, tiny.en, a CTranslate2 folder or an API model "
        "(default: config transcribe.model, base).",
    ),
]

# -- highlights and clips -------------------------------------------------------------------
_TOP = typer.Option("--top", "-n", metavar="N", help="How many of the best highlights to keep.")
Top = Annotated[int, _TOP]
TopOrAll = Annotated[int | None, _TOP]  # None: every highlight
ClipPlatform = Annotated[
    str | None,
    typer.Option(
        "--platform",
        "-p",
        metavar="P",
        help="Clip preset: douyin, tiktok, reels, shorts, xiaohongshu, wechat-channels, square, "
        "youtube... (default: config clip.platform, douyin).",
    ),
]
Reframe = Annotated[
    str,
    typer.Option("--reframe", metavar="face|center|blur", help="How landscape becomes vertical."),
]
Size = Annotated[
    str | None,
    typer.Option("--size", metavar="WxH", help="Override the clip size of the platform preset."),
]
Aspect = Annotated[
    str | None,
    typer.Option("--aspect", metavar="W:H", help="Override the aspect of the platform preset."),
]
Subtitles = Annotated[
    str,
    typer.Option(
        "--subtitles",
        metavar="burn|srt|none",
        help="Burn captions in (plus SRT), SRT only, or none.",
    ),
]
SubtitleStyle = Annotated[
    str | None,
    typer.Option(
        "--subtitle-style",
        metavar="S",
        help="outline|box[,karaoke][,size=N][,pos=bottom|middle|top][,color=RRGGBB]"
        "[,highlight=RRGGBB]",
    ),
]
TitleCard = Annotated[
    bool,
    typer.Option(
        "--title-card/--no-title-card", help="Show the highlight's title for the first seconds."
    ),
]
AiLabel = Annotated[
    bool,
    typer.Option(
        "--ai-label",
        help="Add a visible 'AI-generated' label (the container metadata always carries it).",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", metavar="N", help="Clips rendered in parallel (default fits the cores)."
    ),
]
Exports = Annotated[
    list[str] | None,
    typer.Option(
        "--export",
        metavar="fcpxml|edl|otio",
        help="Also write the clip ranges as an editor timeline (repeatable: several formats).",
    ),
]

# -- outputs --------------------------------------------------------------------------------
_OUT_HELP = "Folder for every output (created if missing)."
OutDir = Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help=_OUT_HELP)]
# `livegen clip` named it --out-dir first; both spellings work there.
ClipOutDir = Annotated[
    Path, typer.Option("--out-dir", "--out", "-o", metavar="DIR", help=_OUT_HELP)
]
OutputFile = Annotated[
    str, typer.Option("--output", "-o", metavar="FILE", help="Where to write ('-' = stdout).")
]
Force = Annotated[
    bool,
    typer.Option(
        "--force", "-f", help="Overwrite existing outputs, even ones livegen did not write."
    ),
]
AsJson = Annotated[
    bool, typer.Option("--json", help="Print the result as JSON on stdout (for pipes).")
]

# -- the pre-stream commands (script, titles, cta, templates) -------------------------------
SPEC_HELP = "Product spec (YAML, JSON or TOML); '-' reads stdin."
SpecArg = Annotated[str, typer.Argument(metavar="SPEC", help=SPEC_HELP)]
StreamPlatform = Annotated[
    str | None,
    typer.Option(
        "--platform",
        "-p",
        metavar="P",
        help="douyin|taobao|kuaishou|tiktok|youtube|wechat (default: spec).",
    ),
]
OutputLanguage = Annotated[
    str | None,
    typer.Option("--lang", "-l", metavar="zh|en", help="Output language (default: spec)."),
]
Persona = Annotated[
    list[str] | None,
    typer.Option(
        "--persona", metavar="NAME", help="Audience persona from the spec; repeat for several."
    ),
]
Style = Annotated[
    str | None,
    typer.Option(
        "--style",
        metavar="promo|story|knowledge",
        help="Hard sell, storytelling or knowledge sharing (default: spec).",
    ),
]
Backend = Annotated[
    str | None,
    typer.Option(
        "--backend",
        metavar="auto|offline|openai",
        help="auto = openai when an endpoint or key is configured, else the offline composer.",
    ),
]
ChatModel = Annotated[
    str | None, typer.Option("--model", "-m", metavar="NAME", help="Chat model name (LLM backend).")
]
Seed = Annotated[
    int, typer.Option("--seed", help="Wording varies with the seed; same seed, same text.")
]
DryRunPrompts = Annotated[
    bool,
    typer.Option("--dry-run", help="Print the rendered LLM prompt(s) to stdout and call nothing."),
]
TemplatesDir = Annotated[
    str | None,
    typer.Option(
        "--templates", metavar="DIR", help="Your template folder, searched before the built-in one."
    ),
]
NoLabel = Annotated[
    bool, typer.Option("--no-label", help="Leave out the visible AI-generated label line.")
]
NoFix = Annotated[
    bool,
    typer.Option(
        "--no-fix",
        help="Keep an LLM's flagged lines as drafted instead of asking it once to "
        "rewrite them (they are still reported).",
    ),
]
FailOn = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        metavar="SEVERITY",
        help="Exit 1 (after writing) when lint findings at least this severe remain: "
        "error | warning | info.",
    ),
]
VariantFormat = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="text|json|csv",
        help="Numbered text, JSON list or CSV for an A/B sheet.",
    ),
]
Excel = Annotated[bool, typer.Option("--excel", help="CSV for Excel: BOM and CRLF lines.")]
