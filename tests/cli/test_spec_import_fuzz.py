"""Whatever a brief looks like after a copy-paste, import gives a spec or one input error.

Every brief fixture is mutated many times (lines dropped, doubled, swapped or joined, text
cut off, junk and the marks briefs are made of inserted: numbering, emoji, pipes, colons,
quotes, brackets, prices, don't-say rules); each mutant either imports as a valid spec whose
import record adds up, or raises a `LivegenError` with exit code 2 — never a traceback.
The mutations are seeded, so a failure names a brief and a seed that reproduce it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from livegen.errors import ExitCode, LivegenError
from livegen.spec import MAX_PROBLEMS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BRIEFS = sorted(
    p
    for folder in ("briefs", "briefs-layouts", "briefs-merchant", "briefs-wild")
    for p in (FIXTURES / folder).glob("*.*")
    if p.name != "EXPECTED.yaml"
)
MUTANTS_PER_BRIEF = 40
# What briefs are made of, so a mutant lands on the importer's shapes and not only on noise.
MARKS = [
    "1️⃣",
    "②",
    "三、",
    "4.",
    "5)",
    "第一个是",
    "- ",
    "|",
    "｜",
    "：",
    ": ",
    "——",
    "【",
    "】",
    "（",
    ")",
    "“",
    '"',
    "'",
    "**",
    "## ",
    "> ",
    "¥",
    "$",
    "199",
    "0",
    "-1",
    "1e999",
    "日常价",
    "直播间到手",
    "MSRP $",
    "fen",
    "人群A：",
    "年龄：",
    "一类是",
    "另一类是",
    "别说“",
    "不能说",
    'Do not say "',
    "送一个",
    "卖点1_说明: ",
    "hook_1_name: ",
    "section,field,value,notes\n",
    "\n",
    "\t",
    "\ufeff",
    "\u200b",
    "🔥",
    ",",
    "{",
    "[",
    "\\",
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        if op == 0 and len(lines) > 1:
            del lines[rng.randrange(len(lines))]
        elif op == 1 and lines:
            at = rng.randrange(len(lines))
            lines.insert(at, lines[at])
        elif op == 2 and len(lines) > 1:
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
        elif op == 3 and len(lines) > 1:
            at = rng.randrange(len(lines) - 1)
            lines[at : at + 2] = [lines[at] + lines[at + 1]]
        elif op == 4:
            joined = "\n".join(lines)
            lines = joined[: rng.randrange(len(joined) + 1)].split("\n")
        elif op == 5 and lines:
            at = rng.randrange(len(lines))
            line = lines[at]
            cut = rng.randrange(len(line) + 1)
            lines[at] = line[:cut] + rng.choice(MARKS) + line[cut:]
        elif op == 6 and lines:
            at = rng.randrange(len(lines))
            lines[at] = rng.choice(MARKS) + " " + rng.choice(lines)
        elif op == 7 and lines:
            at = rng.randrange(len(lines))
            lines[at] = "".join(chr(rng.randrange(32, 0x9FFF)) for _ in range(rng.randrange(12)))
        elif lines:
            at = rng.randrange(len(lines))
            lines[at] = "    " * rng.randrange(3) + lines[at].strip()
    return "\n".join(lines)


@pytest.mark.parametrize("brief", BRIEFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_mutated_briefs_import_or_raise_one_input_error(brief: Path) -> None:
    from livegen.spec_import import import_brief

    original = brief.read_text(encoding="utf-8")
    for seed in range(MUTANTS_PER_BRIEF):
        rng = random.Random(f"{brief.name}:{seed}")
        text = _mutate(original, rng)
        suffix = rng.choice([brief.suffix, brief.suffix, ".txt", ".md", ".yaml", ".json", ".csv"])
        try:
            spec, result = import_brief(text, f"b{suffix}", suffix)
        except LivegenError as exc:
            assert exc.exit_code == ExitCode.USAGE, (brief.name, seed, exc.message)
            lines = exc.message.split("\n")
            assert len(lines) <= MAX_PROBLEMS + 2, (brief.name, seed)
            continue
        assert spec.selling_points and spec.price > 0, (brief.name, seed)
        assert all(isinstance(x, str) and x for x in [*result.mapped, *result.guessed])
        assert len(set(result.mapped)) == len(result.mapped), (brief.name, seed)


def test_the_fuzzing_covers_at_least_two_thousand_mutants() -> None:
    assert len(BRIEFS) * MUTANTS_PER_BRIEF >= 2000
