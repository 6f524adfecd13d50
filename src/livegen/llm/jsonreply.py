"""Turning a chat model's free-form answer into validated JSON.

Models answer in many shapes even when told to send bare JSON: Markdown fences, a
sentence before the object, a `<think>` block from reasoning models. Small local models
served by Ollama or llama.cpp do this most. Pulling the object out robustly here keeps
the backend's retry loop for answers that are really wrong.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_-]*)[ \t]*\r?\n(.*?)```", re.DOTALL)

# How much of an unusable answer to quote back in an error message.
_QUOTE = 60
# Validation problems listed before "and N more": enough for the model to fix them all,
# few enough to keep the retry prompt short.
_MAX_PROBLEMS = 8


class ReplyError(ValueError):
    """The answer holds no usable JSON or does not match the schema; `str()` says why."""


def strip_reasoning(text: str) -> str:
    """Drop `<think>…</think>` blocks (DeepSeek-R1, QwQ) and an unclosed leading one."""
    text = _THINK.sub("", text)
    lowered = text.lower()
    if "<think>" in lowered and "</think>" not in lowered:
        text = text[: lowered.index("<think>")]
    return text.strip()


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE else flat[:_QUOTE] + "…"


def _first_json(text: str) -> Any:
    """The whole text as JSON, else the first object (or array) that parses inside it.

    After a failed attempt, openings before the point where it failed are skipped, so a
    truncated answer is reported as broken instead of yielding one of its inner objects.
    """
    decoder = json.JSONDecoder()
    if text[:1] in "{[":
        return decoder.raw_decode(text, 0)[0]  # trailing chatter after the object is ignored
    first_error: json.JSONDecodeError | None = None
    # Objects first: a schema is an object, and prose like "step [1]" must not win.
    for opening in ("{", "["):
        resume = 0
        for match in re.finditer(re.escape(opening), text):
            if match.start() < resume:
                continue
            try:
                value, _end = decoder.raw_decode(text, match.start())
            except json.JSONDecodeError as exc:
                first_error = first_error or exc
                resume = exc.pos
                continue
            return value
    if first_error is None:
        raise ReplyError(f"the answer holds no JSON object (it starts: {_quote(text)!r})")
    raise first_error


def extract_json(text: str) -> Any:
    """The first JSON object or array in `text`, fenced or not, prose around it or not."""
    text = strip_reasoning(text)
    if not text:
        raise ReplyError("the answer was empty")
    candidates = [body.strip() for _lang, body in _FENCE.findall(text)] + [text]
    errors: list[json.JSONDecodeError] = []
    for candidate in candidates:
        try:
            return _first_json(candidate)
        except json.JSONDecodeError as exc:
            errors.append(exc)
        except ReplyError:
            if candidate is text and not errors:
                raise
    err = errors[0]
    raise ReplyError(
        f"the answer is not valid JSON ({err.msg} at line {err.lineno} column {err.colno})"
    )


def describe_validation_error(exc: ValidationError) -> str:
    """One line listing each failing field as `path: problem`."""
    problems = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(p) for p in err.get("loc", ())) or "(top level)"
        problems.append(f"{where}: {err.get('msg', 'invalid')}")
    shown = "; ".join(problems[:_MAX_PROBLEMS])
    if len(problems) > _MAX_PROBLEMS:
        shown += f"; and {len(problems) - _MAX_PROBLEMS} more"
    return shown


def parse_reply(text: str, schema: type[T]) -> T:
    """Extract and validate; every failure becomes a `ReplyError` worth sending back."""
    data = extract_json(text)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise ReplyError(
            f"the JSON does not match the {schema.__name__} schema: "
            f"{describe_validation_error(exc)}"
        ) from exc


def schema_instructions(schema: type[BaseModel]) -> str:
    """System-prompt text that asks for JSON matching `schema` on any server.

    Putting the schema in the prompt (rather than relying on structured-output
    request fields) is what works on servers without them: older vLLM, llama.cpp,
    DashScope's compatible mode and Ollama all read the prompt.
    """
    rendered = json.dumps(schema.model_json_schema(), ensure_ascii=False, separators=(",", ":"))
    return (
        "Answer with exactly one JSON object and nothing else: no explanations, no "
        "Markdown code fences. The object must validate against this JSON Schema:\n"
        f"{rendered}"
    )
