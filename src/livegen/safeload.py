"""The one guard every JSON/YAML/TOML reader goes through: bounded nesting, bounded aliases.

Parsers recurse, so a file nested a few thousand levels deep ends in RecursionError; a
YAML "billion laughs" (a few hundred bytes of anchors whose aliases nest ten times ten
times...) expands into gigabytes once anything walks it. Real livegen files (specs,
artifacts, profiles) are a few levels deep and use an anchor or two at most, so the
bounds below are far above any honest input and far below any harmful one.

JSON's `NaN`, `Infinity` and numbers that overflow to infinity are refused here too:
they are not JSON, and they turn into prices and times that make no sense.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from typing import Any

import yaml

from livegen.errors import InputError

MAX_DEPTH = 64  # a spec is about 4 levels deep, a transcript 4, a highlights file 5
MAX_YAML_NODES = 200_000  # after alias expansion; a large spec has a few thousand
MAX_ALIASES = 1_000

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class LoadError(InputError):
    """A file is syntactically valid but beyond what livegen reads (nesting, aliases)."""


def _fail(error: type[InputError], message: str) -> InputError:
    return error(" ".join(message.split()))  # parsers' messages span lines; errors do not


def json_depth(text: str) -> int:
    """The deepest bracket nesting of JSON text, without parsing (strings skipped)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = best = 0
    for ch in brackets:
        if ch in "[{":
            depth += 1
            if depth > best:
                best = depth
        else:
            depth -= 1
    return best


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is too large")
    return value


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(
    text: str, source: str, *, error: type[InputError] = InputError, max_depth: int = MAX_DEPTH
) -> Any:
    """Parse JSON text; every failure is one `error` naming `source`."""
    depth = json_depth(text)
    if depth > max_depth:
        raise _fail(
            error, f"{source}: nested {depth} levels deep (livegen reads at most {max_depth})"
        )
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise _fail(
            error, f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise _fail(error, f"{source}: nested too deeply") from None
    except ValueError as exc:  # a refused constant, or an integer of thousands of digits
        raise _fail(error, f"{source}: not valid JSON ({exc})") from None


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases while composing, before anything is expanded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases")
        return super().compose_node(parent, index)


def _check_tree(
    root: Any, source: str, error: type[InputError], max_depth: int, max_nodes: int
) -> None:
    """Depth and expanded size of a composed YAML node graph, shared nodes counted per use.

    Sizes are memoised per node, so the walk costs the file's own size even when the
    expansion would be astronomically large; an alias to an enclosing node is refused.
    """
    size: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        nid = id(node)
        if expanded:
            on_path.discard(nid)
            children = _children(node)
            size[nid] = 1 + sum(size[id(c)] for c in children)
            depth_of[nid] = 1 + max((depth_of[id(c)] for c in children), default=0)
            if size[nid] > max_nodes:
                raise _fail(
                    error,
                    f"{source}: YAML aliases expand to more than "
                    f"{max_nodes} values (an alias bomb?)",
                )
            if depth_of[nid] > max_depth:
                raise _fail(error, f"{source}: nested more than {max_depth} levels deep")
            continue
        if nid in size:
            continue
        if nid in on_path:
            raise _fail(error, f"{source}: a YAML alias refers to its own parent")
        on_path.add(nid)
        stack.append((node, True))
        for child in _children(node):
            cid = id(child)
            if cid in on_path:
                raise _fail(error, f"{source}: a YAML alias refers to its own parent")
            if cid not in size:
                stack.append((child, False))


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def load_yaml(
    text: str,
    source: str,
    *,
    error: type[InputError] = InputError,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_YAML_NODES,
) -> Any:
    """Parse YAML safely (no Python objects) within the nesting and alias bounds.

    The pure-Python loader on purpose: libyaml's composer recurses in C, where a deep
    file would crash the process instead of raising.
    """
    try:
        ld = _BoundedLoader(text)  # the reader already refuses control characters
        try:
            node = ld.get_single_node()
            if node is None:
                return None
            _check_tree(node, source, error, max_depth, max_nodes)
            return ld.construct_document(node)
        finally:
            ld.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = (
            getattr(exc, "problem", None)
            or getattr(exc, "reason", None)
            or str(exc)
            or "syntax error"
        )
        raise _fail(error, f"{source}: not valid YAML{where}: {problem}") from None
    except RecursionError:
        raise _fail(error, f"{source}: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise _fail(error, f"{source}: not valid YAML ({exc})") from None


def load_toml(
    text: str, source: str, *, error: type[InputError] = InputError, max_depth: int = MAX_DEPTH
) -> Any:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(error, f"{source}: not valid TOML ({exc})") from None
    except RecursionError:
        raise _fail(error, f"{source}: nested too deeply") from None
    except ValueError as exc:
        raise _fail(error, f"{source}: not valid TOML ({exc})") from None
    if data_depth(data) > max_depth:
        raise _fail(error, f"{source}: nested more than {max_depth} levels deep")
    return data


def data_depth(data: Any) -> int:
    """Nesting depth of parsed data, iteratively (no recursion to run out of)."""
    best = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, dict):
            best = max(best, d)
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list | tuple):
            best = max(best, d)
            stack.extend((v, d + 1) for v in item)
    return best
