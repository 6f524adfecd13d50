"""The LLM path, driven by an in-process chat backend that records what it is sent."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from tests.support.paths import SAMPLES

from livegen.errors import BackendError, ExitCode
from livegen.llm.base import Message
from livegen.script.llm import VariantsDraft, script_draft_model


def _plan_from(prompt: str) -> list[dict[str, Any]]:
    """The outline the user prompt carries, as the model would read it."""
    start = prompt.index("\n[", prompt.index("The plan"))
    end = prompt.index("\n]", start) + 2
    return json.loads(prompt[start:end])


class FakeBackend:
    """Answers like a well-behaved model: one entry per planned segment, in the plan's order."""

    name = "fake"
    model = "fake-1"

    def __init__(
        self, *, bad_line: str | None = None, fail: bool = False, rewrite: str = "改写后的台词 {id}"
    ) -> None:
        self.calls: list[tuple[str, list[Message], type[BaseModel]]] = []
        self.bad_line = bad_line
        self.fail = fail
        self.rewrite = rewrite

    def complete_json(self, messages: list[Message], schema: type[BaseModel], *, task: str) -> Any:
        self.calls.append((task, messages, schema))
        if self.fail:
            raise BackendError("fake endpoint: 401 unauthorized")
        if task == "rewrite":
            ids = re.findall(r"^\[(\d+)\] \w+ at ", messages[1].content, flags=re.M)
            return schema.model_validate(
                {"replacements": [{"id": int(i), "text": self.rewrite.format(id=i)} for i in ids]}
            )
        if task == "segment":  # a long stream, one request per segment
            number = re.search(r"^Segment (\d+) of", messages[1].content, flags=re.M)
            assert number is not None
            return schema.model_validate(
                {
                    "lines": [
                        f"模型台词 {number.group(1)}："
                        "我们接着说说这款面霜，大家慢慢看，有问题随时问我。"
                    ]
                }
            )
        if task in ("script", "teaser"):
            plan = _plan_from(messages[1].content)
            segments = [
                {
                    "index": seg["index"],
                    "lines": [f"模型台词 {seg['index']}：{seg['title']}"]
                    + ([self.bad_line] if self.bad_line and seg["index"] == 0 else []),
                    "cues": [f"模型提示 {seg['index']}"],
                }
                for seg in plan
            ]
            if self.bad_line:
                segments[1]["lines"] = [self.bad_line]  # nothing usable left: offline fallback
            return schema.model_validate({"segments": segments})
        angle_texts = {
            "benefit": "保湿一整天的面霜",
            "curiosity": "面霜里到底有什么",
            "price": "直播间到手139元",
            "story": "一朵山茶花的故事",
        }
        return schema.model_validate(
            {"variants": [{"text": t, "angle": a} for a, t in angle_texts.items()]}
        )

    def complete_text(self, messages: list[Message], *, task: str) -> str:
        raise AssertionError("not used by the script stage")


def test_backend_writes_the_words_for_the_offline_plan(compose) -> None:
    backend = FakeBackend()
    offline = compose("face-cream.zh.yaml", llm_plan="whole", duration_minutes=20)
    script = compose("face-cream.zh.yaml", llm_plan="whole", duration_minutes=20, backend=backend)
    assert [s.kind for s in script.segments] == [s.kind for s in offline.segments]
    # Re-timed from the model's own lines: each segment lasts its speech plus stage time.
    for seg in script.segments:
        stage = sum(t.seconds for t in seg.stage)
        assert seg.end - seg.start == pytest.approx(seg.speech_seconds + stage, abs=0.3)
    assert script.segments[0].lines[0].startswith("模型台词 0")
    assert script.segments[3].cues == ["模型提示 3"]
    assert [c[0] for c in backend.calls] == ["script", "titles", "cta"]
    assert script.generated_by.backend == "fake" and script.generated_by.model == "fake-1"
    assert script.generated_by.template == "prompts/script.user.j2"


