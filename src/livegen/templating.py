"""Jinja2 templates and YAML data files, with a user override folder searched first.

Prompts, the offline composer's line templates, its phrase banks and the Markdown
rendering of a script all live under `templates/`. A creator restyles any of them by
copying a file into their own folder (`--templates DIR` or `templates.dir` in
livegen.toml) and editing it. Files from such a folder are not trusted, so whenever one
is configured everything renders in Jinja's sandbox, which refuses access to Python
internals (`__class__`, `mro`, function globals...). Every variable must be defined:
a typo in a template is an error naming the template and the variable, never a silently
empty line in a script read on camera.
"""

from __future__ import annotations

import hashlib
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from livegen.errors import InputError, UsageError
from livegen.resources import templates_root

TEMPLATE_SUFFIXES = (".j2", ".yaml", ".yml")

# Compiling a template costs about a millisecond and a script renders hundreds of phrases,
# so environments, compiled inline phrases and parsed data files are kept per process, and
# with a cache folder the compiled code is also kept on disk between runs (Jinja's own
# bytecode cache, keyed by a checksum of the source). Phrases go through a loader under a
# name derived from their text so that cache applies to them too. Jinja reloads changed
# template files by itself; data files are keyed by mtime and size.
_ENVS: dict[tuple[str, str | None, str | None], jinja2.Environment] = {}
_PHRASES: dict[str, str] = {}
_INLINE: dict[int, dict[str, jinja2.Template]] = {}
_DATA: dict[tuple[str, int, int], dict[str, Any]] = {}
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _phrase_source(name: str) -> tuple[str, None, Any] | None:
    source = _PHRASES.get(name)
    return None if source is None else (source, None, lambda: True)


def _bytecode_cache(cache_dir: str | None, sandboxed: bool) -> jinja2.BytecodeCache | None:
    if cache_dir is None:
        return None
    # The sandbox compiles some operators differently: never share its code with the plain
    # environment.
    folder = Path(cache_dir) / ("jinja-sandbox" if sandboxed else "jinja")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # an unwritable cache only costs speed
    return jinja2.FileSystemBytecodeCache(str(folder))


