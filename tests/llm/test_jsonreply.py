"""Pulling JSON out of what chat models actually send back."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from livegen.llm.jsonreply import (
    ReplyError,
    extract_json,
    parse_reply,
    schema_instructions,
    strip_reasoning,
)


class Offer(BaseModel):
    price: float
    label: str


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        '```json\n{"a": 1}\n```',
        '```\n{"a": 1}\n```\nThat is the object.',
        'Sure! Here it is: {"a": 1} — hope it helps.',
        '{"a": 1}\nLet me know if you need more.',
        '<think>They want {a}. Fine.</think>\n{"a": 1}',
        'Step [1] done, result: {"a": 1}',
        'A stray {brace} first, then {"a": 1}',
    ],
)
def test_the_object_is_found_in_common_answer_shapes(text: str) -> None:
    assert extract_json(text) == {"a": 1}


def test_a_bare_array_is_returned_whole() -> None:
    assert extract_json('[{"a": 1}, {"a": 2}]') == [{"a": 1}, {"a": 2}]


def test_truncated_object_is_reported_not_mined_for_an_inner_object() -> None:
    with pytest.raises(ReplyError, match="not valid JSON"):
        extract_json('{"offer": {"price": 99, "label": "x"}, "titles": [')


def test_answer_without_json_quotes_its_start() -> None:
    with pytest.raises(ReplyError, match=r"holds no JSON object .*'I am sorry"):
        extract_json("I am sorry, I cannot do that.")


def test_empty_answer_and_unfinished_reasoning_are_empty() -> None:
    with pytest.raises(ReplyError, match="was empty"):
        extract_json("   ")
    assert strip_reasoning("<think>still thinking about {x}") == ""


def test_validation_problems_name_each_field() -> None:
    with pytest.raises(ReplyError) as info:
        parse_reply('{"price": "cheap"}', Offer)
    message = str(info.value)
    assert message.startswith("the JSON does not match the Offer schema:")
    assert "price: Input should be a valid number" in message
    assert "label: Field required" in message


def test_instructions_carry_the_schema_and_ask_for_json_only() -> None:
    text = schema_instructions(Offer)
    assert "JSON" in text  # OpenAI's json_object mode refuses prompts without the word
    assert '"required":["price","label"]' in text
