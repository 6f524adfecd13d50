"""The site's home page is the README, made at build time, with links that work on the site."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

from tests.support.paths import REPO


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_home", REPO / "scripts" / "docs_home.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _headings(markdown: str) -> list[str]:
    return re.findall(r"(?m)^##? .+$", markdown)


def test_the_home_page_is_the_readme_without_its_documentation_list() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    home = _hook().home_page(readme)
    assert _headings(home) == [h for h in _headings(readme) if h != "## Documentation"]
    # The prose is the README's: the first paragraph and the code block come through whole.
    intro = readme.split("\n\n")[1]
    assert intro in home
    block = re.search(r"(?ms)^```.*?^```", readme)
    assert block and block.group(0) in home


def test_every_link_on_the_home_page_reaches_a_page_of_the_site() -> None:
    home = _hook().home_page((REPO / "README.md").read_text(encoding="utf-8"))
    targets = re.findall(r"\]\(([^)\s]+)\)", home)
    assert targets
    for target in targets:
        if re.match(r"[a-z]+:|#", target):
            continue
        path = target.split("#", 1)[0]
        assert not path.startswith("docs/"), target
        assert (REPO / "docs" / path).is_file(), target


def test_links_to_repository_files_become_their_names_and_code_stays_as_written() -> None:
    hook = _hook()
    text = (
        "## Licence\n\nMIT ([LICENSE](LICENSE)); see [docs/x.md](docs/x.md), [the\n"
        "spec](docs/reference/spec.md#fields) and [site](https://example.org).\n\n"
        "```sh\n[keep](docs/as-is.md)\n```\n\n## Documentation\n\n- [all](docs/)\n"
    )
    assert hook.home_page(text) == (
        "## Licence\n\nMIT (`LICENSE`); see [x.md](x.md), [the\n"
        "spec](reference/spec.md#fields) and [site](https://example.org).\n\n"
        "```sh\n[keep](docs/as-is.md)\n```\n"
    )
