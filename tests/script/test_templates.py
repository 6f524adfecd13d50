"""Templates: built-ins ship, user overrides win, the sandbox holds, errors are precise."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.paths import SAMPLES

from livegen.errors import ExitCode, InputError, UsageError
from livegen.templating import Templates

GOLDEN = Path(__file__).resolve().parent / "golden"
TASKS = ("script", "titles", "cta")


def _prompts(**opts: object):  # type: ignore[no-untyped-def]
    from livegen.script import ScriptOptions, prompts
    from livegen.spec import load_spec

    spec = load_spec(SAMPLES / "face-cream.zh.yaml")
    return prompts(spec, ScriptOptions(**opts), Templates(), TASKS)  # type: ignore[arg-type]


@pytest.mark.parametrize("task", TASKS)
def test_rendered_prompts_match_the_golden_files(task, update_goldens) -> None:
    """`make goldens` (or `pytest --update-goldens`) rewrites the files after an intended
    change."""
    prompt = next(
        p
        for p in _prompts(personas=("干皮上班族",), duration_minutes=10, llm_plan="whole")
        if p.task == task
    )
    for message in prompt.messages:
        path = GOLDEN / f"face-cream.{task}.{message.role}.txt"
        if update_goldens:
            path.write_text(message.content + "\n", encoding="utf-8")
        assert message.content + "\n" == path.read_text(encoding="utf-8"), path.name


def test_prompts_carry_the_rules_and_forbidden_claims() -> None:
    script_prompt = _prompts(llm_plan="whole")[0]
    system, user = (m.content for m in script_prompt.messages)
    assert "三天祛痘" in system and "医学级修复" in system  # the spec's forbidden claims
    assert "JSON" in system
    assert "山茶花保湿修护面霜" in user and '"index": 0' in user


def test_every_builtin_template_is_listed() -> None:
    names = {t.name for t in Templates().list_templates()}
    for task in ("script", "teaser", "titles", "cta"):
        assert f"prompts/{task}.system.j2" in names
        assert f"prompts/{task}.user.j2" in names
    assert {"phrases/zh.yaml", "phrases/en.yaml", "render/script.md.j2", "offline/hook.j2"} <= names


def test_show_accepts_short_names_and_rejects_unknown_ones() -> None:
    tpl = Templates()
    assert "JSON" in tpl.show("script.system")
    assert tpl.show("prompts/script.system.j2") == tpl.show("script.system")
    with pytest.raises(UsageError, match="unknown template 'nope'"):
        tpl.show("nope")


def test_user_override_wins_and_is_reported(tmp_path) -> None:
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "titles.system.j2").write_text(
        "Custom system prompt for {{ product }}.\n", encoding="utf-8"
    )
    tpl = Templates(tmp_path)
    origin = {t.name: t.origin for t in tpl.list_templates()}
    assert origin["prompts/titles.system.j2"] == str(tmp_path)
    assert origin["prompts/script.system.j2"] == "built-in"
    text = tpl.render("prompts/titles.system.j2", {"product": "面霜"})
    assert text == "Custom system prompt for 面霜.\n"


def test_user_phrase_bank_restyles_offline_output_and_keeps_the_rest(tmp_path, compose) -> None:
    (tmp_path / "phrases").mkdir()
    (tmp_path / "phrases" / "zh.yaml").write_text(
        'preview.thanks:\n  - "今天就聊到这儿，{{ product }}的链接一直挂着。"\n', encoding="utf-8"
    )
    script = compose("face-cream.zh.yaml", templates=tmp_path, duration_minutes=10)
    last = script.segments[-1]
    assert last.lines[0] == "今天就聊到这儿，山茶花保湿修护面霜的链接一直挂着。"
    assert script.segments[0].lines  # built-in phrases still fill the other slots
    assert str(tmp_path) in (script.generated_by.template or "")


def test_user_line_template_restyles_a_segment(tmp_path, compose) -> None:
    (tmp_path / "offline").mkdir()
    (tmp_path / "offline" / "price.j2").write_text(
        "价格：{{ promo }}（原价{{ price }}）\n@cue 价格牌\n", encoding="utf-8"
    )
    script = compose("face-cream.zh.yaml", templates=tmp_path, duration_minutes=10)
    price = next(s for s in script.segments if s.kind == "price")
    assert price.lines == ["价格：139元（原价199元）"]
    assert price.cues == ["价格牌"]


def test_missing_variable_names_the_template_and_the_variable(tmp_path) -> None:
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "cta.user.j2").write_text("line one\n{{ prodcut }}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        Templates(tmp_path).render("prompts/cta.user.j2", {"product": "x"})
    assert "prompts/cta.user.j2" in info.value.message
    assert "'prodcut'" in info.value.message
    assert "line 2" in info.value.message


def test_missing_attribute_in_a_builtin_template_is_an_error_too() -> None:
    expected = r"'prompts/titles\.user\.j2' line 1: undefined variable 'platform_label'"
    with pytest.raises(InputError, match=expected):
        Templates().render("prompts/titles.user.j2", {"n": 3})


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ say.__globals__ }}",
    ],
)
def test_sandbox_blocks_python_internals_in_user_templates(tmp_path, payload) -> None:
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "script.system.j2").write_text(payload, encoding="utf-8")
    with pytest.raises(InputError, match=r"script\.system\.j2"):
        Templates(tmp_path).render("prompts/script.system.j2", {"say": lambda s: s})


def test_sandbox_also_guards_user_phrases(tmp_path, compose) -> None:
    (tmp_path / "phrases").mkdir()
    (tmp_path / "phrases" / "zh.yaml").write_text(
        'greeting:\n  - "{{ say.__globals__ }}"\n', encoding="utf-8"
    )
    with pytest.raises(InputError, match="greeting"):
        compose("face-cream.zh.yaml", templates=tmp_path)


def test_missing_templates_folder_is_a_usage_error(tmp_path, invoke) -> None:
    code, out, err = invoke("templates", "list", "--templates", str(tmp_path / "absent"))
    assert code == ExitCode.USAGE and out == ""
    assert "templates folder does not exist" in err


def test_templates_commands_list_and_show(tmp_path, invoke) -> None:
    code, out, err = invoke("templates", "list")
    assert code == 0, err
    assert "prompts/script.user.j2\tbuilt-in" in out.splitlines()
    code, out, _ = invoke("templates", "show", "script.user")
    assert code == 0 and "{{ spec_json }}" in out
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "script.user.j2").write_text("mine\n", encoding="utf-8")
    code, out, _ = invoke("templates", "show", "script.user", "--templates", str(tmp_path))
    assert out == "mine\n"


def test_templates_dir_from_config_is_used(tmp_path, cli) -> None:
    folder = tmp_path / "tpl"
    (folder / "prompts").mkdir(parents=True)
    (folder / "prompts" / "cta.system.j2").write_text("from config\n", encoding="utf-8")
    (tmp_path / "livegen.toml").write_text(f'[templates]\ndir = "{folder}"\n', encoding="utf-8")
    res = cli("templates", "show", "cta.system", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "from config\n"


def test_bad_template_syntax_names_the_file_and_line(tmp_path) -> None:
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "cta.user.j2").write_text("ok\n{% if %}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cta.user.j2' line 2"):
        Templates(tmp_path).render("prompts/cta.user.j2", {})


def test_compiled_templates_are_cached_apart_for_the_sandbox(tmp_path) -> None:
    from livegen.script import ScriptOptions
    from livegen.script import compose as run
    from livegen.spec import load_spec

    spec = load_spec(SAMPLES / "face-cream.zh.yaml")
    first = run(spec, ScriptOptions(), Templates(cache_dir=tmp_path / "c"))
    assert len(list((tmp_path / "c" / "jinja").iterdir())) > 50
    again = run(spec, ScriptOptions(), Templates(cache_dir=tmp_path / "c"))
    assert [s.lines for s in first.segments] == [s.lines for s in again.segments]
    user = tmp_path / "mine"
    user.mkdir()
    run(spec, ScriptOptions(), Templates(user, cache_dir=tmp_path / "c"))
    assert list((tmp_path / "c" / "jinja-sandbox").iterdir())
