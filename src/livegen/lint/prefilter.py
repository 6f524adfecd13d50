"""A literal prefilter: most lines of a script or transcript trigger no rule at all.

For every rule alternative we derive a set of literal strings of which at least one must
occur in any match (from the regex parse tree). All of them go into one multi-pattern
automaton; a line in which none occurs cannot match any rule and is skipped without
running any rule regex, and a risky line runs only the regexes of its candidate rules.
An alternative without such a literal (rare; only possible in user rules) turns the
prefilter off rather than risk missing a match.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

# Python 3.11+ keeps the regex parser in re._parser (private, and so not in the type stubs).
_c: Any = importlib.import_module("re._constants")
_sre_parse: Any = importlib.import_module("re._parser")

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


def _score(factors: set[str]) -> tuple[int, int]:
    return (min(len(f) for f in factors), -len(factors))


_MAX_PRODUCT = 256


def _exact(op: object, av: Any) -> set[str] | None:
    """The finite set of strings one parse item matches exactly, when small and known."""
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        chars = [chr(a) for o, a in av if o is _c.LITERAL]
        return set(chars) if chars and len(chars) == len(av) else None
    if op is _c.SUBPATTERN:
        return _exact_seq(av[-1])
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _exact_seq(branch)
            if found is None:
                return None
            out |= found
        return out if len(out) <= _MAX_PRODUCT else None
    return None


def _exact_seq(items: Iterable[tuple[object, Any]]) -> set[str] | None:
    acc = {""}
    for op, av in items:
        found = _exact(op, av)
        if found is None or len(acc) * len(found) > _MAX_PRODUCT:
            return None
        acc = {a + b for a in acc for b in found}
    return acc


def _seq(items: Iterable[tuple[object, Any]]) -> set[str] | None:
    """Best necessary-literal set for a sequence of parse items (None: none found).

    Runs of exactly-known items are multiplied out ("最" then "好|佳" gives {最好, 最佳}),
    so the factors are as long, and the prefilter as selective, as possible.
    """
    best: set[str] | None = None

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or _score(found) > _score(best)):
            best = found

    run = {""}
    for op, av in items:
        found = _exact(op, av)
        if found is not None and len(run) * len(found) <= _MAX_PRODUCT:
            run = {a + b for a in run for b in found}
            continue
        consider(run)
        run = {""}
        if found is not None:  # exact but too many combinations: start a new run with it
            run = found
            continue
        if op is _c.SUBPATTERN:
            consider(_seq(av[-1]))
        elif op is _c.BRANCH:
            parts = [_seq(branch) for branch in av[1]]
            if parts and all(parts):
                consider(set().union(*[p for p in parts if p]))
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                consider(_seq(sub))
    consider(run)
    return best


def necessary_literals(pattern: str) -> set[str] | None:
    """Lower-cased strings one of which occurs in every match of `pattern`, or None."""
    try:
        tree = _sre_parse.parse(pattern, re.IGNORECASE)
        found = _seq(tree)
    except Exception:  # an unexpected parser shape: no prefilter, never a wrong answer
        return None
    return {f.lower() for f in found} if found else None


class Prefilter:
    """Finds, in one pass over the lower-cased line, which rules can possibly match.

    Every necessary literal of every rule goes into one Aho-Corasick automaton
    (pyahocorasick), which reports all occurrences, overlapping ones included, in time
    linear in the line whatever the number of literals; each literal maps to the rules
    that need it, so no rule that matches is ever left out.
    """

    def __init__(self, rule_factors: list[set[str]]) -> None:
        import ahocorasick

        rules_of: dict[str, set[int]] = {}
        for i, fs in enumerate(rule_factors):
            for f in fs:
                rules_of.setdefault(f, set()).add(i)
        self.words = sorted(rules_of)
        self.automaton = ahocorasick.Automaton()
        for word, rules in rules_of.items():
            self.automaton.add_word(word, tuple(sorted(rules)))
        self.automaton.make_automaton()

    def candidates(self, text: str) -> set[int]:
        found: set[int] = set()
        for _end, rules in self.automaton.iter(text.lower()):
            found.update(rules)
        return found


def build_prefilter(rule_literals: Iterable[Iterable[set[str] | None]]) -> Prefilter | None:
    """Per rule, the literal sets of its alternatives; None when any alternative has none."""
    factors: list[set[str]] = []
    for alternatives in rule_literals:
        merged: set[str] = set()
        for found in alternatives:
            if not found:
                return None
            merged |= found
        factors.append(merged)
    return Prefilter(factors) if factors else None