def test_model_suggestions_lead_the_variants(compose) -> None:
    script = compose("face-cream.zh.yaml", backend=FakeBackend(), n_titles=6)
    assert script.titles[0].text == "保湿一整天的面霜"
    angles = [v.angle for v in script.titles]
    assert len(set(angles)) == 6  # offline phrases fill the angles the model skipped


def test_messages_are_the_rendered_templates(compose) -> None:
    backend = FakeBackend()
    compose("phone-stand.en.yaml", llm_plan="whole", backend=backend, personas=["Commuter"])
    task, messages, schema = backend.calls[0]
    assert task == "script"
    assert [m.role for m in messages] == ["system", "user"]
    assert "indestructible" in messages[0].content  # forbidden claims are passed on
    assert "FoldUp Magnetic Phone Stand" in messages[1].content
    assert "Commuter" in messages[1].content
    assert schema.model_fields["segments"] is not None


def test_flagged_model_lines_are_sent_back_once_and_rewritten(compose) -> None:
    backend = FakeBackend(bad_line="用了它三天祛痘，效果第一")
    script = compose("face-cream.zh.yaml", llm_plan="whole", duration_minutes=20, backend=backend)
    assert [c[0] for c in backend.calls] == ["script", "titles", "cta", "rewrite"]
    request = backend.calls[-1][1][1].content
    assert "[1] line at segments[0].lines[1]: 用了它三天祛痘，效果第一" in request
    assert "spec.forbidden" in request and "zh.absolute.ranking" in request
    assert script.segments[0].lines == ["模型台词 0：开场", "改写后的台词 1"]
    assert script.segments[1].lines == ["改写后的台词 2"]
    assert script.lint == [f for f in script.lint if f.severity == "info"]


def test_no_fix_keeps_flagged_lines_and_reports_them(compose) -> None:
    backend = FakeBackend(bad_line="用了它三天祛痘，效果第一")
    script = compose(
        "face-cream.zh.yaml", llm_plan="whole", duration_minutes=20, backend=backend, fix=False
    )
    assert "rewrite" not in [c[0] for c in backend.calls]
    assert script.segments[1].lines == ["用了它三天祛痘，效果第一"]
    errors = {(f.where, f.rule) for f in script.lint if f.severity == "error"}
    assert {
        ("segments[0].lines[1]", "spec.forbidden"),
        ("segments[1].lines[0]", "zh.absolute.ranking"),
    } <= errors


def test_a_rewrite_that_is_still_flagged_is_reported(compose) -> None:
    backend = FakeBackend(bad_line="这是最好的面霜", rewrite="依然是最好的面霜")
    script = compose("face-cream.zh.yaml", llm_plan="whole", duration_minutes=20, backend=backend)
    assert [c[0] for c in backend.calls].count("rewrite") == 1
    assert script.segments[1].lines == ["依然是最好的面霜"]
    assert any(
        f.where == "segments[1].lines[0]" and f.rule == "zh.absolute.superlative"
        for f in script.lint
    )


def test_teaser_uses_the_teaser_prompt(compose) -> None:
    backend = FakeBackend()
    script = compose("earbuds.zh.yaml", teaser=30, backend=backend)
    assert backend.calls[0][0] == "teaser"
    assert "30-second teaser" in backend.calls[0][1][1].content
    assert len(script.segments) == 3 and script.segments[0].lines[0].startswith("模型台词")


def test_draft_schema_demands_one_entry_per_segment() -> None:
    model = script_draft_model(3)
    good = {"segments": [{"index": i, "lines": ["x"]} for i in range(3)]}
    assert len(model.model_validate(good).segments) == 3  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        model.model_validate({"segments": good["segments"][:2]})
    with pytest.raises(ValidationError):
        model.model_validate({"segments": [{"index": 0, "lines": []}] * 3})
    with pytest.raises(ValidationError):
        VariantsDraft.model_validate({"variants": [{"text": "x", "angle": "hype"}]})


