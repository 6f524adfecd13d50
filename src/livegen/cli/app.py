"""The Typer application: global options and the list of commands.

Each command lives in its own module; this file only wires them together.
"""

from __future__ import annotations

import typer

from livegen import __version__
from livegen.cli import (
    batch_cmd,
    chat_cmd,
    clip_cmd,
    config_cmd,
    doctor_cmd,
    highlights_cmd,
    lint_cmd,
    models_cmd,
    run_cmd,
    script_cmd,
    spec_cmd,
    transcribe_cmd,
)
from livegen.cli.console import state

app = typer.Typer(
    name="livegen",
    help="Live-commerce toolkit: sales scripts before a stream, subtitled clips after it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"livegen {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks (or LIVEGEN_DEBUG=1)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="More detail on stderr."),
    config: str = typer.Option(
        None, "--config", help="Extra livegen.toml to read last.", metavar="FILE"
    ),
) -> None:
    state.debug = state.debug or debug
    state.quiet = quiet
    state.verbose = verbose and not quiet
    state.config_file = config


# Commands in the order a creator and an editor meet them.
script_cmd.register(app)
app.command("lint")(lint_cmd.lint)
app.command("transcribe")(transcribe_cmd.transcribe)
app.command("highlights")(highlights_cmd.highlights)
app.command("clip")(clip_cmd.clip)
app.command("run")(run_cmd.run)
app.command("batch")(batch_cmd.batch)
app.command("chat")(chat_cmd.chat)
app.command("doctor")(doctor_cmd.doctor)
app.add_typer(models_cmd.app, name="models")
app.add_typer(config_cmd.app, name="config")
app.add_typer(spec_cmd.app, name="spec")
