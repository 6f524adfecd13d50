"""The loading guard: deep nesting, YAML alias bombs, NaN/inf and huge numbers."""

from __future__ import annotations

import json
import resource
from pathlib import Path

import pytest
import yaml
from fault_media import SPEC

from livegen.errors import ExitCode, InputError, SpecError
from livegen.safeload import MAX_DEPTH, json_depth, load_json, load_yaml
from livegen.spec import load_spec

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
name: x
price: 1
selling_points: [*i]
"""


def _spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


def _one_error(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_a_billion_laughs_spec_is_refused_before_it_expands(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SpecError, match="alias"):
        load_spec(path)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200 * 1024  # the expansion would be gigabytes


def test_the_bomb_through_the_cli_is_exit_2(invoke, tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    code, _, err = invoke("script", str(path))
    assert code == ExitCode.USAGE
    assert "alias" in _one_error(err)


def test_honest_anchors_still_load(tmp_path: Path) -> None:
    text = _spec_text() + "\nkeywords: &kw [面霜, 保湿]\nforbidden_claims: *kw\n"
    path = tmp_path / "anchors.yaml"
    path.write_text(text, encoding="utf-8")
    spec = load_spec(path)
    assert spec.keywords == spec.forbidden_claims == ["面霜", "保湿"]


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(InputError, match=r"own parent|alias"):
        load_yaml("a: &a [1, *a]\n", "loop.yaml")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deeply_nested_specs_are_one_usage_line(invoke, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    depth = 50_000
    path.write_text('{"name": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    code, _, err = invoke("script", str(path))
    assert code == ExitCode.USAGE, err
    assert "nested" in _one_error(err)


def test_deeply_nested_highlights_are_one_usage_line(invoke, tiny_video, tmp_path) -> None:
    path = tmp_path / "h.json"
    path.write_text(
        '{"schema_version": "1", "highlights": ' + "[" * 20_000 + "]" * 20_000 + "}",
        encoding="utf-8",
    )
    code, _, err = invoke(
        "clip",
        str(tiny_video),
        "--highlights",
        str(path),
        "-o",
        str(tmp_path / "out"),
        "--subtitles",
        "none",
    )
    assert code == ExitCode.USAGE, err
    assert "nested" in _one_error(err)


def test_json_depth_skips_brackets_inside_strings() -> None:
    assert json_depth('{"a": "[[[[[[", "b": [1, {"c": "]]]"}]}') == 3
    assert json_depth("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == MAX_DEPTH + 1
    assert load_json(json.dumps({"a": [[{"b": 1}]]}), "x") == {"a": [[{"b": 1}]]}


@pytest.mark.parametrize(
    "text",
    [
        '{"t": NaN}',
        '{"t": Infinity}',
        '{"t": -Infinity}',
        '{"t": 1e999}',
        '{"t": ' + "9" * 5000 + "}",
    ],
)
def test_json_numbers_that_are_not_numbers_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="not valid JSON"):
        load_json(text, "x.json")


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e300", "1e999"])
def test_price_must_be_a_real_finite_amount(tmp_path: Path, value: str) -> None:
    data = yaml.safe_load(_spec_text())
    path = tmp_path / "s.yaml"
    text = _spec_text().replace(f"price: {data['price']}\n", f"price: {value}\n", 1)
    text = text.replace(f"promo_price: {data['promo_price']}\n", "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match="price"):
        load_spec(path)


@pytest.mark.parametrize("field,value", [("duration_minutes", ".nan"), ("promo_price", ".inf")])
def test_other_numbers_refuse_nan_and_inf_too(tmp_path: Path, field: str, value: str) -> None:
    text = _spec_text() + f"\n{field}: {value}\n"
    lines = [ln for ln in text.splitlines() if not ln.startswith(f"{field}:")]
    path = tmp_path / "s.yaml"
    path.write_text("\n".join(lines) + f"\n{field}: {value}\n", encoding="utf-8")
    with pytest.raises(SpecError, match=field):
        load_spec(path)


def test_toml_inf_price_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('name = "茶杯"\nprice = inf\nselling_points = ["保温"]\n', encoding="utf-8")
    with pytest.raises(SpecError, match="price"):
        load_spec(path)
