"""How much of a merchant's brief survives `livegen spec import`.

Point it at a folder of briefs with an EXPECTED.yaml (per file: selling_points, personas,
list_price, live_price) and it imports each brief offline, validates the result and counts
what was kept: a selling point or persona counts when its normalised text and one of the
spec's entries contain each other, a price when it is equal. Use it on briefs the importer
was never tuned on to get the honest figure (the tests use the tuned ones).

    python benchmarks/spec_import.py [BRIEFS_DIR ...] [--overlap 0.6]   (default: held-out)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from livegen.errors import LivegenError
from livegen.spec_import import import_brief
from livegen.text import match_key


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _kept(wanted: list[str], have: list[str], overlap: float = 0.0) -> int:
    """How many wanted items one entry holds: by containment either way, or (with
    `overlap` > 0) when that share of the item's character bigrams is in one entry."""
    keys = [match_key(h).replace(" ", "") for h in have]
    count = 0
    for w in wanted:
        k = match_key(w).replace(" ", "")
        if any(k and (k in h or h in k) for h in keys if h):
            count += 1
        elif overlap and k:
            want = _bigrams(k)
            if any(len(want & _bigrams(h)) >= overlap * len(want) for h in keys if h):
                count += 1
    return count


def score_folder(folder: Path, overlap: float = 0.0) -> list[dict[str, Any]]:
    expected = yaml.safe_load((folder / "EXPECTED.yaml").read_text(encoding="utf-8"))
    rows = []
    for name, want in expected.items():
        row: dict[str, Any] = {
            "brief": name,
            "valid": False,
            "points": 0,
            "personas": 0,
            "prices": 0,
            "want_points": len(want.get("selling_points", [])),
            "want_personas": len(want.get("personas", [])),
            "error": "",
        }
        path = folder / name
        try:
            spec, _report = import_brief(path.read_text(encoding="utf-8"), str(path), path.suffix)
        except LivegenError as exc:
            row["error"] = exc.message.splitlines()[0][:120]
            rows.append(row)
            continue
        row["valid"] = True
        titles = [f"{p.title} {p.detail or ''}" for p in spec.selling_points]
        personas = [f"{p.name} {p.description}" for p in spec.personas]
        row["points"] = _kept(list(want.get("selling_points", [])), titles, overlap)
        row["personas"] = _kept(list(want.get("personas", [])), personas, overlap)
        promo = getattr(spec, "promo_price", None)
        row["prices"] = int(float(spec.price) == float(want["list_price"])) + int(
            promo is not None and float(promo) == float(want["live_price"])
        )
        rows.append(row)
    return rows


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", help="folders of briefs with an EXPECTED.yaml")
    ap.add_argument("--overlap", type=float, default=0.0, help="bigram share that counts as kept")
    args = ap.parse_args(argv)
    overlap = args.overlap
    for arg in args.folders or [str(Path(__file__).parent / "briefs-heldout")]:
        if not (Path(arg) / "EXPECTED.yaml").is_file():
            print(f"\n{arg}: no EXPECTED.yaml, skipped")
            continue
        rows = score_folder(Path(arg), overlap)
        print(f"\n{arg}")
        for r in rows:
            print(
                f"  {r['brief']:<28} valid={r['valid']!s:<5} points {r['points']}/"
                f"{r['want_points']} personas {r['personas']}/{r['want_personas']} "
                f"prices {r['prices']}/2 {r['error']}"
            )
        whole = sum(
            r["valid"]
            and r["points"] == r["want_points"]
            and r["personas"] == r["want_personas"]
            and r["prices"] == 2
            for r in rows
        )
        print(
            f"  valid {sum(r['valid'] for r in rows)}/{len(rows)}, "
            f"everything kept {whole}/{len(rows)}; totals: points "
            f"{sum(r['points'] for r in rows)}/{sum(r['want_points'] for r in rows)}, "
            f"personas {sum(r['personas'] for r in rows)}/"
            f"{sum(r['want_personas'] for r in rows)}, "
            f"prices {sum(r['prices'] for r in rows)}/{2 * len(rows)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
