"""`livegen spec init | import | check`: a first spec in minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from livegen.cli.console import echo, info, warn
from livegen.cli.options import Backend, ChatModel, Force, OutputFile
from livegen.errors import UsageError

app = typer.Typer(help="Start, import and check product specs.", no_args_is_help=True)

CATEGORIES = (
    "general",
    "cosmetics",
    "food",
    "electronics",
    "medical",
    "kids",
    "finance",
    "apparel",
    "home",
)


def _write(output: str, text: str, force: bool, inputs: tuple[str, ...] = ()) -> None:
    from livegen.artifacts import is_stdio, write_text

    if is_stdio(output):
        echo(text.rstrip("\n"))
        return
    for source in inputs:
        if Path(source).resolve() == Path(output).resolve():
            raise UsageError(
                f"refusing to write the spec over its input {output}", hint="pass another -o"
            )
    write_text(output, text, force=force)


@app.command("init")
def init(
    category: str = typer.Option(
        "general", "--category", metavar="C", help="Product category: " + ", ".join(CATEGORIES)
    ),
    lang: Annotated[
        str, typer.Option("--lang", "-l", metavar="zh|en", help="Language of the template.")
    ] = "zh",
    output: OutputFile = "-",
    force: Force = False,
) -> None:
    """Write a commented spec template to fill in."""
    from livegen.spec_aliases import canonical
    from livegen.templating import Templates

    language = canonical("language", lang)
    if language not in ("zh", "en"):
        raise UsageError(f"unknown language '{lang}' (known: zh, en)")
    cat = canonical("category", category)
    if cat not in CATEGORIES:
        raise UsageError(f"unknown category '{category}' (known: {', '.join(CATEGORIES)})")
    text = Templates(None).render(f"spec/init.{language}.yaml", {"category": cat})
    _write(output, text, force)


@app.command("import")
def import_(
    brief: str = typer.Argument(
        ..., metavar="BRIEF", help="A brief in another layout: YAML, JSON, Markdown or text."
    ),
    output: OutputFile = "-",
    force: Force = False,
    backend: Backend = None,
    model: ChatModel = None,
) -> None:
    """Convert a merchant's brief into a validated spec, saying what was mapped and guessed."""
    from livegen.artifacts import is_stdio, read_text
    from livegen.spec_import import import_brief, spec_yaml

    source = "<stdin>" if is_stdio(brief) else brief
    suffix = "" if is_stdio(brief) else Path(brief).suffix.lower()
    text = read_text(brief)
    from livegen.cli.script_cmd import _backend

    chat = _backend(backend, model)
    if chat is None:
        spec, result = import_brief(text, source, suffix)
    else:
        from livegen.cli.console import reporter
        from livegen.spec_import_llm import import_with_model
        from livegen.templating import Templates

        spec, result = import_with_model(chat, Templates(None), text, source, suffix, reporter())
    for line in result.mapped:
        info(f"mapped: {line}")
    for line in result.guessed:
        warn(f"guessed {line}")
    for line in result.unplaced:
        warn(f"not placed: {line} (copy it into the spec by hand if it matters)")
    info(
        f"spec import: {len(result.mapped)} mapped, {len(result.guessed)} guessed, "
        f"{len(result.unplaced)} not placed; the spec is valid"
    )
    _write(output, spec_yaml(spec, result, source), force, (brief,))


@app.command("check")
def check(spec: str = typer.Argument(..., metavar="SPEC")) -> None:
    """Validate a spec and list every problem at once."""
    from livegen.spec import load_spec, spec_notes

    product = load_spec(spec)
    for note in spec_notes(product):
        warn(note)
    echo(
        f"{spec}: ok ({len(product.selling_points)} selling points, "
        f"{len(product.personas)} personas, {len(product.faq)} FAQ)"
    )


@app.command("merge")
def merge(
    spec: str = typer.Argument(..., metavar="SPEC", help="The product spec."),
    faq: str = typer.Argument(..., metavar="FAQ", help="FAQ entries (`livegen chat --to-faq`)."),
    output: OutputFile = "-",
    force: Force = False,
) -> None:
    """Add FAQ entries from the chat to a spec; questions it already answers are skipped."""
    import re

    import yaml

    from livegen.artifacts import read_text
    from livegen.errors import SpecError
    from livegen.spec import load_spec, spec_from_data
    from livegen.text import match_key

    def key(question: str) -> str:
        return re.sub(r"[\W_]+", "", match_key(question))

    load_spec(spec)  # a bad spec is reported as usual before anything is merged
    data = yaml.safe_load(read_text(spec)) or {}
    try:
        entries = (yaml.safe_load(read_text(faq)) or {}).get("faq") or []
    except (yaml.YAMLError, AttributeError):
        raise SpecError(
            f"{faq}: not a FAQ file (expected `faq:` with question/answer entries)"
        ) from None
    have = {key(str(q.get("question", ""))) for q in data.get("faq") or []}
    added = skipped = 0
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("question"):
            continue
        if key(str(entry["question"])) in have:
            skipped += 1
            continue
        data.setdefault("faq", []).append(
            {"question": str(entry["question"]), "answer": str(entry.get("answer") or "")}
        )
        have.add(key(str(entry["question"])))
        added += 1
    spec_from_data(dict(data), f"{spec} + {faq}")  # the merged spec must still validate
    info(
        f"merged {added} FAQ entr{'y' if added == 1 else 'ies'} ({skipped} already in the "
        "spec); placeholder answers are skipped by `livegen script` until you fill them"
    )
    _write(
        output,
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
        force,
        (spec, faq),
    )
