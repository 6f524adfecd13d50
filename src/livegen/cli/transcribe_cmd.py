"""`livegen transcribe MEDIA...`: a word-timed transcript plus optional SRT/VTT/TXT."""

from __future__ import annotations

from pathlib import Path

import typer

from livegen.cli.console import echo, reporter, state
from livegen.cli.options import AsJson, Force, MediaFiles, SpokenLanguage, WhisperModel


def _outputs(
    media: list[str], output: str | None, as_json: bool, srt: bool, vtt: bool, txt: bool
) -> tuple[str | None, dict[str, Path]]:
    """(transcript path or '-' or None, {format: path}) decided before any work."""
    first = Path(media[0])
    base_stem = first.name.rsplit(".", 1)[0] if "." in first.name else first.name
    if output is None:
        json_path: str | None = (
            None if as_json else str(first.with_name(f"{base_stem}.transcript.json"))
        )
        side = first.with_name(base_stem)
    elif output == "-":
        json_path = "-"
        side = first.with_name(base_stem)
    else:
        json_path = output
        out = Path(output)
        name = out.name
        for suffix in (".transcript.json", ".json"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        side = out.with_name(name)
    extra = {
        fmt: side.with_name(f"{side.name}.{fmt}")
        for fmt, wanted in (("srt", srt), ("vtt", vtt), ("txt", txt))
        if wanted
    }
    return json_path, extra


def transcribe(
    media: MediaFiles,
    output: str = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Transcript JSON path ('-' = stdout). Default: "
        "<media>.transcript.json beside the first input.",
    ),
    srt: bool = typer.Option(False, "--srt", help="Also write <name>.srt."),
    vtt: bool = typer.Option(False, "--vtt", help="Also write <name>.vtt."),
    txt: bool = typer.Option(False, "--txt", help="Also write <name>.txt (one segment a line)."),
    engine: str = typer.Option(
        None,
        "--engine",
        "-e",
        metavar="E",
        help="faster-whisper (default), openai-whisper or openai-api.",
    ),
    model: WhisperModel = None,
    lang: SpokenLanguage = None,
    spec: str = typer.Option(
        None,
        "--spec",
        metavar="SPEC",
        help="Product spec whose name, brand and keywords bias recognition.",
    ),
    hotwords: str = typer.Option(
        None,
        "--hotwords",
        metavar="W,...",
        help="Comma-separated names to bias recognition towards.",
    ),
    prompt: str = typer.Option(
        None,
        "--prompt",
        metavar="TEXT",
        help="Initial prompt (style/vocabulary hint) for the decoder.",
    ),
    beam: int = typer.Option(None, "--beam", metavar="N", help="Beam size (default 1)."),
    chinese: str = typer.Option(
        None,
        "--chinese",
        metavar="SCRIPT",
        help="Chinese output: simplified (default), traditional or "
        "keep (as decoded); config transcribe.chinese.",
    ),
    as_json: AsJson = False,
    force: Force = False,
    allow_download: bool = typer.Option(
        False, "--allow-download", help="Let faster-whisper fetch weights from the hub."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Neither read nor write the transcript cache."
    ),
) -> None:
    """Transcribe a stream recording into a word-timed transcript (offline by default)."""
    from livegen.artifacts import (
        check_writable,
        is_stdio,
        note_inputs,
        save_artifact,
        to_json,
        write_text,
    )
    from livegen.errors import UsageError
    from livegen.subtitles import build_cues, to_srt, to_txt, to_vtt
    from livegen.transcribe.api import default_options, transcribe_cached

    note_inputs(*media, spec)
    cfg = state.config()
    words: list[str] = []
    prior: str | None = None
    if spec:
        from livegen.spec import load_spec

        loaded = load_spec(spec)
        words += loaded.hotwords()
        prior = loaded.language  # a prior for the language vote, not a forced language
    if hotwords:
        words += [w for w in hotwords.split(",") if w.strip()]
    options = default_options(
        cfg,
        engine=engine,
        model=model,
        language=lang,
        beam_size=beam if beam is not None else 1,
        hotwords=tuple(words),
        initial_prompt=prompt,
        allow_download=allow_download,
        chinese=chinese,
        language_prior=prior,
    )
    json_path, extra = _outputs(media, output, as_json, srt, vtt, txt)
    if as_json and json_path == "-":
        raise UsageError("--json and -o - both print the transcript; use one")
    # Every output must be writable before minutes of decoding start.
    targets = [Path(json_path)] if json_path and not is_stdio(json_path) else []
    targets += list(extra.values())
    if len(set(targets)) != len(targets):
        raise UsageError("two outputs would have the same path; choose -o explicitly")
    for t in targets:
        check_writable(t, force=force)

    transcript = transcribe_cached(media, options, cfg, reporter(), use_cache=not no_cache)

    written: list[str] = []
    if json_path is not None:
        save_artifact(transcript, json_path, force=force)
        if not is_stdio(json_path):
            written.append(json_path)
    cues = build_cues(transcript) if (srt or vtt) else []
    for fmt, path in extra.items():
        if fmt == "srt":
            text = to_srt(cues)
        elif fmt == "vtt":
            text = to_vtt(cues)
        else:
            text = to_txt(transcript)
        write_text(path, text, force=force)
        written.append(str(path))
    if as_json:
        echo(to_json(transcript).rstrip("\n"))
    elif not is_stdio(json_path):
        for p in written:
            echo(p)
