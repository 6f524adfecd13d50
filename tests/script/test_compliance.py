"""Generated text is linted: the offline composer is clean, a model's flags are rewritten once."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.llm.fake_openai import FakeOpenAIServer, RecordedRequest, Reply, chat, chat_json

from livegen.errors import ExitCode
from livegen.schemas.common import AI_LABEL

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
# Product specs only: the sample recordings' sidecars (*.truth.json) are not specs.
SPEC_FILES = sorted(
    p.name
    for p in SAMPLES.glob("*.*")
    if p.suffix in (".yaml", ".json", ".toml") and not p.name.endswith(".truth.json")
)
FACE = str(SAMPLES / "face-cream.zh.yaml")
BAD_LINE = "这是最好的面霜，还能祛痘"
REWRITTEN = "这款面霜主打24小时保湿，有第三方保湿测试报告可查"
API_KEY = "sk-test-0c1d2e3f4a5b6c7d8e9f"
Invoke = Callable[..., tuple[int, str, str]]  # the `invoke` fixture: in process
Cli = Callable[..., subprocess.CompletedProcess[str]]  # the `cli` fixture: a subprocess


def test_there_are_product_specs_to_check() -> None:
    assert len(SPEC_FILES) >= 4 and "face-cream.zh.yaml" in SPEC_FILES


@pytest.mark.parametrize("sample", SPEC_FILES)
def test_offline_composer_never_emits_an_error_finding(sample: str) -> None:
    from livegen.lint.api import errors_only, lint_script, lint_texts
    from livegen.script import ScriptOptions, compose, make_variants
    from livegen.spec import load_spec
    from livegen.templating import Templates

    spec = load_spec(SAMPLES / sample)
    tpl = Templates()
    personas: list[tuple[str, ...]] = [()] + [(p.name,) for p in spec.personas]
    if len(spec.personas) > 1:
        personas.append(tuple(p.name for p in spec.personas))
    checked = 0
    for style, seed, chosen in itertools.product(
        ("promo", "story", "knowledge"), (0, 1, 7), personas
    ):
        teasers = (None, 15, 30, 60) if seed == 0 else (None,)
        for teaser in teasers:
            opts = ScriptOptions(
                style=style,
                seed=seed,
                personas=chosen,
                teaser=teaser,
                duration_minutes=20,
                n_titles=10,
                n_ctas=8,
            )
            script = compose(spec, opts, tpl)
            found = errors_only(lint_script(script, spec))
            assert found == [], (
                style,
                seed,
                chosen,
                teaser,
                [(f.where, f.phrase, f.rule) for f in found],
            )
            assert errors_only(script.lint) == []
            checked += 1
    for platform, seed in itertools.product(("douyin", "taobao", "tiktok", "youtube"), (0, 3)):
        opts = ScriptOptions(platform=platform, seed=seed)
        for kind, n in (("title", 20), ("cta", 12)):
            items = make_variants(spec, opts, tpl, kind, n)
            found = errors_only(lint_texts([v.text for v in items], spec=spec))
            assert found == [], (platform, seed, kind, [(f.phrase, f.rule) for f in found])
    assert checked >= 3 * 3 + 9


# -- the machine-readable label in Markdown ------------------------------------------------


def test_markdown_carries_a_generated_by_marker_besides_the_label(invoke, tmp_path) -> None:
    out = tmp_path / "show.md"
    code, _, err = invoke("script", FACE, "--duration", "5", "-o", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"> {AI_LABEL['zh']}")
    marker = re.findall(
        r"^<!-- generated_by: livegen \S+; backend=offline; seed=0; "
        r"ai_generated=true; created=\S+ -->$",
        text,
        flags=re.M,
    )
    assert len(marker) == 1


def test_lint_warns_when_a_generated_script_lost_its_label(invoke, tmp_path) -> None:
    labelled = tmp_path / "show.md"
    code, _, err = invoke("script", FACE, "--duration", "5", "-o", str(labelled))
    assert code == 0, err
    code, out, err = invoke("lint", str(labelled), "--format", "json")
    assert code == 0, err
    assert [f["rule"] for f in json.loads(out)["findings"] if f["rule"] == "label.missing"] == []

    stripped = tmp_path / "stripped.md"
    lines = labelled.read_text(encoding="utf-8").splitlines(keepends=True)
    stripped.write_text(
        "".join(line for line in lines if AI_LABEL["zh"] not in line), encoding="utf-8"
    )
    code, out, err = invoke("lint", str(stripped), "--format", "json", "--fail-on", "warning")
    assert code == 1
    missing = [f for f in json.loads(out)["findings"] if f["rule"] == "label.missing"]
    assert len(missing) == 1 and missing[0]["severity"] == "warning"


# -- CLI reporting, in process ---------------------------------------------------------------


class DraftingBackend:
    """A chat backend whose draft puts `bad` into the first segment's first line."""

    name = "fake"
    model = "fake-1"

    def __init__(self, bad: str = BAD_LINE, bad_title: str | None = None) -> None:
        self.bad = bad
        self.bad_title = bad_title
        self.tasks: list[str] = []

    def complete_json(self, messages: Any, schema: Any, *, task: str) -> Any:
        self.tasks.append(task)
        if task == "script":
            return schema.model_validate(
                {"segments": _draft_segments(messages[1].content, self.bad)}
            )
        if task == "rewrite":
            return schema.model_validate({"replacements": _rewrites(messages[1].content)})
        texts = [self.bad_title] if self.bad_title else []
        return schema.model_validate(
            {"variants": [{"text": t, "angle": "benefit"} for t in [*texts, "保湿一整天的面霜"]]}
        )

    def complete_text(self, messages: Any, *, task: str) -> str:
        raise AssertionError("not used")


