"""Long streams through a real OpenAI-compatible server, one request per planned segment."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.llm.fake_openai import FakeOpenAIServer, RecordedRequest, Reply, chat, chat_json

from livegen.progress import NullReporter
from livegen.script.pace import speech_seconds, speech_units
from livegen.script.segmentwise import trim_to, use_segmentwise

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
_SEGMENT = re.compile(r"^Segment (\d+) of (\d+): \"(\w+)\"", re.M)
_BUDGET = re.compile(r"about (\d+) (characters|words) at")


class Recorder(NullReporter):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def info(self, message: str) -> None:
        self.lines.append(message)

    def warn(self, message: str) -> None:
        self.lines.append("warning: " + message)


def _segment_of(request: RecordedRequest) -> tuple[int, int] | None:
    """(segment number, budget units) of a segment request, else None."""
    user = request.messages[1]["content"] if len(request.messages) > 1 else ""
    head, budget = _SEGMENT.search(user), _BUDGET.search(user)
    if head is None or budget is None:
        return None
    return int(head.group(1)), int(budget.group(1))


def _filler(number: int, units: int, *, tag: str = "") -> list[str]:
    """Clean, distinct zh lines adding up to about `units` characters."""
    lines: list[str] = []
    j = 0
    while sum(speech_units(t, "zh") for t in lines) < units:
        j += 1
        lines.append(f"{tag}这是第{number}段第{j}句，我们慢慢聊这款面霜的用法。")
    return lines


def model(
    *, overrides: dict[int, list[Callable[[int, int], Reply]]] | None = None
) -> Callable[[RecordedRequest], Reply]:
    """A model that writes each segment to its budget; `overrides[n]` answers segment n's
    requests in order (first reply, then the retry) instead."""
    pending = {k: list(v) for k, v in (overrides or {}).items()}

    def answer(request: RecordedRequest) -> Reply:
        seg = _segment_of(request)
        system = request.messages[0]["content"] if request.messages else ""
        if seg is not None:
            number, units = seg
            queue = pending.get(number)
            if queue:
                return queue.pop(0)(number, units)
            return chat_json({"lines": _filler(number, units), "cues": [f"提示{number}"]})
        if '"replacements"' in system:
            ids = re.findall(r'"id": (\d+)', request.messages[1]["content"])
            return chat_json(
                {"replacements": [{"id": int(i), "text": "我们看下一个细节。"} for i in ids]}
            )
        return chat_json({"variants": [{"text": "保湿一整天的面霜", "angle": "benefit"}]})

    return answer


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as s:
        yield s


def _compose(
    server: FakeOpenAIServer,
    *,
    reporter: Any = None,
    minutes: float = 20,
    sample: str = "face-cream.zh.yaml",
    **backend_opts: Any,
):  # type: ignore[no-untyped-def]
    from livegen.llm.openai_backend import OpenAIBackend
    from livegen.script import ScriptOptions, compose
    from livegen.spec import load_spec
    from livegen.templating import Templates

    backend = OpenAIBackend(
        base_url=server.base_url,
        api_key="sk-test",
        model="fake-model",
        timeout=20.0,
        max_retries=0,
        sleep=lambda s: None,
        **backend_opts,
    )
    spec = load_spec(SAMPLES / sample)
    return compose(
        spec, ScriptOptions(duration_minutes=minutes), Templates(), backend, reporter=reporter
    )


def _offline(minutes: float = 20):  # type: ignore[no-untyped-def]
    from livegen.script import ScriptOptions, compose
    from livegen.spec import load_spec
    from livegen.templating import Templates

    return compose(
        load_spec(SAMPLES / "face-cream.zh.yaml"),
        ScriptOptions(duration_minutes=minutes),
        Templates(),
    )


def _segment_requests(server: FakeOpenAIServer) -> list[RecordedRequest]:
    return [r for r in server.chat_requests if _segment_of(r) is not None]


def test_long_stream_is_one_request_per_segment_with_its_budget_and_persona(server) -> None:
    server.default = model()
    reporter = Recorder()
    script = _compose(server, reporter=reporter)
    offline = _offline()
    assert [s.kind for s in script.segments] == [s.kind for s in offline.segments]
    requests = _segment_requests(server)
    assert [_segment_of(r)[0] for r in requests] == list(range(1, len(offline.segments) + 1))
    for request, seg in zip(requests, offline.segments, strict=True):
        user = request.messages[1]["content"]
        assert f"{seg.speech_seconds:g} seconds of speech" in user
        assert f"about {round(seg.speech_seconds * 4)} characters" in user
        if seg.persona:
            assert f"Persona: {seg.persona}" in user
        if seg.kind == "selling_point":
            facts = user[user.index("Facts this segment") : user.index("The offline draft")]
            assert seg.selling_point in facts
            others = [
                p for p in ("24小时长效保湿", "温和配方", "大容量50克") if p != seg.selling_point
            ]
            assert not any(f'"title": "{p}"' in facts for p in others)
    # Later prompts quote what was already said, so the model can avoid repeating it.
    assert "这是第1段第1句" in requests[5].messages[1]["content"]
    assert script.segments[2].lines[0].startswith("这是第3段第1句")
    assert sum("segment" in line and "budget" in line for line in reporter.lines) == len(
        offline.segments
    )


def test_the_script_json_carries_speech_seconds_and_coverage(server) -> None:
    from livegen.script.render import script_json

    server.default = model()
    script = _compose(server)
    data = json.loads(script_json(script))
    spoken = 0.0
    for seg in data["segments"]:
        seconds = speech_seconds(seg["lines"], "zh", data["pace"])
        assert seg["speech_seconds"] == pytest.approx(seconds, abs=0.1)
        spoken += seconds
    assert data["coverage"] == pytest.approx(spoken / data["duration"], abs=0.002)
    assert data["coverage"] > 0.6
    assert data["generated_by"]["backend"] == "openai"


def test_a_forbidden_claim_is_sent_back_and_the_rewrite_used(server) -> None:
    bad = lambda n, u: chat_json({"lines": ["用了它三天祛痘，皮肤立刻变好。", *_filler(n, u)]})  # noqa: E731
    good = lambda n, u: chat_json({"lines": _filler(n, u, tag="改写：")})  # noqa: E731
    server.default = model(overrides={3: [bad, good]})
    script = _compose(server)
    third = [r for r in _segment_requests(server) if _segment_of(r)[0] == 3]
    assert len(third) == 2
    retry = third[1].messages[-1]["content"]
    assert "三天祛痘" in retry and "spec.forbidden" in retry
    assert script.segments[2].lines[0].startswith("改写：")
    assert not any("三天祛痘" in line for seg in script.segments for line in seg.lines)


def test_a_segment_still_flagged_after_its_retry_falls_back_to_offline_lines(server) -> None:
    bad = lambda n, u: chat_json({"lines": ["三天祛痘，效果第一。"]})  # noqa: E731
    server.default = model(overrides={4: [bad, bad]})
    reporter = Recorder()
    script = _compose(server, reporter=reporter)
    assert script.segments[3].lines == _offline().segments[3].lines
    notes = [line for line in reporter.lines if line.startswith("warning: script: segment 4/")]
    assert notes and "flagged by the linter" in notes[0] and "offline composer" in notes[0]


def test_a_failed_segment_request_falls_back_with_a_note(server) -> None:
    broken = lambda n, u: chat("this is not JSON at all")  # noqa: E731
    server.default = model(overrides={5: [broken, broken]})
    reporter = Recorder()
    script = _compose(server, reporter=reporter)
    assert script.segments[4].lines == _offline().segments[4].lines
    assert script.segments[5].lines[0].startswith("这是第6段")
    assert any(
        line.startswith("warning: script: segment 5/") and "request failed" in line
        for line in reporter.lines
    )


def test_a_short_reply_is_asked_once_for_more_and_a_long_one_is_trimmed(server) -> None:
    short = lambda n, u: chat_json({"lines": ["好的。"]})  # noqa: E731
    longer = lambda n, u: chat_json({"lines": _filler(n, u)})  # noqa: E731
    rambling = lambda n, u: chat_json({"lines": _filler(n, u * 3)})  # noqa: E731
    server.default = model(overrides={2: [short, longer], 3: [rambling]})
    script = _compose(server)
    second = [r for r in _segment_requests(server) if _segment_of(r)[0] == 2]
    assert len(second) == 2 and "too short" in second[1].messages[-1]["content"]
    assert script.segments[1].lines[0].startswith("这是第2段")
    third = [r for r in _segment_requests(server) if _segment_of(r)[0] == 3]
    assert len(third) == 1
    budget = _segment_of(third[0])[1]
    assert speech_units("".join(script.segments[2].lines), "zh") <= budget * 1.3


def test_temperature_and_seed_go_with_every_request(server) -> None:
    server.default = model()
    _compose(server, temperature=0.4, seed=7)
    assert len(server.chat_requests) > 10
    for request in server.chat_requests:
        assert request.body["temperature"] == 0.4 and request.body["seed"] == 7


def test_the_cli_passes_temperature_and_seed_through(server, cli) -> None:
    server.default = model()
    res = cli(
        "--verbose",
        "script",
        str(SAMPLES / "face-cream.zh.yaml"),
        "--backend",
        "openai",
        "--duration",
        "12",
        "--temperature",
        "0.3",
        "--seed",
        "5",
        "--format",
        "json",
        env={
            "LIVEGEN_BASE_URL": server.base_url,
            "LIVEGEN_MODEL": "m",
            "LIVEGEN_API_KEY": "sk-test",
        },
    )
    assert res.returncode == 0, res.stderr
    assert "segment 1/" in res.stderr
    data = json.loads(res.stdout)
    assert data["segments"][0]["lines"][0].startswith("这是第1段")
    bodies = [r.body for r in server.chat_requests]
    assert bodies and all(b["temperature"] == 0.3 and b["seed"] == 5 for b in bodies)


def test_the_first_request_failing_is_an_error_not_an_offline_script(server) -> None:
    from livegen.errors import BackendError

    server.default = chat("not json")
    with pytest.raises(BackendError):
        _compose(server)


def test_short_streams_and_teasers_stay_one_request() -> None:
    assert not use_segmentwise(600, [], None)
    assert use_segmentwise(601, [], None)
    assert not use_segmentwise(3600, [], 30)


def test_trimming_cuts_at_a_sentence_edge() -> None:
    lines = ["第一句话。第二句话！第三句话？", "第四句话。"]
    assert trim_to(lines, 9, "zh") == ["第一句话。第二句话！"]
    assert trim_to(lines, 2, "zh") == ["第一句话。"]
    assert trim_to(["One two. Three four five.", "Six."], 3, "en") == ["One two."]


def _lengths_match_lines(script) -> None:  # type: ignore[no-untyped-def]
    """Each segment is as long as its lines at the pace plus its stage time, tiling the
    stream from 0 to its duration."""
    assert script.segments[0].start == 0.0
    assert script.segments[-1].end == pytest.approx(script.duration, abs=0.05)
    for a, b in zip(script.segments, script.segments[1:], strict=False):
        assert a.end == b.start
    for seg in script.segments:
        speech = speech_seconds(seg.lines, script.language, script.pace)
        if not seg.host_prompt:
            assert seg.speech_seconds == pytest.approx(speech, abs=0.1)
        stage = sum(s.seconds for s in seg.stage)
        assert seg.end - seg.start == pytest.approx(seg.speech_seconds + stage, abs=0.3)


def test_times_are_replanned_from_the_models_own_lines(server) -> None:
    # The model writes each segment at 80 % of its budget: no retry, but every segment is
    # shorter than planned, so the plan's times would overstate the speech.
    brief = lambda n, u: chat_json({"lines": _filler(n, int(u * 0.8))})  # noqa: E731
    server.default = model(overrides={n: [brief] for n in range(1, 200)})
    reporter = Recorder()
    script = _compose(server, reporter=reporter)
    _lengths_match_lines(script)
    spoken = sum(speech_seconds(s.lines, "zh", script.pace) for s in script.segments)
    assert script.coverage == pytest.approx(spoken / script.duration, abs=0.002)
    offline = _offline()
    assert script.duration < offline.duration  # --fill shorten: the stream ends with the words
    assert any("the script ends at" in line for line in reporter.lines)


def test_with_fill_host_the_rest_of_the_stream_is_marked_for_the_host(server) -> None:
    from livegen.llm.openai_backend import OpenAIBackend
    from livegen.script import ScriptOptions, compose
    from livegen.spec import load_spec
    from livegen.templating import Templates

    brief = lambda n, u: chat_json({"lines": _filler(n, int(u * 0.75))})  # noqa: E731
    server.default = model(overrides={n: [brief] for n in range(1, 200)})
    backend = OpenAIBackend(
        base_url=server.base_url, api_key="k", model="m", max_retries=0, sleep=lambda s: None
    )
    script = compose(
        load_spec(SAMPLES / "face-cream.zh.yaml"),
        ScriptOptions(duration_minutes=20, fill="host"),
        Templates(),
        backend,
    )
    assert script.duration == 1200
    _lengths_match_lines(script)
    assert any(s.host_prompt for s in script.segments)
    assert script.segments[-1].kind == "preview"


def test_dry_run_shows_the_prompt_of_every_segment(cli) -> None:
    offline = _offline()
    res = cli("script", str(SAMPLES / "face-cream.zh.yaml"), "--duration", "20", "--dry-run")
    assert res.returncode == 0, res.stderr
    heads = re.findall(r"^===== (segment \d+/\d+) \(.*?\) · user · (\S+) =====$", res.stdout, re.M)
    asked = [s for s in offline.segments if not s.host_prompt]
    assert len(heads) == len(asked) and heads[0][1] == "prompts/segment.user.j2"
    assert "===== script ·" not in res.stdout  # the whole-plan prompt is not what is sent
    blocks = [b for b in res.stdout.split("\n===== ") if b.strip()]
    users = [b for b in blocks if " · user · prompts/segment.user.j2" in b.splitlines()[0]]
    for block, seg in zip(users, asked, strict=True):
        assert f"{seg.speech_seconds:g} seconds of speech" in block
        assert "Facts this segment" in block
        if seg.persona:
            assert f"Persona: {seg.persona}" in block
    assert "===== titles ·" in res.stdout and "===== cta ·" in res.stdout


def test_a_short_stream_dry_run_is_the_whole_plan_prompt(cli) -> None:
    res = cli("script", str(SAMPLES / "face-cream.zh.yaml"), "--duration", "5", "--dry-run")
    assert res.returncode == 0, res.stderr
    assert "===== script · user ·" in res.stdout and "===== segment" not in res.stdout


def _spec_with_placeholder(tmp_path: Path) -> Path:
    import yaml

    data = yaml.safe_load((SAMPLES / "face-cream.zh.yaml").read_text(encoding="utf-8"))
    data.setdefault("faq", []).append({"question": "哺乳期能用吗？", "answer": "（待主播补充）"})
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_placeholder_answers_are_never_sent_or_spoken(server, cli, tmp_path) -> None:
    spec = _spec_with_placeholder(tmp_path)
    dry = cli("script", str(spec), "--duration", "20", "--dry-run")
    assert dry.returncode == 0 and "待主播补充" not in dry.stdout
    dry = cli("script", str(spec), "--duration", "5", "--dry-run")
    assert dry.returncode == 0 and "待主播补充" not in dry.stdout
    # A model that copies a placeholder into its words anyway: that line is not kept.
    echo = lambda n, u: chat_json({"lines": ["哺乳期能用吗？（待主播补充）", *_filler(n, u)]})  # noqa: E731
    server.default = model(overrides={4: [echo]})
    res = cli(
        "script",
        str(spec),
        "--backend",
        "openai",
        "--duration",
        "20",
        "--format",
        "json",
        env={"LIVEGEN_BASE_URL": server.base_url, "LIVEGEN_MODEL": "m", "LIVEGEN_API_KEY": "k"},
    )
    assert res.returncode == 0, res.stderr
    assert "待主播补充" not in res.stdout
    assert "placeholder" in res.stderr


def test_long_replies_do_not_add_up_past_the_duration(server) -> None:
    # Every reply runs 60 % over its budget: each is trimmed, and the surplus carried
    # forward trims the next ones to their budget, so the stream stays near its length.
    long = lambda n, u: chat_json({"lines": _filler(n, int(u * 1.6))})  # noqa: E731
    server.default = model(overrides={n: [long] for n in range(1, 200)})
    script = _compose(server)
    _lengths_match_lines(script)
    assert script.duration <= 1200 * 1.05