def _environment(builtin: str, user: str | None, cache_dir: str | None) -> jinja2.Environment:
    key = (builtin, user, cache_dir)
    env = _ENVS.get(key)
    if env is None:
        search = [builtin] if user is None else [user, builtin]
        env_cls = jinja2.Environment if user is None else SandboxedEnvironment
        env = env_cls(
            loader=jinja2.ChoiceLoader(
                [
                    jinja2.FileSystemLoader(search, encoding="utf-8"),
                    jinja2.FunctionLoader(_phrase_source),
                ]
            ),
            bytecode_cache=_bytecode_cache(cache_dir, user is not None),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["money"] = money
        env.filters["lower_first"] = lower_first
        env.filters["upper_first"] = upper_first
        _ENVS[key] = env
    return env


def _load_yaml(path: Path) -> Any:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _DATA:
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark else ""
            raise InputError(f"{path}: not valid YAML{where}") from None
        if not isinstance(loaded, dict):
            raise InputError(f"{path}: expected a mapping at the top level")
        _DATA[key] = loaded
    return _DATA[key]


@dataclass(frozen=True)
class TemplateInfo:
    name: str  # path relative to the templates root, with forward slashes
    origin: str  # "built-in" or the user folder it comes from
    path: Path


def _undefined_name(message: str) -> str:
    """Pull the variable or attribute name out of jinja's UndefinedError text."""
    for pattern in (
        r"has no attribute '([^']+)'",
        r"'([^']+)' is undefined",
        r"no element '?([^')]+)'?",
    ):
        found = re.search(pattern, message)
        if found:
            return found.group(1)
    return message


def _template_line(tb: types.TracebackType | None, filename: str) -> int | None:
    """Jinja rewrites tracebacks so template frames carry the template's own line numbers."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(filename):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class Templates:
    """The template set for one run: built-ins plus an optional user folder on top.

    `cache_dir` keeps compiled templates on disk, which halves the time of a short
    `livegen script` run; without it everything still works, just compiled per process.
    """

    def __init__(
        self, user_dir: str | Path | None = None, cache_dir: str | Path | None = None
    ) -> None:
        self.builtin_dir = templates_root()
        self.user_dir = Path(user_dir).expanduser() if user_dir else None
        if self.user_dir is not None and not self.user_dir.is_dir():
            raise InputError(
                f"{self.user_dir}: templates folder does not exist",
                hint="point --templates (or templates.dir) at an existing folder",
            )
        self.sandboxed = self.user_dir is not None
        self.env = _environment(
            str(self.builtin_dir),
            str(self.user_dir) if self.user_dir else None,
            str(cache_dir) if cache_dir else None,
        )
        self._inline = _INLINE.setdefault(id(self.env), {})

    # -- discovery ---------------------------------------------------------------------
    def list_templates(self) -> list[TemplateInfo]:
        """Every template and data file; a user file shadows the built-in of the same name."""
        found: dict[str, TemplateInfo] = {}
        roots = [(self.builtin_dir, "built-in")]
        if self.user_dir is not None:
            roots.append((self.user_dir, str(self.user_dir)))
        for root, origin in roots:
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.name.endswith(TEMPLATE_SUFFIXES):
                    name = path.relative_to(root).as_posix()
                    found[name] = TemplateInfo(name, origin, path)
        return [found[k] for k in sorted(found)]

    def resolve(self, name: str) -> TemplateInfo:
        """Accept a full name (`prompts/script.user.j2`) or a unique short one (`script.user`)."""
        infos = self.list_templates()
        by_name = {i.name: i for i in infos}
        if name in by_name:
            return by_name[name]
        matches = [
            i
            for i in infos
            if i.name.endswith("/" + name)
            or Path(i.name).name in (name, name + ".j2")
            or i.name.rsplit(".", 1)[0].endswith(name)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UsageError(
                f"unknown template '{name}'", hint="`livegen templates list` shows the names"
            )
        names = ", ".join(m.name for m in matches)
        raise UsageError(f"template name '{name}' is ambiguous (matches: {names})")

    def show(self, name: str) -> str:
        """The source text of a template, as the renderer would pick it."""
        info = self.resolve(name)
        return info.path.read_text(encoding="utf-8")

    def exists(self, name: str) -> bool:
        return any(i.name == name for i in self.list_templates())

    def origin(self, name: str) -> str:
        if self.user_dir is not None and (self.user_dir / name).is_file():
            return str(self.user_dir / name)
        return "built-in"

    # -- rendering ---------------------------------------------------------------------
    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render a template file; errors name the template, the line and the variable."""
        try:
            template = self.env.get_template(name)
        except jinja2.TemplateNotFound:
            raise UsageError(
                f"template '{name}' not found", hint="`livegen templates list` shows the names"
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise InputError(f"template '{name}' line {exc.lineno}: {exc.message}") from None
        return self._run(template, name, Path(name).name, context)

    def render_string(self, source: str, context: Mapping[str, Any], *, origin: str) -> str:
        """Render a small inline template (a phrase from a phrase bank)."""
        template = self._inline.get(source)
        if template is None:
            name = "phrase/" + hashlib.sha1(source.encode("utf-8")).hexdigest()
            _PHRASES[name] = source
            try:
                template = self.env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                raise InputError(f"{origin}: bad template text {source!r}: {exc.message}") from None
            self._inline[source] = template
        return self._run(template, origin, "<template>", context)

    def _run(
        self, template: jinja2.Template, name: str, filename: str, context: Mapping[str, Any]
    ) -> str:
        try:
            return template.render(context)
        except jinja2.UndefinedError as exc:
            line = _template_line(exc.__traceback__, filename)
            where = f" line {line}" if line else ""
            var = _undefined_name(exc.message or str(exc))
            raise InputError(
                f"template '{name}'{where}: undefined variable '{var}'",
                hint="check the spelling, or `livegen templates show` the "
                "built-in to see the variables it uses",
            ) from None
        except jinja2.exceptions.SecurityError as exc:
            raise InputError(f"template '{name}': blocked by the sandbox ({exc})") from None
        except jinja2.TemplateError as exc:
            raise InputError(f"template '{name}': {exc}") from None

    # -- data files --------------------------------------------------------------------
    def data(self, name: str) -> dict[str, Any]:
        """A YAML data file: the built-in one, with a user file of the same name merged on top.

        Merging (rather than replacing) lets a user override a single phrase list and keep
        the rest of the bank.
        """
        merged: dict[str, Any] = {}
        sources = [self.builtin_dir / name]
        if self.user_dir is not None:
            sources.append(self.user_dir / name)
        found = False
        for path in sources:
            if not path.is_file():
                continue
            found = True
            merged = deep_merge(merged, _load_yaml(path))
        if not found:
            raise UsageError(f"data file '{name}' not found")
        return merged


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def money(value: float | int | None, currency: str = "CNY") -> str:
    """Prices as a host says them: ¥139 / $19.99, no trailing .00."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    symbols = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
    symbol = symbols.get(currency.upper())
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def upper_first(text: str) -> str:
    """Capitalise a sentence start without lowering the rest (Jinja's `capitalize` does)."""
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """Lower a leading capital mid-sentence, but leave acronyms and names like MagSafe."""
    if not text:
        return text
    word = text.split(" ", 1)[0]
    if len(word) > 1 and any(c.isupper() for c in word[1:]):
        return text
    return text[:1].lower() + text[1:]
