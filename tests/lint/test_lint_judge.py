"""`--judge llm`: only the unsure lines go to the model; its answers are second opinions."""

from __future__ import annotations

import json

from tests.llm.fake_openai import FakeOpenAIServer, chat, chat_json

from livegen.errors import ExitCode

API_KEY = "sk-test-1a2b3c4d5e6f7a8b9c0d"
LINES = [
    "家人们晚上好，欢迎来到直播间",  # no cue: never sent
    "这是全网最低价",  # flagged by a rule: never sent
    "用完之后整个人都年轻了好几岁，效果杠杠的",  # a cue, no rule: sent
    "我们的仓库在杭州，江浙沪隔天到",  # no cue: never sent
]


def _env(monkeypatch, server: FakeOpenAIServer) -> None:
    monkeypatch.setenv("LIVEGEN_BASE_URL", server.base_url)
    monkeypatch.setenv("LIVEGEN_API_KEY", API_KEY)
    monkeypatch.setenv("LIVEGEN_MODEL", "judge-model")


def test_only_unsure_lines_are_sent_and_answers_become_warnings(
    invoke, tmp_path, monkeypatch
) -> None:
    src = tmp_path / "talk.txt"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    with FakeOpenAIServer() as server:
        _env(monkeypatch, server)
        server.queue(
            chat_json(
                {
                    "findings": [
                        {
                            "line": 1,
                            "rule": "zh.guarantee.efficacy",
                            "phrase": "年轻了好几岁",
                            "why": "an unproven anti-ageing result",
                        }
                    ]
                }
            )
        )
        code, out, err = invoke(
            "lint", str(src), "--judge", "llm", "--format", "json", "--fail-on", "error"
        )
        sent = server.chat_requests
    assert code == 1, err  # the rule's own error on 全网最低价 fails the run
    assert len(sent) == 1
    user = sent[0].last_user_message
    assert "年轻了好几岁" in user
    assert "欢迎来到直播间" not in user and "全网最低价" not in user and "杭州" not in user
    assert "zh.price.lowest" in sent[0].messages[0]["content"]  # the rule catalogue
    found = json.loads(out)["findings"]
    judged = [f for f in found if "second opinion" in f["basis"]]
    assert len(judged) == 1
    assert judged[0]["severity"] == "warning" and judged[0]["line"] == 3
    assert judged[0]["phrase"] == "年轻了好几岁" and judged[0]["column"] == 9
    assert judged[0]["rule"] == "zh.guarantee.efficacy"


def test_a_failed_judge_request_keeps_the_rule_findings(invoke, tmp_path, monkeypatch) -> None:
    src = tmp_path / "talk.txt"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    with FakeOpenAIServer() as server:
        _env(monkeypatch, server)
        monkeypatch.setenv("LIVEGEN_LLM_MAX_RETRIES", "0")
        server.default = chat("this is not JSON at all")
        code, out, err = invoke("lint", str(src), "--judge", "llm", "--format", "json")
    assert code == 1
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules == ["zh.price.lowest"]
    assert "--judge llm request failed" in err and "Traceback" not in err


def test_judge_without_a_configured_llm_is_a_usage_error(invoke, tmp_path) -> None:
    src = tmp_path / "talk.txt"
    src.write_text("这是全网最低价\n", encoding="utf-8")
    code, out, err = invoke("lint", str(src), "--judge", "llm")
    assert code == ExitCode.USAGE and out == ""
    assert "--judge llm needs a configured LLM" in err


def test_without_judge_nothing_is_sent(invoke, tmp_path, monkeypatch) -> None:
    src = tmp_path / "talk.txt"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    with FakeOpenAIServer() as server:
        _env(monkeypatch, server)
        invoke("lint", str(src), "--format", "json")
        assert server.requests == []


def test_explain_prints_basis_examples_and_exceptions(invoke) -> None:
    code, out, err = invoke("lint", "--explain", "zh.absolute.ranking")
    assert code == 0, err
    assert "广告法" in out and "exceptions and context" in out
    assert "not a finding when it overlaps: 第一(?:次" in out
    code, out, err = invoke("lint", "--explain", "zh.price.lowst")
    assert code == ExitCode.USAGE and "did you mean zh.price.lowest" in err


def test_every_rule_example_is_flagged_by_its_own_rule() -> None:
    from livegen.lint.api import lint_texts
    from livegen.lint.explain import all_rules

    checked = 0
    for rule in all_rules().values():
        for example in rule.examples:
            found = lint_texts([example], lang=rule.id.split(".")[0], category=rule.category)
            assert rule.id in [f.rule for f in found], (rule.id, example)
            checked += 1
    assert checked >= 20
