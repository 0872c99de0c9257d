"""Sample same-day, different-outlet article pairs from ../shared for story labelling.

Prints ``line_a<TAB>line_b<TAB>stratum<TAB>score`` (0-based line numbers of
news-2013.jsonl.xz): pairs drawn at random from high, medium and low similarity
strata of six fixed days. Deterministic (fixed seed), so the gold file's pairs can
be re-drawn; their labels were given by reading the two articles.
"""

from __future__ import annotations

import json
import lzma
import random
import sys
from pathlib import Path

from marsad.corpus.features import Featurizer
from marsad.corpus.stories import Params, similarity

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
DAYS = ("2013-01-20", "2013-01-29", "2013-02-07", "2013-02-19", "2013-03-04", "2013-03-17")
STRATA = (("high", 0.45, 1.01, 50), ("medium", 0.25, 0.45, 55), ("low", 0.12, 0.25, 45), ("verylow", 0.05, 0.12, 40))


def load(days: tuple[str, ...] = DAYS) -> dict[int, dict]:
    """Articles of the given days, by line number."""
    docs = {}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f):
            doc = json.loads(line)
            if doc["time"][:10] in days:
                docs[line_no] = doc
    return docs


def features(featurizer: Featurizer, doc: dict) -> tuple:
    """Body vector, title vector, no entities: what stories compare."""
    return featurizer.vector(doc["text"]), featurizer.vector(doc["title"]), []


def main() -> None:
    """Print the sampled pairs."""
    rng = random.Random(2013)
    docs = load()
    featurizer = Featurizer()
    feats = {n: features(featurizer, d) for n, d in docs.items()}
    params = Params()
    by_day: dict[str, list[int]] = {}
    for n, d in docs.items():
        by_day.setdefault(d["time"][:10], []).append(n)
    scored = []
    for lines in by_day.values():
        for i, a in enumerate(lines):
            for b in lines[i + 1 :]:
                if docs[a]["source"] != docs[b]["source"]:
                    score = similarity(feats[a], feats[b], params)
                    if score >= 0.05:
                        scored.append((a, b, score))
    for name, low, high, count in STRATA:
        pool = [p for p in scored if low <= p[2] < high]
        for a, b, score in sorted(rng.sample(pool, min(count, len(pool)))):
            sys.stdout.write(f"{a}\t{b}\t{name}\t{score:.3f}\n")


if __name__ == "__main__":
    main()
