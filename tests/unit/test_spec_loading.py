"""Product specs: every sample loads; bad specs fail in one line naming file and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tests.support.paths import SAMPLES

from livegen.errors import ExitCode, SpecError
from livegen.spec import load_spec

SAMPLE_FILES = sorted(
    p
    for p in SAMPLES.iterdir()
    if p.suffix in (".yaml", ".json", ".toml") and not p.name.endswith(".truth.json")
)  # recordings' sidecars
FACE_CREAM = SAMPLES / "face-cream.zh.yaml"


def _data() -> dict:
    return yaml.safe_load(FACE_CREAM.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_spec_loads(path) -> None:
    spec = load_spec(path)
    assert spec.selling_points and spec.personas and spec.faq and spec.proof
    assert spec.offer.gifts or spec.offer.coupon


def test_the_required_samples_exist() -> None:
    names = {p.name for p in SAMPLE_FILES}
    assert {
        "face-cream.zh.yaml",
        "wuchang-rice.zh.yaml",
        "earbuds.zh.yaml",
        "phone-stand.en.yaml",
    } <= names
    assert load_spec(SAMPLES / "wuchang-rice.zh.yaml").style == "story"
    assert load_spec(SAMPLES / "phone-stand.en.yaml").platform == "tiktok"


def test_forbidden_claims_stay_out_of_the_selling_points() -> None:
    spec = load_spec(FACE_CREAM)
    assert spec.forbidden_claims
    text = json.dumps(spec.model_dump(exclude={"forbidden_claims"}), ensure_ascii=False)
    for claim in spec.forbidden_claims:
        assert claim not in text


def test_json_and_toml_specs_load_like_yaml(tmp_path) -> None:
    import tomllib  # noqa: F401  (the loader uses it; keep the test honest about the format)

    data = _data()
    (tmp_path / "s.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_spec(tmp_path / "s.json") == load_spec(FACE_CREAM)
    toml_lines = [
        'name = "茶杯"',
        "price = 59",
        'selling_points = ["保温六小时"]',
        "[offer]",
        'coupon = "满100减10"',
    ]
    (tmp_path / "s.toml").write_text("\n".join(toml_lines) + "\n", encoding="utf-8")
    spec = load_spec(tmp_path / "s.toml")
    assert spec.name == "茶杯" and spec.selling_points[0].title == "保温六小时"


def _bad(tmp_path: Path, data: object, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_wrong_type_names_the_field(tmp_path) -> None:
    data = _data()
    data["price"] = "cheap"
    with pytest.raises(SpecError) as info:
        load_spec(_bad(tmp_path, data))
    assert "bad.yaml" in info.value.message and "'price'" in info.value.message
    assert "cheap" in info.value.message


def test_missing_field_names_the_field(tmp_path) -> None:
    data = _data()
    del data["name"]
    with pytest.raises(SpecError, match="field 'name'"):
        load_spec(_bad(tmp_path, data))


def test_nested_field_path_is_named(tmp_path) -> None:
    data = _data()
    data["faq"][1] = {"question": "能用吗？"}
    with pytest.raises(SpecError, match=r"field 'faq\.1\.answer'"):
        load_spec(_bad(tmp_path, data))


def test_promo_price_above_price_is_rejected(tmp_path) -> None:
    data = _data()
    data["promo_price"] = 299
    with pytest.raises(SpecError, match=r"field 'promo_price': .*higher than price \(199\)"):
        load_spec(_bad(tmp_path, data))


def test_unknown_key_is_rejected_so_typos_surface(tmp_path) -> None:
    data = _data()
    data["sellingpoints"] = data.pop("selling_points")
    with pytest.raises(SpecError, match="selling"):
        load_spec(_bad(tmp_path, data))


def test_bad_yaml_names_the_line(tmp_path) -> None:
    path = _bad(tmp_path, "name: 面霜\nprice: [199\nselling_points: x\n")
    with pytest.raises(SpecError, match=r"bad\.yaml: not valid YAML \(line \d+"):
        load_spec(path)


@pytest.mark.parametrize("mutate", ["wrong_type", "missing", "promo", "yaml"])
def test_bad_spec_on_the_command_line_is_one_line_and_exit_2(tmp_path, invoke, mutate) -> None:
    data = _data()
    if mutate == "wrong_type":
        data["duration_minutes"] = "long"
    elif mutate == "missing":
        del data["selling_points"]
    elif mutate == "promo":
        data["promo_price"] = 500
    path = _bad(tmp_path, "name: [x\n" if mutate == "yaml" else data)
    code, out, err = invoke("script", str(path))
    assert code == ExitCode.USAGE
    assert out == ""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert str(path) in lines[0]


def test_missing_spec_file_is_exit_2(invoke, tmp_path) -> None:
    code, out, err = invoke("titles", str(tmp_path / "nope.yaml"))
    assert code == ExitCode.USAGE and out == ""
    assert "no such file" in err
