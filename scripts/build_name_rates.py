"""Learn which written words are mostly not names from the unlabelled news (``data/ar/name_rates.tsv.gz``).

The shipped tagger reads every ``--every``-th article of ``news-2013.jsonl.xz``
sentence by sentence; for each word as written (``marsad.analyse.ner.common.written``:
diacritics and tatweel removed, hamza, alef maqsura and taa marbuta kept) it counts
the occurrences and those the tagger put inside a name. Words seen at least
``--min-count`` times whose share inside a name is at most ``--max-rate``, or whose
share as a one-word name by itself is at most ``--max-alone``, are kept (the others
are never common, so they need no row). Only counts ship, never text.

    python scripts/build_name_rates.py --corpus ../shared/data/unlabeled/news-2013.jsonl.xz
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import time
from collections import Counter
from pathlib import Path

from marsad.analyse.ner.common import written
from marsad.analyse.ner.tagger import Tagger
from marsad.text.sentences import sentence_spans
from marsad.text.tokens import TOKEN

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Count, filter and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/data/unlabeled/news-2013.jsonl.xz")
    parser.add_argument("--every", type=int, default=3, help="read every n-th article")
    parser.add_argument("--min-count", type=int, default=20)
    parser.add_argument("--max-rate", type=float, default=0.3)
    parser.add_argument("--max-alone", type=float, default=0.05)
    parser.add_argument("--out", type=Path, default=ROOT / "src/marsad/data/ar/name_rates.tsv.gz")
    args = parser.parse_args()
    tagger = Tagger()
    seen: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    t0 = time.time()
    n = 0
    with lzma.open(args.corpus, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f):
            if number % args.every:
                continue
            n += 1
            text = json.loads(line)["text"]
            for start, end in sentence_spans(text):
                tokens = TOKEN.findall(text[start:end])
                tags = tagger.tag(tokens)
                for k, (token, tag) in enumerate(zip(tokens, tags, strict=True)):
                    if not any(c.isalpha() for c in token):
                        continue
                    form = written(token)
                    if not form or form.strip() != form:
                        continue  # a lone mark or space-like letter: no word to look up
                    seen[form] += 1
                    if tag != "O":
                        inside[form] += 1
                        if tag.startswith("B-") and (k + 1 == len(tags) or not tags[k + 1].startswith("I-")):
                            alone[form] += 1
    rows = sorted(
        (w, c, inside[w] / c, alone[w] / c)
        for w, c in seen.items()
        if c >= args.min_count and (inside[w] / c <= args.max_rate or alone[w] / c <= args.max_alone)
    )
    header = (
        "# word as written<TAB>count<TAB>share inside a name<TAB>share that is a one-word name by itself;"
        f" by the shipped tagger over every {args.every}-th article of news-2013.jsonl.xz ({n} articles);"
        f" count >= {args.min_count}, inside <= {args.max_rate} or alone <= {args.max_alone}\n"
    )
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(header)
        for w, c, rate, by_itself in rows:
            out.write(f"{w}\t{c}\t{rate:.3f}\t{by_itself:.3f}\n")
    print(f"{n} articles, {len(seen)} words, {len(rows)} rows -> {args.out} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
