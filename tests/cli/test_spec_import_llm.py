"""`livegen spec import` completed by a chat model, over a real OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.llm.fake_openai import FakeOpenAIServer, chat, chat_json

from livegen.progress import NullReporter

BRIEF = """\
山茶花面霜 直播简报

品牌：素研
日常价：199元，直播间到手价：139元

卖点：
1. 24小时长效保湿：涂一次管一天
2. 质地清爽不黏腻

我们的客户大多是在空调房里待一整天的上班族，下午脸就发干起皮；还有换季容易泛红的学生。
主播不要说"三天祛痘"，也别说"医学级"。
"""


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as s:
        yield s


def _draft(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "山茶花面霜",
        "brand": "素研",
        "price": 199,
        "promo_price": 139,
        "selling_points": [
            {"title": "24小时长效保湿", "detail": "涂一次管一天", "demo": "手背涂抹后测水分"},
            {"title": "质地清爽不黏腻"},
        ],
        "personas": [
            {"name": "空调房上班族", "pains": ["下午脸发干起皮"], "priorities": ["24小时长效保湿"]},
            {"name": "换季泛红的学生", "pains": ["换季泛红"]},
        ],
        "forbidden_claims": ["三天祛痘", "医学级"],
        "category": "cosmetics",
    }
    base.update(extra)
    return base


def _import(server: FakeOpenAIServer, text: str = BRIEF):  # type: ignore[no-untyped-def]
    from livegen.llm.openai_backend import OpenAIBackend
    from livegen.spec_import_llm import import_with_model
    from livegen.templating import Templates

    reporter = NullReporter()
    backend = OpenAIBackend(
        base_url=server.base_url,
        api_key="sk-test",
        model="fake-model",
        max_retries=0,
        sleep=lambda s: None,
    )
    spec, result = import_with_model(backend, Templates(None), text, "brief.txt", ".txt", reporter)
    return spec, result, reporter


def test_the_model_gets_the_brief_and_the_field_list(server) -> None:
    server.queue(chat_json(_draft()))
    _import(server)
    request = server.chat_requests[0]
    user = request.last_user_message
    assert "日常价：199元" in user  # the brief itself
    assert "- selling_points: list[SellingPoint] (required)" in user
    assert "- personas[].pains: list[str]" in user
    assert "- offer.coupon: str" in user


def test_the_model_fills_what_the_offline_mapper_missed(server) -> None:
    from livegen.spec_import import import_brief

    offline_spec, _ = import_brief(BRIEF, "brief.txt", ".txt")
    server.queue(chat_json(_draft()))
    spec, result, _ = _import(server)
    assert {p.name for p in spec.personas} >= {"空调房上班族", "换季泛红的学生"}
    assert "医学级" in spec.forbidden_claims and "三天祛痘" in spec.forbidden_claims
    assert spec.price == 199 and spec.promo_price == 139
    titles = [p.title for p in spec.selling_points]
    assert any("24小时长效保湿" in t for t in titles)
    assert len(spec.personas) > len(offline_spec.personas)
    assert any("the model" in line for line in result.mapped)


def test_numbers_the_brief_does_not_say_are_left_out(server) -> None:
    server.queue(
        chat_json(_draft(price=259, promo_price=99, offer={"stock": 5000, "coupon": "满199减20"}))
    )
    spec, result, _ = _import(server)
    assert spec.price != 259 and spec.promo_price != 99  # never the model's own numbers
    assert spec.offer.stock is None
    assert any(g.startswith("price: the model said 259") for g in result.guessed)
    assert any("offer.stock" in g and "does not say" in g for g in result.guessed)


def test_an_unusable_answer_falls_back_to_the_offline_mapping(server) -> None:
    from livegen.spec_import import import_brief

    server.queue(chat("no JSON here"), chat("still no JSON"))
    spec, _result, reporter = _import(server)
    offline, _ = import_brief(BRIEF, "brief.txt", ".txt")
    assert spec == offline
    assert any("using the offline mapping" in w for w in reporter.warnings)


def test_a_draft_that_breaks_validation_falls_back_to_the_offline_mapping(server) -> None:
    server.queue(chat_json(_draft(platform="myspace", language="klingon")))
    spec, _, reporter = _import(server)
    assert spec.platform == "douyin" and spec.language == "zh"
    assert any("do not validate" in w for w in reporter.warnings)


def test_cli_imports_through_the_model_when_one_is_configured(server, cli, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF, encoding="utf-8")
    out = tmp_path / "spec.yaml"
    server.queue(chat_json(_draft()))
    res = cli(
        "spec",
        "import",
        str(brief),
        "-o",
        str(out),
        env={
            "LIVEGEN_BASE_URL": server.base_url,
            "LIVEGEN_MODEL": "m",
            "LIVEGEN_API_KEY": "sk-test",
        },
    )
    assert res.returncode == 0, res.stderr
    assert len(server.chat_requests) == 1
    assert "the model" in res.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {p["name"] for p in data["personas"]} >= {"空调房上班族", "换季泛红的学生"}
    checked = cli("spec", "check", str(out))
    assert checked.returncode == 0, checked.stderr


def test_cli_stays_offline_without_a_model(server, cli, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF, encoding="utf-8")
    res = cli(
        "spec",
        "import",
        str(brief),
        "--backend",
        "offline",
        env={"LIVEGEN_BASE_URL": server.base_url},
    )
    assert res.returncode == 0, res.stderr
    assert server.chat_requests == []
    assert json.dumps(yaml.safe_load(res.stdout), ensure_ascii=False)
