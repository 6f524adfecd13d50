"""The chat report written by `livegen chat --format json`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from livegen.schemas.common import Model


class RateBucket(Model):
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    count: int = Field(ge=0)
    ratio: float = 0.0  # count / baseline
    peak: bool = False


class MessageRate(Model):
    bucket_seconds: float = Field(gt=0)
    baseline: float = Field(ge=0)  # median messages per bucket
    buckets: list[RateBucket] = Field(default_factory=list)


class QuestionGroup(Model):
    """Questions that ask the same thing, however they were worded."""

    topic: str  # key from templates/chat/topics.yaml, or "other"
    topic_label: str
    question: str  # the representative wording
    count: int = Field(ge=1)  # messages in the group
    viewers: int = Field(ge=1)
    first: float = Field(ge=0)
    last: float = Field(ge=0)
    variants: list[str] = Field(default_factory=list)  # other wordings, most frequent first
    answered: bool | None = None  # None when no spec was given
    faq_question: str | None = None  # the FAQ entry that answers it
    faq_similarity: float | None = None


class Moment(Model):
    """A burst of purchase intent ("买了", "上链接", "ordered")."""

    start: float = Field(ge=0)
    end: float = Field(ge=0)
    count: int = Field(ge=1)
    peak: float = Field(ge=0)  # time of the busiest second
    examples: list[str] = Field(default_factory=list)


class FlaggedMessage(Model):
    time: float = Field(ge=0)
    user: str = ""
    text: str
    reasons: list[str] = Field(default_factory=list)  # e.g. "price", "contact:wechat", "lint:…"


class ChatReport(Model):
    schema_version: Literal["1"] = "1"
    source: str
    language: Literal["zh", "en"]
    messages: int = Field(ge=0)
    viewers: int = Field(ge=0)
    duration: float = Field(ge=0)
    rate: MessageRate
    question_messages: int = Field(ge=0)
    questions: list[QuestionGroup] = Field(default_factory=list)  # most asked first
    intent_messages: int = Field(ge=0)
    intent_moments: list[Moment] = Field(default_factory=list)
    negative: list[FlaggedMessage] = Field(default_factory=list)
    spam: list[FlaggedMessage] = Field(default_factory=list)
    spec: str | None = None
    notes: list[str] = Field(default_factory=list)