def test_backend_failure_is_exit_4_in_one_line(monkeypatch, invoke) -> None:
    import livegen.llm

    monkeypatch.setattr(
        livegen.llm,
        "get_backend",
        lambda name, config, model=None, reporter=None: FakeBackend(fail=True),
    )
    code, out, err = invoke("script", str(SAMPLES / "face-cream.zh.yaml"), "--backend", "openai")
    assert code == ExitCode.BACKEND
    assert out == ""
    assert err.strip().splitlines()[-1] == "error: fake endpoint: 401 unauthorized"
    assert err.count("error:") == 1 and "Traceback" not in err


def test_cli_passes_backend_and_model_through(monkeypatch, invoke) -> None:
    import livegen.llm

    seen: dict[str, Any] = {}

    def fake_get_backend(name, config, model=None, reporter=None):  # type: ignore[no-untyped-def]
        seen.update(name=name, model=model, config_model=config.get("llm.model"))
        backend = FakeBackend()
        backend.model = model
        return backend

    monkeypatch.setattr(livegen.llm, "get_backend", fake_get_backend)
    code, out, err = invoke(
        "script",
        str(SAMPLES / "face-cream.zh.yaml"),
        "--backend",
        "openai",
        "--model",
        "qwen-plus",
        "--format",
        "json",
    )
    assert code == 0, err
    assert seen == {"name": "openai", "model": "qwen-plus", "config_model": "qwen-plus"}
    assert json.loads(out)["generated_by"]["model"] == "qwen-plus"
    assert "using fake backend" in err


def test_dry_run_prints_prompts_and_calls_nothing(monkeypatch, invoke) -> None:
    import livegen.llm

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("--dry-run must not build a backend")

    monkeypatch.setattr(livegen.llm, "get_backend", boom)
    code, out, err = invoke(
        "script", str(SAMPLES / "face-cream.zh.yaml"), "--backend", "openai", "--dry-run"
    )
    assert code == 0, err
    # An hour is written segment by segment: its dry run is one prompt per segment.
    assert "===== segment 1/" in out and "· user · prompts/segment.user.j2 =====" in out
    assert "===== script ·" not in out
    code, out, err = invoke(
        "script", str(SAMPLES / "face-cream.zh.yaml"), "--duration", "5", "--dry-run"
    )
    assert code == 0, err
    for header in (
        "===== script · system · prompts/script.system.j2 =====",
        "===== script · user · prompts/script.user.j2 =====",
        "===== titles · user · prompts/titles.user.j2 =====",
        "===== cta · system · prompts/cta.system.j2 =====",
    ):
        assert header in out
    code, out, _ = invoke("cta", str(SAMPLES / "face-cream.zh.yaml"), "--dry-run")
    assert code == 0 and "===== cta · user" in out and "script · user" not in out


def test_offline_is_the_default_without_an_endpoint(invoke) -> None:
    code, out, _ = invoke("script", str(SAMPLES / "face-cream.zh.yaml"), "--format", "json")
    assert code == 0
    assert json.loads(out)["generated_by"]["backend"] == "offline"


def test_titles_command_puts_model_suggestions_first(monkeypatch, invoke) -> None:
    import livegen.llm

    backend = FakeBackend()
    monkeypatch.setattr(
        livegen.llm, "get_backend", lambda name, config, model=None, reporter=None: backend
    )
    code, out, err = invoke(
        "titles",
        str(SAMPLES / "face-cream.zh.yaml"),
        "-n",
        "6",
        "--format",
        "json",
        "--backend",
        "openai",
    )
    assert code == 0, err
    items = json.loads(out)
    assert items[0] == {
        "text": "保湿一整天的面霜",
        "angle": "benefit",
        "chars": 8,
        "label": items[0]["label"],
        "lint": [],
    }
    assert [c[0] for c in backend.calls] == ["titles"]
    assert len({i["angle"] for i in items}) == 6
