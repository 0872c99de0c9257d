"""Accuracy of story decisions on tests/gold/stories/pairs.tsv (needs ../shared).

Prints the accuracy at the configured threshold and a sweep of thresholds, so a
change of features or weights can be judged and the default re-chosen.
"""

from __future__ import annotations

import argparse
import csv
import json
import lzma
import sys
from pathlib import Path

from marsad.corpus.features import Featurizer
from marsad.corpus.stories import Params, similarity

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
PAIRS = ROOT / "tests" / "gold" / "stories" / "pairs.tsv"


def main() -> int:
    """Score the gold pairs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--title-weight", type=float, default=Params.title_weight)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} not found: nothing to evaluate", file=sys.stderr)
        return 0
    with PAIRS.open(encoding="utf-8") as f:
        pairs = [(int(r["line_a"]), int(r["line_b"]), r["label"] == "same") for r in csv.DictReader(f, delimiter="\t")]
    need = {n for a, b, _ in pairs for n in (a, b)}
    docs = {}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n in need:
                docs[n] = json.loads(line)
    featurizer = Featurizer()
    feats = {n: (featurizer.vector(d["text"]), featurizer.vector(d["title"]), []) for n, d in docs.items()}
    params = Params(title_weight=args.title_weight)
    scores = [(similarity(feats[a], feats[b], params), same) for a, b, same in pairs]

    def accuracy(threshold: float) -> float:
        return sum((s >= threshold) == same for s, same in scores) / len(scores)

    print(f"pairs={len(scores)} threshold={params.threshold} accuracy={accuracy(params.threshold):.3f}")
    for t in [x / 100 for x in range(4, 40, 2)]:
        print(f"  threshold {t:.2f}: accuracy {accuracy(t):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
