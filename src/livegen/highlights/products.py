"""Split the stream into product sections and find each product's best window.

Hosts introduce a product, talk about it for minutes, then move on: a segment belongs to the
product named most recently, and a section lasts until another product is named. Each
product's clip is its best-scoring window lying entirely inside its own sections.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from livegen.errors import SpecError
from livegen.highlights.speech import ProductTerms
from livegen.highlights.windows import Candidate, Scored


@dataclass(frozen=True)
class Section:
    product: str
    start: float
    end: float
    first: int
    last: int


def products_from_file(path: str | os.PathLike[str]) -> list[ProductTerms]:
    """A product spec (livegen.spec) or a product list: `products: [{name, keywords}]`."""
    from livegen.spec import load_spec

    p = Path(str(path))
    if p.suffix.lower() in (".yaml", ".yml") and p.is_file():
        from livegen.safeload import load_yaml

        try:
            data = load_yaml(p.read_text(encoding="utf-8"), str(p), error=SpecError)
        except (OSError, UnicodeDecodeError):
            data = None
        if isinstance(data, dict) and isinstance(data.get("products"), list):
            out = []
            for n, item in enumerate(data["products"], 1):
                if isinstance(item, str):
                    item = {"name": item}
                if not isinstance(item, dict) or not item.get("name"):
                    raise SpecError(f"{p}: products[{n}] needs a name")
                kws = item.get("keywords") or []
                if not isinstance(kws, list):
                    raise SpecError(f"{p}: products[{n}].keywords must be a list")
                name = str(item["name"])
                out.append(ProductTerms(name, tuple(dict.fromkeys([name, *map(str, kws)]))))
            return out
    spec = load_spec(path)
    return [ProductTerms(spec.name, tuple(dict.fromkeys([spec.name, *spec.keywords])))]


def sections(
    segment_products: list[list[str]], starts: list[float], ends: list[float]
) -> list[Section]:
    """Runs of segments that belong to one product (named most often in the segment)."""
    out: list[Section] = []
    current: str | None = None
    for k, named in enumerate(segment_products):
        if named:
            current = Counter(named).most_common(1)[0][0]
        if current is None:
            continue
        if out and out[-1].product == current and out[-1].last == k - 1:
            last = out[-1]
            out[-1] = Section(current, last.start, ends[k], last.first, k)
        else:
            out.append(Section(current, starts[k], ends[k], k, k))
    return out


def best_per_product(
    scored: Scored, secs: list[Section], segment_products: list[list[str]]
) -> list[tuple[str, Candidate]]:
    """(product, window) per product: inside its sections and naming it at least once."""
    import numpy as np

    n = len(segment_products)
    scored = scored.subset(scored.first <= scored.last)  # grid windows holding no segment
    if not secs or not len(scored):
        return []
    names = list(dict.fromkeys(s.product for s in secs))
    owner = np.full(n, -1)
    for s in secs:
        owner[s.first : s.last + 1] = names.index(s.product)
    # A window is inside one product's sections when the owner never changes within it.
    change = np.concatenate([[0], np.cumsum(owner[1:] != owner[:-1])])
    named = np.array(
        [owner[k] >= 0 and names[owner[k]] in segment_products[k] for k in range(n)], dtype=np.int64
    )
    named_prefix = np.concatenate([[0], np.cumsum(named)])
    first, last = scored.first, scored.last
    same = (change[first] == change[last]) & (owner[first] >= 0)
    mentions = named_prefix[last + 1] - named_prefix[first] > 0
    out = []
    for p in range(len(names)):
        mask = same & mentions & (owner[first] == p)
        if mask.any():
            idx = np.where(mask)[0]
            out.append((names[p], scored.candidate(int(idx[np.argmax(scored.total[idx])]))))
    return out
