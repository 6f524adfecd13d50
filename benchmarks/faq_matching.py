"""Chat questions answered by the right FAQ entry, on a held-out set.

`benchmarks/faq-heldout.yaml` was written by an author who never saw livegen's matcher or its
concept data: four products (three zh, one en), each with the merchant's FAQ and 25 viewer
questions as typed in live chat, labelled with the entry that answers them or `none` (many
hard negatives share words with an entry). Each question goes alone through `analyze_chat`
with the product's FAQ in the spec, as `livegen chat --spec` would see it; only totals are
printed, so the set stays out of any tuning loop.

    python benchmarks/faq_matching.py [PAIRS_YAML]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from livegen.chat.analyze import analyze_chat
from livegen.chatlog import ChatMessage
from livegen.schemas.spec import FAQ
from livegen.spec import load_spec

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path(__file__).parent / "faq-heldout.yaml"
    products = yaml.safe_load(path.read_text(encoding="utf-8"))
    right = wrong = missed = kept_none = false_answer = 0
    for product in products:
        sample = "phone-stand.en.yaml" if product["lang"] == "en" else "face-cream.zh.yaml"
        entries = [FAQ(question=f["q"], answer=f["a"]) for f in product["faq"]]
        spec = load_spec(REPO / "samples" / sample).model_copy(update={"faq": entries})
        for item in product["questions"]:
            want = None if item["answer"] in (None, "none") else item["answer"]
            message = ChatMessage(time=1.0, user="viewer", text=item["text"])
            report = analyze_chat([message], source=str(path), spec=spec)
            got = report.questions[0].faq_question if report.questions else None
            if want is None:
                kept_none += got is None
                false_answer += got is not None
            elif got == want:
                right += 1
            elif got is None:
                missed += 1
            else:
                wrong += 1
    total = right + wrong + missed + kept_none + false_answer
    answerable = right + wrong + missed
    print(
        f"{path.name}: {total} questions, accuracy {(right + kept_none) / total:.3f}; "
        f"answerable {answerable}: right entry {right}, wrong entry {wrong}, missed {missed}; "
        f"unanswerable {kept_none + false_answer}: left unanswered {kept_none}, "
        f"answered anyway {false_answer}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
