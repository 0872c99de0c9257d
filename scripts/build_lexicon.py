"""Rebuild marsad's Arabic word-frequency lexicon from the unlabelled news corpus.

Data: ``news-2013.jsonl.xz`` (60,000 Arabic news articles, 2013; see the README
beside it in ``shared/data/unlabeled``). Output: ``src/marsad/data/ar/lexicon.tsv.gz``,
one ``normalised-word<TAB>count`` line per word seen at least ``--min-count`` times.
Only word counts ship, never the text.

    python scripts/build_lexicon.py ../shared/data/unlabeled/news-2013.jsonl.xz
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import lzma
import re
from pathlib import Path

from marsad.text.normalize import normalize

ARABIC_WORD = re.compile(r"[\u0621-\u064A]+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parents[1] / "src/marsad/data/ar/lexicon.tsv.gz"
    )
    args = parser.parse_args()
    tally: collections.Counter[str] = collections.Counter()
    with lzma.open(args.corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            tally.update(ARABIC_WORD.findall(normalize(json.loads(line)["text"])))
    kept = sorted((w, c) for w, c in tally.items() if c >= args.min_count)
    body = "".join(f"{w}\t{c}\n" for w, c in kept)
    header = f"# normalised word<TAB>count, from {args.corpus.name}, min count {args.min_count}\n"
    # mtime=0 keeps the gzip bytes identical from one rebuild to the next.
    args.out.write_bytes(gzip.compress((header + body).encode("utf-8"), mtime=0))
    print(f"{len(kept)} words written to {args.out}")


if __name__ == "__main__":
    main()
