"""Optional LLM rerank: the model reads the top windows' transcripts and reorders them.

The offline ranking stands on its own; the rerank only reorders what it was given (unknown
or repeated ids are ignored, forgotten ones keep their offline order after the ranked ones),
so a confused model cannot invent or lose a highlight.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from livegen.llm.base import Message

if TYPE_CHECKING:
    from livegen.llm.base import ChatBackend
    from livegen.schemas.highlights import Highlight


class RankedItem(BaseModel):
    id: int
    reason: str = ""
    title: str = ""
    hook: str = ""


class RerankAnswer(BaseModel):
    ranking: list[RankedItem] = Field(default_factory=list)


SYSTEM = (
    "You are a short-video editor for live-stream commerce. Rank candidate moments from a "
    "stream recording by how well each would work as a standalone 15-60 second short that "
    "sells: a clear selling point, a price or urgency moment, a strong reaction. Answer JSON "
    '{"ranking": [{"id": <int>, "reason": "<one line>", "title": "<short title>", '
    '"hook": "<first line to show>"}]} with every id once, best first. Same language as '
    "the transcripts."
)


def rerank(highlights: list[Highlight], backend: ChatBackend) -> list[Highlight]:
    items = [
        {
            "id": i,
            "start": round(h.start, 1),
            "end": round(h.end, 1),
            "category": h.category,
            "offline_reason": h.reason,
            "transcript": h.text[:1500],
        }
        for i, h in enumerate(highlights)
    ]
    messages = [
        Message("system", SYSTEM),
        Message("user", json.dumps({"candidates": items}, ensure_ascii=False)),
    ]
    answer = backend.complete_json(messages, RerankAnswer, task="rerank")
    order: list[Highlight] = []
    seen: set[int] = set()
    for item in answer.ranking:
        if item.id in seen or not 0 <= item.id < len(highlights):
            continue
        seen.add(item.id)
        h = highlights[item.id].model_copy()
        if item.reason.strip():
            h.reason = " ".join(item.reason.split())
        if item.title.strip():
            h.title = item.title.strip()
        if item.hook.strip():
            h.hook = item.hook.strip()
        order.append(h)
    order += [h for i, h in enumerate(highlights) if i not in seen]
    return order
