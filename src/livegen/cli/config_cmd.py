"""`livegen config show`: the merged configuration and where each value came from."""

from __future__ import annotations

import json

import typer

from livegen.cli.console import echo, state
from livegen.cli.options import AsJson

app = typer.Typer(help="Show the merged configuration.", no_args_is_help=True)


@app.command("show")
def show(
    as_json: AsJson = False,
) -> None:
    """Print every setting, its value (secrets masked) and its source."""
    rows = state.config().shown()
    if as_json:
        echo(
            json.dumps(
                {k: {"value": v, "source": s} for k, v, s in rows}, ensure_ascii=False, indent=2
            )
        )
        return
    width = max(len(k) for k, _, _ in rows)
    for key, value, source in rows:
        echo(f"{key:<{width}}  {value or '-'}  ({source})")
