"""The README's complete spec is one a creator can copy: it loads, validates and scripts."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.paths import REPO


def _readme_spec() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## A first spec", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the first-spec section holds one YAML spec"
    return blocks[0]


def test_readme_spec_loads_and_composes_a_script_without_lint_errors(tmp_path: Path) -> None:
    from livegen.lint.api import lint_texts
    from livegen.script import ScriptOptions, compose
    from livegen.spec import load_spec
    from livegen.templating import Templates

    path = tmp_path / "spec.yaml"
    path.write_text(_readme_spec(), encoding="utf-8")
    spec = load_spec(path)
    assert [p.title for p in spec.selling_points] == ["神经酰胺配方", "保湿测试报告"]
    script = compose(spec, ScriptOptions(), Templates(None))
    lines = [line for seg in script.segments for line in seg.lines]
    assert lines
    findings = lint_texts(lines, lang="zh", category="cosmetics", spec=spec)
    assert not [f for f in findings if f.severity == "error"], findings