def _draft_segments(user_prompt: str, bad: str) -> list[dict[str, Any]]:
    start = user_prompt.index("\n[", user_prompt.index("The plan"))
    plan = json.loads(user_prompt[start : user_prompt.index("\n]", start) + 2])
    return [
        {
            "index": seg["index"],
            "lines": [bad if seg["index"] == 0 else f"第{seg['index']}段：{seg['title']}"],
            "cues": [],
        }
        for seg in plan
    ]


def _rewrites(user_prompt: str) -> list[dict[str, Any]]:
    ids = re.findall(r"^\[(\d+)\] \w+ at ", user_prompt, flags=re.M)
    return [{"id": int(i), "text": REWRITTEN} for i in ids]


def _use_backend(monkeypatch: pytest.MonkeyPatch, backend: DraftingBackend) -> DraftingBackend:
    """Every command in this process asks `backend`, whatever backend it names."""
    import livegen.llm

    monkeypatch.setattr(
        livegen.llm, "get_backend", lambda name, config, model=None, reporter=None: backend
    )
    return backend


@pytest.fixture
def drafting(monkeypatch: pytest.MonkeyPatch) -> DraftingBackend:
    return _use_backend(monkeypatch, DraftingBackend())


def _drafted_script(invoke: Invoke, *args: str) -> tuple[int, str, str]:
    """`livegen script` of the face cream for 5 minutes through the model backend, in process."""
    return invoke("script", FACE, "--duration", "5", "--backend", "openai", *args)


