"""Titles, hooks and the optional LLM rerank (with an in-process fake backend)."""

from __future__ import annotations

import json

from livegen.highlights.api import Options, find_highlights
from livegen.highlights.rerank import RerankAnswer
from livegen.schemas.transcript import Transcript


class FakeBackend:
    """Answers the rerank call by reversing the order; remembers what it was asked."""

    name = "fake"
    model = "fake-1"

    def __init__(self, answer: dict | None = None) -> None:
        self.calls: list[tuple[list, str]] = []
        self.answer = answer

    def complete_json(self, messages, schema, *, task):
        self.calls.append((messages, task))
        cands = json.loads(messages[-1].content)["candidates"]
        data = self.answer or {
            "ranking": [
                {"id": c["id"], "reason": f"reason {c['id']}", "title": f"T{c['id']}"}
                for c in reversed(cands)
            ]
        }
        return schema.model_validate(data)

    def complete_text(self, messages, *, task):
        return ""


def _transcript(rec) -> Transcript:
    return Transcript.model_validate_json(rec.transcript.read_text())


def test_llm_rerank_reorders_the_top_windows_with_a_reason_each(rec) -> None:
    opts = Options(top=4, visual=False)
    offline = find_highlights([rec.media], _transcript(rec), options=opts).result
    backend = FakeBackend()
    ranked = find_highlights([rec.media], _transcript(rec), options=opts, backend=backend).result
    assert [h.start for h in ranked.highlights] == [h.start for h in offline.highlights][::-1]
    assert [h.reason for h in ranked.highlights] == ["reason 3", "reason 2", "reason 1", "reason 0"]
    assert ranked.highlights[0].title == "T3"
    assert backend.calls[0][1] == "rerank"
    assert "Aqua Serum" in backend.calls[0][0][-1].content  # transcripts are sent
    assert ranked.generated_by.backend == "fake" and ranked.generated_by.model == "fake-1"


def test_rerank_cannot_invent_or_lose_highlights(rec) -> None:
    opts = Options(top=3, visual=False)
    backend = FakeBackend({"ranking": [{"id": 2, "reason": "best"}, {"id": 2}, {"id": 9}]})
    offline = find_highlights([rec.media], _transcript(rec), options=opts).result
    ranked = find_highlights([rec.media], _transcript(rec), options=opts, backend=backend).result
    starts = [h.start for h in offline.highlights]
    assert [h.start for h in ranked.highlights] == [starts[2], starts[0], starts[1]]
    assert ranked.highlights[0].reason == "best"
    assert RerankAnswer.model_validate({"ranking": []}).ranking == []


def test_cli_rerank_uses_the_configured_backend(invoke, rec, tmp_path, monkeypatch) -> None:
    import livegen.llm

    backend = FakeBackend()
    monkeypatch.setattr(livegen.llm, "get_backend", lambda name, config, **kw: backend)
    code, out, err = invoke(
        "highlights",
        str(rec.media),
        "-t",
        str(rec.transcript),
        "--rerank",
        "llm",
        "--top",
        "3",
        "--no-visual",
        "--json",
        "-o",
        str(tmp_path / "h.json"),
    )
    assert code == 0, err
    assert [h["reason"] for h in json.loads(out)["highlights"]] == [
        "reason 2",
        "reason 1",
        "reason 0",
    ]


def test_chinese_transcript_gets_chinese_cues_and_titles(rec) -> None:
    zh = [
        ("家人们晚上好，欢迎来到直播间", 5.0),
        ("今天天气不错", 10.0),
        ("你们看这个质地，特别保湿，吸收很快", 115.0),
        ("原价一百九十九，今天到手价只要九十九", 119.0),
        ("上链接！赶紧拍，库存只有五十单，三二一", 124.0),
        ("我们先喝口水", 129.0),
        ("聊聊别的", 150.0),
        ("随便说说", 160.0),
    ]
    segs = [{"id": i, "start": t, "end": t + 3.5, "text": x} for i, (x, t) in enumerate(zh)]
    tr = Transcript.model_validate(
        {
            "schema_version": "1",
            "media": [],
            "duration": 240.0,
            "language": "zh",
            "engine": "test",
            "model": "test",
            "segments": segs,
        }
    )
    result = find_highlights(
        [rec.audio_only], tr, options=Options(top=2, min_seconds=10, max_seconds=20)
    ).result
    best = result.highlights[0]
    assert best.start == 115.0 and best.end == 127.5
    assert best.category in ("selling_point", "urgency_cta", "price_offer")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in best.title)
    assert " " not in best.text  # Chinese sentences are joined without spaces
    assert best.hook in best.text
