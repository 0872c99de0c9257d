"""Draw the paragraphs of the cross-domain entity gold (``tests/gold/entities_real``).

A seeded, neutral sample from ``news-2013.jsonl.xz``: for each of three days
(2013-02-26, 2013-03-08, 2013-03-20) and each outlet publishing that day, two
articles at random and one body paragraph of each at random (80 to 700
characters; the title is never drawn). Nothing about the entities guides the
draw. Articles are then split half dev, half test at random. The output lists
line numbers (1-based in the corpus file), paragraph indexes (in
``text.split("\\n")``) and the split: never the text, which stays the outlets'.

    python scripts/sample_entity_gold.py --corpus ../shared/data/unlabeled/news-2013.jsonl.xz \\
        --out tests/gold/entities_real/sample.json

``--show`` prints the drawn paragraphs (for labelling; do not save them in the repository).
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAYS = ("2013-02-26", "2013-03-08", "2013-03-20")
# Rounds of the draw: (seed, articles per outlet and day). The second round was added,
# and the third when the first two gave fewer than 300 entities (298); no round redraws an article.
ROUNDS = ((14, 2), (15, 1), (16, 1))
MIN_CHARS, MAX_CHARS = 80, 700


def draw(corpus: Path) -> list[dict[str, object]]:
    """The sample: ``{"line", "paragraph", "day", "source", "split"}`` per article."""
    by_key: dict[tuple[str, str], list[tuple[int, list[int]]]] = {}
    with lzma.open(corpus, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            doc = json.loads(line)
            day = doc["time"][:10]
            if day not in DAYS:
                continue
            paragraphs = doc["text"].split("\n")
            usable = [i for i, p in enumerate(paragraphs) if i >= 2 and MIN_CHARS <= len(p.strip()) <= MAX_CHARS]
            if usable:
                by_key.setdefault((day, doc["source"]), []).append((number, usable))
    sample: list[dict[str, object]] = []
    for seed, per_outlet in ROUNDS:
        rng = random.Random(seed)
        drawn = {s["line"] for s in sample}
        round_: list[dict[str, object]] = []
        for day, source in sorted(by_key):
            pool = [a for a in by_key[(day, source)] if a[0] not in drawn]
            for number, usable in rng.sample(pool, per_outlet):
                round_.append({"line": number, "paragraph": rng.choice(usable), "day": day, "source": source})
        order = list(range(len(round_)))
        rng.shuffle(order)
        for rank, k in enumerate(order):
            round_[k]["split"] = "dev" if rank % 2 == 0 else "test"
        sample += round_
    return sample


def paragraphs(corpus: Path, wanted: dict[int, int]) -> dict[int, str]:
    """Corpus line number -> the text of its wanted paragraph (read from the corpus, never stored)."""
    found: dict[int, str] = {}
    with lzma.open(corpus, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if number in wanted:
                found[number] = json.loads(line)["text"].split("\n")[wanted[number]]
    return found


def paragraph_texts(corpus: Path, sample: list[dict[str, object]]) -> dict[int, str]:
    """The text of each sampled paragraph, by corpus line number."""
    return paragraphs(corpus, {int(str(s["line"])): int(str(s["paragraph"])) for s in sample})


def main() -> None:
    """Draw and save the sample, or show its paragraphs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/data/unlabeled/news-2013.jsonl.xz")
    parser.add_argument("--out", type=Path, default=ROOT / "tests/gold/entities_real/sample.json")
    parser.add_argument("--show", action="store_true", help="print the paragraphs instead of saving")
    args = parser.parse_args()
    sample = draw(args.corpus)
    if args.show:
        texts = paragraph_texts(args.corpus, sample)
        for s in sample:
            print(f"## {s['line']}:{s['paragraph']} {s['split']} {s['source']}\n{texts[int(str(s['line']))]}\n")
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(sample, indent=1) + "\n", encoding="utf-8")
    print(f"{len(sample)} paragraphs -> {args.out}")


if __name__ == "__main__":
    main()
