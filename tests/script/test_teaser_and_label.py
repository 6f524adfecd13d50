"""Short-video teasers and the visible AI-generated label."""

from __future__ import annotations

import json

import pytest
from script_helpers import assert_tiles, spoken
from tests.support.paths import SAMPLES

from livegen.schemas.common import AI_LABEL

# Comfortable speaking rates; a teaser that needs more is unreadable in its slot.
MAX_ZH_CHARS_PER_S = 6.0
MAX_EN_WORDS_PER_S = 3.2


@pytest.mark.parametrize("seconds", [15, 30, 60])
@pytest.mark.parametrize("sample", ["face-cream.zh.yaml", "phone-stand.en.yaml"])
def test_teaser_fits_its_length(compose, seconds, sample) -> None:
    script = compose(sample, teaser=seconds)
    assert script.teaser == seconds and script.duration == seconds
    assert_tiles(script, seconds)
    assert script.segments[0].kind == "hook" and script.segments[0].end <= 5
    assert script.segments[-1].kind == "preview"
    text = spoken(script)
    if script.language == "zh":
        assert sum(len(t) for t in text) <= MAX_ZH_CHARS_PER_S * seconds
    else:
        assert sum(len(t.split()) for t in text) <= MAX_EN_WORDS_PER_S * seconds


def test_longer_teasers_say_more(compose) -> None:
    lengths = [
        sum(len(t) for t in spoken(compose("earbuds.zh.yaml", teaser=s))) for s in (15, 30, 60)
    ]
    assert lengths[0] < lengths[1] < lengths[2]


def test_bad_teaser_length_is_a_usage_error(invoke) -> None:
    code, out, err = invoke("script", str(SAMPLES / "face-cream.zh.yaml"), "--teaser", "20")
    assert code == 2 and out == ""
    assert "--teaser must be one of 15, 30, 60" in err


def test_label_is_in_markdown_and_json(invoke) -> None:
    code, out, _ = invoke("script", str(SAMPLES / "face-cream.zh.yaml"))
    assert code == 0
    assert out.splitlines()[0] == f"> {AI_LABEL['zh']}"
    code, out, _ = invoke("script", str(SAMPLES / "phone-stand.en.yaml"), "--format", "json")
    data = json.loads(out)
    assert data["label"] == AI_LABEL["en"]
    assert data["generated_by"]["ai_generated"] is True


def test_no_label_leaves_it_out_everywhere(invoke) -> None:
    code, out, _ = invoke("script", str(SAMPLES / "face-cream.zh.yaml"), "--no-label")
    assert code == 0 and AI_LABEL["zh"] not in out
    code, out, _ = invoke(
        "script", str(SAMPLES / "face-cream.zh.yaml"), "--no-label", "--format", "json"
    )
    data = json.loads(out)
    assert data["label"] is None
    assert data["generated_by"]["ai_generated"] is True  # the metadata label stays
    code, out, _ = invoke("titles", str(SAMPLES / "face-cream.zh.yaml"), "--no-label")
    assert AI_LABEL["zh"] not in out and out.startswith(" 1. ")


def test_titles_text_carries_the_label_line(invoke) -> None:
    code, out, _ = invoke("titles", str(SAMPLES / "face-cream.zh.yaml"), "-n", "3")
    assert code == 0
    assert out.splitlines()[0] == AI_LABEL["zh"]
    assert len(out.splitlines()) == 4
