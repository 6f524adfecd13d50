"""Output sizes from presets and overrides; tags from the product, spec and speech."""

from __future__ import annotations

import pytest

from livegen.clip.api import default_jobs, output_size
from livegen.clip.tags import clip_tags, frequent_terms
from livegen.errors import UsageError
from livegen.platforms import get_platform
from livegen.schemas.spec import ProductSpec


@pytest.mark.parametrize(
    ("platform", "aspect", "size", "expected"),
    [
        ("douyin", None, None, (1080, 1920)),
        ("xiaohongshu", None, None, (1080, 1440)),
        ("square", None, None, (1080, 1080)),
        ("douyin", "3:4", None, (1440, 1920)),
        ("youtube", "16:9", None, (1920, 1080)),
        ("douyin", None, "721x1281", (720, 1280)),  # x264 with yuv420p needs even sizes
    ],
)
def test_output_size_follows_preset_then_overrides(
    platform: str, aspect: str | None, size: str | None, expected: tuple[int, int]
) -> None:
    assert output_size(get_platform(platform), aspect, size) == expected


@pytest.mark.parametrize(
    ("aspect", "size"), [("wide", None), ("0:5", None), (None, "1080"), (None, "9x9")]
)
def test_bad_sizes_are_usage_errors(aspect: str | None, size: str | None) -> None:
    with pytest.raises(UsageError):
        output_size(get_platform("douyin"), aspect, size)


def test_default_jobs_use_every_core_once() -> None:
    jobs, threads = default_jobs()
    assert jobs >= 1 and threads >= 1


def test_repeated_terms_become_tags() -> None:
    text = "这款保温杯真的好用，保温杯可以保温二十四小时，保温杯颜值也高"
    assert frequent_terms(text)[0] == "保温杯"
    assert frequent_terms("great bottle, this bottle keeps the bottle cold") == ["bottle"]


def test_tags_put_product_and_spec_keywords_first() -> None:
    spec = ProductSpec.model_validate(
        {
            "name": "Thermo Cup",
            "brand": "Acme",
            "price": 99,
            "selling_points": ["keeps warm"],
            "keywords": ["保温", "#thermos"],
        }
    )
    tags = clip_tags(product="保温杯", spec=spec, text="保温杯 保温杯 好用")
    assert tags[:5] == ["保温杯", "ThermoCup", "Acme", "保温", "thermos"]
    assert len(tags) == len({t.lower() for t in tags})


def test_ranges_on_several_fragments_map_to_the_right_file() -> None:
    from livegen.clip.api import Part, Source, locate_parts
    from livegen.media.probe import MediaInfo

    def src(name: str, offset: float) -> Source:
        return Source(name, offset, MediaInfo(name, 10.0, True, True, 1280, 720, 30.0), "")

    parts = [src("a.mp4", 0.0), src("b.mp4", 10.0)]
    assert locate_parts(parts, 12.0, 14.0) == [Part(parts[1], 2.0, 2.0)]
    # across the boundary: the end of the first fragment, then the start of the next
    assert locate_parts(parts, 9.0, 11.0) == [Part(parts[0], 9.0, 1.0), Part(parts[1], 0.0, 1.0)]


def test_two_cores_render_two_hd_clips_at_once_with_one_thread_each() -> None:
    from livegen.clip.jobs import auto_jobs

    assert auto_jobs(1920, 1080, cores=2) == (2, 1)
    assert auto_jobs(1280, 720, cores=2) == (2, 1)
    assert auto_jobs(1920, 1080, cores=8) == (4, 2)
    assert auto_jobs(1920, 1080, cores=1) == (1, 1)


def test_a_single_clip_gets_every_core_and_4k_renders_one_at_a_time() -> None:
    from livegen.clip.jobs import auto_jobs

    assert auto_jobs(1920, 1080, cores=2, clips=1) == (1, 2)
    assert auto_jobs(3840, 2160, cores=2) == (1, 2)
    assert auto_jobs(3840, 2160, cores=8) == (2, 4)
