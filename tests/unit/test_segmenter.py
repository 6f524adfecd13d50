"""jieba cuts Chinese without printing its dictionary loading, in livegen and in the docs build,
and its faults still reach stderr."""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys

from tests.support.paths import REPO

from livegen.segmenter import jieba


def test_a_first_chinese_cut_prints_nothing_on_stderr() -> None:
    code = (
        "from livegen.segmenter import jieba\nprint('/'.join(jieba().lcut('今天给大家推荐保温杯')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "/" in out.stdout  # it did load its dictionary and cut
    assert out.stderr == ""


def test_jieba_still_reports_its_faults() -> None:
    jieba()
    log = logging.getLogger("jieba")
    assert log.isEnabledFor(logging.WARNING) and not log.isEnabledFor(logging.INFO)


def test_the_docs_build_takes_jiebas_logger_from_livegen() -> None:
    spec = importlib.util.spec_from_file_location("docs_jieba", REPO / "scripts" / "docs_jieba.py")
    assert spec and spec.loader
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    log = logging.getLogger("jieba")
    before = log.level
    jieba.cache_clear()
    log.setLevel(logging.DEBUG)  # as jieba leaves it on import
    try:
        hook.on_startup(command="build", dirty=False)
        assert log.level == logging.WARNING
    finally:
        log.setLevel(before)
