"""Print story pairs for reading and labelling: outlet, time, headline and opening of both articles.

    python scripts/show_story_pairs.py pairs.tsv [--chars 700]

Reads ``line_a<TAB>line_b`` rows (more columns are ignored; a header row is
skipped) and prints each pair from ``../shared/data/unlabeled/news-2013.jsonl.xz``.
"""

from __future__ import annotations

import argparse
import csv
import json
import lzma
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"


def main() -> None:
    """Print the pairs named in the file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pairs", type=Path)
    parser.add_argument("--chars", type=int, default=700, help="characters of each body to show")
    args = parser.parse_args()
    with args.pairs.open(encoding="utf-8") as f:
        pairs = [(int(r[0]), int(r[1])) for r in csv.reader(f, delimiter="\t") if r and r[0].isdigit()]
    need = {n for pair in pairs for n in pair}
    docs = {}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n in need:
                docs[n] = json.loads(line)
    for a, b in pairs:
        print(f"=== PAIR {a} {b}")
        for side, n in (("A", a), ("B", b)):
            d = docs[n]
            body = " ".join(d["text"].split())[: args.chars]
            print(f"[{side}] {d['source']} {d['time']}\nTITLE: {d['title']}\nBODY: {body}\n")


if __name__ == "__main__":
    main()
