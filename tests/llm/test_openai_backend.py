"""The `openai` backend against a real Chat Completions server on 127.0.0.1.

The official `openai` client goes over the wire; only `sleep` is replaced, so backoff
delays are recorded instead of waited for.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from pydantic import BaseModel, Field
from tests.llm.fake_openai import chat, chat_json, error, hang, raw

from livegen.config import load_config
from livegen.errors import BackendError, ExitCode, LivegenError, UsageError
from livegen.llm.base import Message
from livegen.schemas.script import Variant


class TitleSet(BaseModel):
    titles: list[Variant] = Field(min_length=1)


GOOD = {
    "titles": [
        {"text": "Glow that lasts all day", "angle": "benefit"},
        {"text": "Only 200 jars tonight", "angle": "scarcity"},
    ]
}
MESSAGES = [
    Message("system", "You write live-stream titles."),
    Message("user", "Two titles for a face cream."),
]


def ask(backend):
    return backend.complete_json(MESSAGES, TitleSet, task="titles")


# -- answers ---------------------------------------------------------------------------


def test_valid_json_answer_is_validated_into_the_schema(fake_openai, make_backend, api_key) -> None:
    fake_openai.queue(chat_json(GOOD))
    result = ask(make_backend())
    assert result == TitleSet.model_validate(GOOD)
    (req,) = fake_openai.chat_requests
    assert req.model == "fake-model"
    assert req.authorization == f"Bearer {api_key}"
    assert req.response_format == {"type": "json_object"}


def test_schema_travels_in_the_system_message(fake_openai, make_backend) -> None:
    fake_openai.queue(chat_json(GOOD))
    ask(make_backend())
    system = fake_openai.chat_requests[0].messages[0]
    assert system["role"] == "system"
    assert system["content"].startswith("You write live-stream titles.")
    schema_text = system["content"].split("JSON Schema:\n", 1)[1]
    assert json.loads(schema_text) == TitleSet.model_json_schema()
    # The caller's user message is passed on untouched.
    assert fake_openai.chat_requests[0].messages[1:] == [
        {"role": "user", "content": "Two titles for a face cream."}
    ]


def test_fenced_answer_after_reasoning_block_is_accepted(fake_openai, make_backend) -> None:
    fake_openai.queue(
        chat("<think>They want JSON.</think>\nHere you go:\n```json\n" + json.dumps(GOOD) + "\n```")
    )
    assert ask(make_backend()).titles[1].angle == "scarcity"
    assert len(fake_openai.chat_requests) == 1


def test_invalid_json_once_is_retried_with_the_error_sent_back(
    fake_openai, make_backend, reporter
) -> None:
    bad = {"titles": [{"text": "Glow", "angle": "vibes"}]}
    fake_openai.queue(chat_json(bad), chat_json(GOOD))
    assert ask(make_backend()) == TitleSet.model_validate(GOOD)
    first, second = fake_openai.chat_requests
    # The second request replays the conversation: the bad answer, then the problem.
    assert second.messages[:-2] == first.messages
    assert second.messages[-2] == {"role": "assistant", "content": json.dumps(bad)}
    assert "titles.0.angle" in second.last_user_message
    assert "Input should be 'benefit'" in second.last_user_message
    assert any("asking once more" in w for w in reporter.warnings)


def test_unparsable_answer_is_retried_with_the_parse_error(fake_openai, make_backend) -> None:
    fake_openai.queue(chat('{"titles": [{"text": "Glow", "angle": "benefit"'), chat_json(GOOD))
    assert ask(make_backend()).titles[0].text == "Glow that lasts all day"
    assert "not valid JSON" in fake_openai.chat_requests[1].last_user_message


def test_invalid_answer_twice_is_a_backend_error_naming_task_and_problem(
    fake_openai, make_backend
) -> None:
    fake_openai.queue(chat("Sorry, I cannot help with that."), chat_json({"titles": []}))
    with pytest.raises(BackendError) as info:
        ask(make_backend())
    message = info.value.message
    assert message.startswith("titles: model 'fake-model' did not return valid TitleSet JSON")
    assert "titles: List should have at least 1 item" in message
    assert "\n" not in message
    assert info.value.exit_code == ExitCode.BACKEND
    assert len(fake_openai.chat_requests) == 2


def test_answer_cut_off_at_the_token_limit_says_so(fake_openai, make_backend) -> None:
    fake_openai.default = chat('{"titles": [{"text": "Glo', finish_reason="length")
    with pytest.raises(BackendError, match="cut off at the model's output limit"):
        ask(make_backend())


def test_complete_text_returns_the_answer_without_json_mode(fake_openai, make_backend) -> None:
    fake_openai.queue(chat("<think>short</think>  Tap the orange cart now!  "))
    text = make_backend().complete_text(MESSAGES, task="rewrite")
    assert text == "Tap the orange cart now!"
    (req,) = fake_openai.chat_requests
    assert req.response_format is None
    assert req.messages == [{"role": m.role, "content": m.content} for m in MESSAGES]


def test_empty_text_answer_is_a_backend_error(fake_openai, make_backend) -> None:
    fake_openai.queue(chat(""))
    with pytest.raises(BackendError, match=r"rewrite: .* returned an empty answer"):
        make_backend().complete_text(MESSAGES, task="rewrite")


# -- response_format fallback ------------------------------------------------------------


def test_server_rejecting_response_format_is_asked_again_without_it(
    fake_openai, make_backend, reporter
) -> None:
    def strict_server(req):
        if req.response_format is not None:
            return error(400, "Unrecognized request argument supplied: response_format")
        return chat_json(GOOD)

    fake_openai.default = strict_server
    backend = make_backend()
    assert ask(backend) == TitleSet.model_validate(GOOD)
    assert [r.response_format for r in fake_openai.chat_requests] == [{"type": "json_object"}, None]
    assert any("refused response_format" in w for w in reporter.warnings)
    # Remembered: the next call does not try response_format again.
    ask(backend)
    assert [r.response_format for r in fake_openai.chat_requests][2:] == [None]


def test_bad_request_that_is_not_about_response_format_still_fails(
    fake_openai, make_backend
) -> None:
    fake_openai.default = error(400, "This model's maximum context length is 4096 tokens")
    backend = make_backend()
    with pytest.raises(BackendError, match=r"HTTP 400: This model's maximum context length"):
        ask(backend)
    assert len(fake_openai.chat_requests) == 2
    assert backend.json_mode_supported is None  # not blamed on response_format


# -- transport retries -------------------------------------------------------------------


def test_rate_limit_honours_retry_after_then_succeeds(
    fake_openai, make_backend, sleeps, reporter, capsys
) -> None:
    fake_openai.queue(
        error(
            429,
            "Rate limit reached",
            type="requests",
            code="rate_limit_exceeded",
            headers={"Retry-After": "7"},
        ),
        chat_json(GOOD),
    )
    assert ask(make_backend()) == TitleSet.model_validate(GOOD)
    assert sleeps == [7.0]
    assert len(fake_openai.chat_requests) == 2
    assert reporter.warnings == ["titles: HTTP 429: Rate limit reached; retry 1 of 3 in 7.0 s"]
    assert capsys.readouterr() == ("", "")  # told through the reporter, never printed


def test_server_errors_are_retried_with_growing_backoff(
    fake_openai, make_backend, sleeps, reporter
) -> None:
    proxy_page = (
        "<html><head><title>502 Bad Gateway</title><style>b{}</style></head>"
        "<body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"
    )
    fake_openai.queue(
        error(500, "boom"), raw(502, proxy_page, "text/html"), error(503, "busy"), chat_json(GOOD)
    )
    assert ask(make_backend()).titles
    assert len(sleeps) == 3
    assert reporter.warnings[1].startswith(
        "titles: HTTP 502: 502 Bad Gateway 502 Bad Gateway nginx; retry 2 of 3 in "
    )
    # Equal jitter: retry n waits between half and all of 2^n seconds.
    for n, delay in enumerate(sleeps):
        assert 2**n / 2 <= delay <= 2**n


def test_persistent_server_error_fails_after_max_retries(fake_openai, make_backend, sleeps) -> None:
    fake_openai.default = error(500, "The server had an error while processing your request")
    with pytest.raises(BackendError) as info:
        ask(make_backend(max_retries=2))
    assert len(fake_openai.chat_requests) == 3
    assert len(sleeps) == 2
    assert info.value.message == (
        f"titles: {fake_openai.base_url} failed 3 times in a row "
        "(last: HTTP 500: The server had an error while processing your request)"
    )
    assert "llm.max_retries" in (info.value.hint or "")


def test_quota_exhausted_is_not_retried(fake_openai, make_backend, sleeps) -> None:
    fake_openai.default = error(
        429, "You exceeded your current quota", type="insufficient_quota", code="insufficient_quota"
    )
    with pytest.raises(BackendError, match=r"quota .* is used up"):
        ask(make_backend())
    assert len(fake_openai.chat_requests) == 1
    assert sleeps == []


def test_hang_past_the_timeout_is_retried_and_then_answered(
    fake_openai, make_backend, reporter
) -> None:
    fake_openai.queue(hang())
    fake_openai.default = chat_json(GOOD)
    # 2 s outlasts a normal answer even on a busy machine; should one answer still be
    # slower, the backend retries again, which this test tolerates.
    assert ask(make_backend(timeout=2.0)) == TitleSet.model_validate(GOOD)
    assert len(fake_openai.wait_for_chat_requests(2)) >= 2
    assert reporter.warnings[0].startswith("titles: no answer within 2 s; retry 1 of 3")


def _always_hanging(fake_openai, make_backend) -> tuple[BackendError, float]:
    fake_openai.default = hang()
    start = time.monotonic()
    with pytest.raises(BackendError) as info:
        ask(make_backend(timeout=0.5, max_retries=2))
    return info.value, time.monotonic() - start


def test_server_that_always_hangs_fails_after_its_retries(fake_openai, make_backend) -> None:
    error, _elapsed = _always_hanging(fake_openai, make_backend)
    assert len(fake_openai.wait_for_chat_requests(3)) == 3
    assert "failed 3 times in a row (last: no answer within 0.5 s)" in error.message


@pytest.mark.perf
def test_server_that_always_hangs_fails_within_bounded_time(fake_openai, make_backend) -> None:
    error, elapsed = _always_hanging(fake_openai, make_backend)
    assert len(fake_openai.wait_for_chat_requests(3)) == 3
    assert "failed 3 times in a row (last: no answer within 0.5 s)" in error.message
    assert 1.5 <= elapsed < 10, elapsed  # three timeouts, not the 30 s hang


def test_refused_connection_is_retried_then_reported(make_backend, sleeps) -> None:
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = make_backend(base_url=f"http://127.0.0.1:{port}/v1", max_retries=1)
    with pytest.raises(BackendError) as info:
        ask(backend)
    assert re.fullmatch(
        r"titles: \S+ failed 2 times in a row \(last: connection failed \(.+\)\)",
        info.value.message,
    ), info.value.message
    assert len(sleeps) == 1


def test_no_retries_configured_means_one_attempt(fake_openai, make_backend, sleeps) -> None:
    fake_openai.default = error(503, "busy")
    with pytest.raises(BackendError, match=r"failed once \(last: HTTP 503: busy\)"):
        ask(make_backend(max_retries=0))
    assert len(fake_openai.chat_requests) == 1 and sleeps == []


# -- errors that are not retried -------------------------------------------------------


def test_auth_error_is_one_line_without_the_key(fake_openai, make_backend, sleeps, api_key) -> None:
    # Servers echo the key back ("Incorrect API key provided: sk-..."); it must not leak.
    fake_openai.default = error(
        401, f"Incorrect API key provided: {api_key}.", code="invalid_api_key"
    )
    with pytest.raises(BackendError) as info:
        ask(make_backend())
    err = info.value
    shown = f"{err.message} {err.hint} {err!r} {err.__cause__!r} {err.__context__!r}"
    assert api_key not in shown
    assert err.message == (
        f"titles: {fake_openai.base_url} rejected the API key "
        "(HTTP 401: Incorrect API key provided: ***.)"
    )
    assert "LIVEGEN_API_KEY" in (err.hint or "")
    assert "\n" not in err.message
    assert len(fake_openai.chat_requests) == 1 and sleeps == []


def test_missing_model_names_the_model_and_the_endpoint(fake_openai, make_backend) -> None:
    fake_openai.default = error(
        404, "model 'qwen3:8b' not found, try pulling it first", code="model_not_found"
    )
    with pytest.raises(BackendError) as info:
        ask(make_backend(model="qwen3:8b"))
    assert info.value.message.startswith(
        f"titles: model 'qwen3:8b' not found at {fake_openai.base_url} (HTTP 404"
    )
    assert "LIVEGEN_MODEL" in (info.value.hint or "")


def test_base_url_without_v1_gets_a_hint_about_the_path(fake_openai, make_backend) -> None:
    with pytest.raises(BackendError) as info:
        ask(make_backend(base_url=fake_openai.root_url))
    assert info.value.message.startswith(
        f"titles: {fake_openai.root_url}/chat/completions not found (HTTP 404"
    )
    assert "model 'fake-model'" in info.value.message
    assert "/v1" in (info.value.hint or "")


def test_pasted_endpoint_url_is_trimmed_to_the_api_root(fake_openai, make_backend) -> None:
    fake_openai.queue(chat_json(GOOD))
    backend = make_backend(base_url=fake_openai.base_url + "/chat/completions/")
    assert backend.base_url == fake_openai.base_url
    assert ask(backend).titles


def test_web_page_instead_of_an_api_is_a_clear_error(fake_openai, make_backend) -> None:
    fake_openai.default = raw(200, "<html><body>Welcome to nginx!</body></html>", "text/html")
    with pytest.raises(BackendError, match="did not answer with a chat completion"):
        ask(make_backend())


# -- configuration -----------------------------------------------------------------------


def test_local_server_without_a_key_gets_a_placeholder_key(fake_openai) -> None:
    from livegen.llm.openai_backend import OpenAIBackend

    config = load_config(
        env={"LIVEGEN_BASE_URL": fake_openai.base_url, "LIVEGEN_MODEL": "llama3.2"}
    )
    backend = OpenAIBackend.from_config(config)
    fake_openai.queue(chat_json(GOOD))
    assert ask(backend).titles
    (req,) = fake_openai.chat_requests
    assert req.model == "llama3.2"
    assert req.authorization == "Bearer not-needed"


def test_from_config_reads_the_llm_section_and_the_model_flag_wins(
    tmp_path, fake_openai, api_key
) -> None:
    from livegen.llm import get_backend
    from livegen.llm.openai_backend import OpenAIBackend
    from livegen.progress import NullReporter

    (tmp_path / "livegen.toml").write_text(
        f'[llm]\nbase_url = "{fake_openai.base_url}"\nmodel = "deepseek-chat"\n'
        "timeout = 12.5\nmax_retries = 1\n",
        encoding="utf-8",
    )
    config = load_config(cwd=tmp_path, env={"OPENAI_API_KEY": api_key})
    reporter = NullReporter()
    backend = get_backend(None, config, model="deepseek-reasoner", reporter=reporter)
    assert isinstance(backend, OpenAIBackend) and backend.reporter is reporter
    assert (backend.model, backend.timeout, backend.max_retries) == ("deepseek-reasoner", 12.5, 1)
    assert api_key not in repr(backend)
    fake_openai.queue(chat_json(GOOD))
    ask(backend)
    assert fake_openai.chat_requests[0].authorization == f"Bearer {api_key}"


def test_openai_without_any_key_fails_before_sending(monkeypatch) -> None:
    from livegen.llm.openai_backend import OpenAIBackend

    backend = OpenAIBackend.from_config(load_config(env={}))
    with pytest.raises(BackendError, match="no API key configured") as info:
        ask(backend)
    assert "LIVEGEN_API_KEY" in (info.value.hint or "")


@pytest.mark.parametrize(
    ("setting", "value", "problem"),
    [
        ("base_url", '"localhost:11434"', "must be an http(s) URL"),
        ("base_url", '"http://"', "must be an http(s) URL"),
        ("base_url", '"http://localhost:99999/v1"', "must be an http(s) URL"),
        ("base_url", '"https://[::1/v1"', "must be an http(s) URL"),
        ("base_url", '"http://my host/v1"', "must be an http(s) URL"),
        ("model", '""', "llm.model must name a model"),
        ("timeout", '"soon"', "llm.timeout must be a number"),
        ("timeout", "0", "more than 0 seconds"),
        ("max_retries", "-1", "0 or more"),
    ],
)
def test_bad_llm_settings_are_usage_errors(tmp_path, setting, value, problem) -> None:
    from livegen.llm.openai_backend import OpenAIBackend

    (tmp_path / "livegen.toml").write_text(f"[llm]\n{setting} = {value}\n", encoding="utf-8")
    config = load_config(cwd=tmp_path, env={})
    with pytest.raises(LivegenError) as info:
        OpenAIBackend.from_config(config)
    assert problem in info.value.message
    assert f"(from {tmp_path / 'livegen.toml'})" in info.value.message
    assert info.value.exit_code == ExitCode.USAGE


def test_bad_setting_from_the_environment_names_the_variable() -> None:
    from livegen.llm.openai_backend import OpenAIBackend

    config = load_config(env={"LIVEGEN_BASE_URL": "localhost:11434/v1"})
    with pytest.raises(UsageError, match=r"got 'localhost:11434/v1' \(from env LIVEGEN_BASE_URL\)"):
        OpenAIBackend.from_config(config)