def test_no_fix_writes_the_script_then_warns_one_line_per_finding(
    drafting, invoke, tmp_path
) -> None:
    out = tmp_path / "show.json"
    code, stdout, err = _drafted_script(invoke, "--no-fix", "--format", "json", "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    assert "rewrite" not in drafting.tasks
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["segments"][0]["lines"][0] == BAD_LINE
    warnings = [line for line in err.splitlines() if line.startswith("warning: lint: ")]
    assert (
        'warning: lint: segments[0].lines[0]: "最好" zh.absolute.superlative (error); suggestion: '
    ) in "\n".join(warnings)
    assert any('"祛痘" zh.cosmetics.medical-claim (error)' in w for w in warnings)
    assert {(f["where"], f["rule"]) for f in data["lint"]} >= {
        ("segments[0].lines[0]", "zh.absolute.superlative"),
        ("segments[0].lines[0]", "zh.cosmetics.medical-claim"),
    }


def test_livegen_lint_finds_what_the_script_stage_reported(drafting, invoke, tmp_path) -> None:
    out = tmp_path / "show.json"
    code, _, err = _drafted_script(invoke, "--no-fix", "--format", "json", "-o", str(out))
    assert code == 0, err
    reported = {
        (f["where"], f["rule"], f["severity"])
        for f in json.loads(out.read_text(encoding="utf-8"))["lint"]
    }
    code, stdout, err = invoke("lint", str(out), "--spec", FACE, "--format", "json")
    assert code == 1, err
    found = {(f["where"], f["rule"], f["severity"]) for f in json.loads(stdout)["findings"]}
    assert found == reported and len(found) >= 2


def test_fail_on_exits_1_after_writing_when_findings_remain(drafting, invoke, tmp_path) -> None:
    out = tmp_path / "show.md"
    code, _, err = _drafted_script(invoke, "--no-fix", "--fail-on", "error", "-o", str(out))
    assert code == 1
    assert BAD_LINE in out.read_text(encoding="utf-8")
    assert "error:" not in err
    code, _, err = _drafted_script(invoke, "--fail-on", "error", "-o", str(tmp_path / "fixed.md"))
    assert code == 0, err  # rewritten: nothing at error level remains


def test_configured_rule_files_apply_to_generated_text(
    drafting, invoke, tmp_path, monkeypatch
) -> None:
    rules = tmp_path / "house.yaml"
    rules.write_text(
        "disable: [zh.absolute.superlative]\n"
        "rules:\n"
        "  - id: house.no-face-cream\n"
        "    severity: warning\n"
        "    basis: 品牌话术规范\n"
        "    words: [面霜]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("LIVEGEN_LINT_RULES", str(rules))
    code, out, err = _drafted_script(invoke, "--no-fix", "--format", "json")
    assert code == 0, err
    rules_found = {
        f["rule"] for f in json.loads(out)["lint"] if f["where"] == "segments[0].lines[0]"
    }
    assert "zh.absolute.superlative" not in rules_found
    assert {"house.no-face-cream", "zh.cosmetics.medical-claim"} <= rules_found


def test_a_broken_rule_file_fails_before_the_model_is_asked(
    drafting, invoke, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("LIVEGEN_LINT_RULES", str(tmp_path / "missing.yaml"))
    code, out, err = invoke("script", FACE, "--backend", "openai")
    assert code == ExitCode.USAGE and out == ""
    assert "missing.yaml" in err and "Traceback" not in err
    assert drafting.tasks == []


def test_fail_on_is_checked_before_anything_is_generated(drafting, invoke) -> None:
    code, out, err = invoke("script", FACE, "--backend", "openai", "--fail-on", "bad")
    assert code == ExitCode.USAGE and out == ""
    assert "--fail-on must be one of error, warning, info" in err
    assert drafting.tasks == []


def test_offline_script_reports_nothing_and_passes_fail_on_warning(invoke) -> None:
    code, out, err = invoke(
        "script", FACE, "--duration", "5", "--fail-on", "warning", "--format", "json"
    )
    assert code == 0, err
    assert "lint:" not in err
    assert all(f["severity"] == "info" for f in json.loads(out)["lint"])


def test_model_titles_still_flagged_after_the_rewrite_are_dropped(monkeypatch, invoke) -> None:
    class Stubborn(DraftingBackend):
        def complete_json(self, messages: Any, schema: Any, *, task: str) -> Any:
            if task == "rewrite":
                self.tasks.append(task)
                return schema.model_validate({"replacements": [{"id": 1, "text": "全网第一面霜"}]})
            return super().complete_json(messages, schema, task=task)

    backend = _use_backend(monkeypatch, Stubborn(bad_title="全网最好的面霜"))
    code, out, err = invoke("titles", FACE, "-n", "6", "--backend", "openai", "--format", "json")
    assert code == 0, err
    assert backend.tasks == ["titles", "rewrite"]
    texts = [item["text"] for item in json.loads(out)]
    assert "全网最好的面霜" not in texts and "全网第一面霜" not in texts
    assert texts[0] == "保湿一整天的面霜" and len(texts) == 6
    assert 'dropped the model\'s title "全网第一面霜"' in err
    assert all(
        item["lint"] == [] or all(f["severity"] == "info" for f in item["lint"])
        for item in json.loads(out)
    )


# -- end to end: a `livegen` subprocess against a real HTTP server -----------------------------


def _answer(request: RecordedRequest) -> Reply:
    """Answers each stage's request the way a compliant-looking model would."""
    system = request.messages[0]["content"]
    user = request.last_user_message
    if "compliance editor" in system:
        return chat_json({"replacements": _rewrites(user)})
    if "scriptwriter" in system:
        return chat_json({"segments": _draft_segments(user, BAD_LINE)})
    if "calls to action" in system:
        return chat_json(
            {"variants": [{"text": "点击下方小黄车，把保湿带回家", "angle": "benefit"}]}
        )
    return chat_json({"variants": [{"text": "保湿一整天的面霜", "angle": "benefit"}]})


def _script_over_http(
    cli: Cli, server: FakeOpenAIServer, *args: str
) -> subprocess.CompletedProcess[str]:
    """A `livegen script` subprocess of the face cream for 5 minutes, asking `server`."""
    env = {
        "LIVEGEN_BASE_URL": server.base_url,
        "LIVEGEN_API_KEY": API_KEY,
        "LIVEGEN_MODEL": "fake-model",
        "LIVEGEN_LLM_MAX_RETRIES": "0",
    }
    return cli(
        "script", FACE, "--duration", "5", "--backend", "openai", *args, env=env, timeout=120
    )


def test_openai_draft_with_a_forbidden_claim_comes_back_rewritten(cli) -> None:
    with FakeOpenAIServer() as server:
        server.default = _answer
        res = _script_over_http(cli, server, "--format", "json")
        requests = server.chat_requests
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)  # stdout is the JSON and nothing else
    assert data["segments"][0]["lines"][0] == REWRITTEN
    assert data["generated_by"]["backend"] == "openai"
    assert [f for f in data["lint"] if f["severity"] != "info"] == []
    assert len(requests) == 4  # script, titles, cta, then one rewrite
    rewrite = requests[3]
    assert "compliance editor" in rewrite.messages[0]["content"]
    asked = rewrite.last_user_message
    assert f"[1] line at segments[0].lines[0]: {BAD_LINE}" in asked
    assert '"最好" · zh.absolute.superlative (error)' in asked
    assert "广告法 第九条" in asked and "suggestion: " in asked
    assert "warning: lint:" not in res.stderr


def test_openai_no_fix_keeps_the_line_and_warns(cli, tmp_path) -> None:
    out = tmp_path / "show.json"
    with FakeOpenAIServer() as server:
        server.default = _answer
        res = _script_over_http(cli, server, "--format", "json", "--no-fix", "-o", str(out))
        requests = server.chat_requests
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    assert len(requests) == 3
    assert json.loads(out.read_text(encoding="utf-8"))["segments"][0]["lines"][0] == BAD_LINE
    assert (
        'warning: lint: segments[0].lines[0]: "最好" zh.absolute.superlative (error)' in res.stderr
    )
    assert "Traceback" not in res.stderr


def test_openai_invalid_json_twice_is_exit_4_and_no_file(cli, tmp_path) -> None:
    out = tmp_path / "show.md"
    with FakeOpenAIServer() as server:
        server.queue(chat("Sure! Here is your script: {segments: ..."), chat("still not JSON"))
        res = _script_over_http(cli, server, "-o", str(out))
        requests = server.chat_requests
    assert res.returncode == ExitCode.BACKEND
    assert res.stdout == ""
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "did not return valid" in errors[0]
    assert "Traceback" not in res.stderr and API_KEY not in res.stderr
    assert len(requests) == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


# -- the rewrite step itself -----------------------------------------------------------------


class _Answering:
    name = "fake"
    model = "fake-1"

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.requests: list[str] = []

    def complete_json(self, messages: Any, schema: Any, *, task: str) -> Any:
        self.requests.append(messages[1].content)
        if isinstance(self.answer, Exception):
            raise self.answer
        return schema.model_validate(self.answer)

    def complete_text(self, messages: Any, *, task: str) -> str:
        raise AssertionError("not used")


def _titles_review(answer: Any, texts: list[str], *, fix: bool = True):  # type: ignore[no-untyped-def]
    from livegen.progress import NullReporter
    from livegen.schemas.script import Variant
    from livegen.script import ScriptOptions
    from livegen.script.compliance import review_variants
    from livegen.script.offline import Composer
    from livegen.script.options import resolve
    from livegen.spec import load_spec
    from livegen.templating import Templates

    spec = load_spec(SAMPLES / "face-cream.zh.yaml")
    composer = Composer(resolve(spec, ScriptOptions()), Templates())
    backend, reporter = _Answering(answer), NullReporter()
    items, result = review_variants(
        [Variant(text=t, angle="benefit") for t in texts],
        "title",
        spec=spec,
        backend=backend,
        composer=composer,
        fix=fix,
        reporter=reporter,
    )
    return items, result, backend, reporter


def test_replacements_apply_by_id_once_and_unknown_ids_are_ignored() -> None:
    answer = {
        "replacements": [
            {"id": 2, "text": "  山茶花面霜，\n保湿一整天 "},
            {"id": 2, "text": "第二个答案不算"},
            {"id": 9, "text": "没有这个编号"},
        ]
    }
    items, result, backend, _ = _titles_review(
        answer, ["保湿一整天的面霜", "最好的面霜", "三天祛痘的面霜"]
    )
    assert len(backend.requests) == 1
    assert "[1] title at titles[1].text: 最好的面霜" in backend.requests[0]
    assert "[2] title at titles[2].text: 三天祛痘的面霜" in backend.requests[0]
    assert [v.text for v in items] == ["保湿一整天的面霜", "最好的面霜", "山茶花面霜， 保湿一整天"]
    assert (result.asked, result.rewritten) == (2, 1)
    assert {f.where for f in result.findings if f.severity == "error"} == {"titles[1].text"}


def test_a_failed_rewrite_keeps_the_draft_and_says_why() -> None:
    from livegen.errors import BackendError

    items, result, _, reporter = _titles_review(
        BackendError("rewrite: no answer within 60 s"), ["最好的面霜"]
    )
    assert [v.text for v in items] == ["最好的面霜"]
    assert result.failed == "rewrite: no answer within 60 s"
    assert any("the rewrite request failed" in w for w in reporter.warnings)
    assert [f.rule for f in result.findings] == ["zh.absolute.superlative"]


def test_clean_drafts_and_no_fix_send_nothing_back() -> None:
    items, result, backend, _ = _titles_review({"replacements": []}, ["保湿一整天的面霜"])
    assert backend.requests == [] and result.asked == 0
    items, result, backend, _ = _titles_review({"replacements": []}, ["最好的面霜"], fix=False)
    assert backend.requests == [] and [v.text for v in items] == ["最好的面霜"]
    assert result.findings and result.asked == 0
