"""Sample same-day, different-outlet article pairs from ../shared for story labelling.

Prints ``line_a<TAB>line_b<TAB>stratum<TAB>score`` (0-based line numbers of
news-2013.jsonl.xz). Deterministic (fixed seed), so the gold file's pairs can be
re-drawn; their labels were given by reading the two articles.

- ``--round 1`` (the first 190 pairs): random pairs of six fixed days from high,
  medium, low and very low similarity strata (similarity as of that commit).
- ``--round 2`` (hard pairs): six other days; pairs whose similarity lies in the
  ambiguous band 0.08-0.40 *and* whose headlines share at least one stem, i.e. the
  same topic words (two court cases, two matches), where same-event and
  different-event pairs are hardest to tell apart.
- ``--round 3`` (graded): eight further days, analysed like a store does (dates,
  entities, links); every same-day pair of different outlets is scored with the
  story model of that commit, and 30 pairs are drawn from each of eight probability
  bins, so easy, unrelated and borderline pairs all appear. Labelled on three
  grades: ``same`` event, ``related`` (same topic or kind, another event) and
  ``unrelated``.
- ``--round 4`` (fresh held-out): as round 3, on eight other days, drawn with the
  model of that commit (without headline heat) after its features and settings were
  chosen; kept as test.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
from pathlib import Path

from marsad.corpus.features import Featurizer, Vector, cosine

# The similarity the pairs were drawn with: a fixed blend of body cosine, headline
# cosine and entity Jaccard (title weight 0.3, entity weight 0.2).
TITLE_WEIGHT = 0.3
ENTITY_WEIGHT = 0.2


def similarity(a: tuple[Vector, Vector, list[str]], b: tuple[Vector, Vector, list[str]]) -> float:
    """The blend used to draw the gold pairs (kept so a redraw gives the same pairs)."""
    score = (1 - TITLE_WEIGHT) * cosine(a[0], b[0]) + TITLE_WEIGHT * cosine(a[1], b[1])
    if a[2] and b[2]:
        shared = len(set(a[2]) & set(b[2])) / len(set(a[2]) | set(b[2]))
        score = (1 - ENTITY_WEIGHT) * score + ENTITY_WEIGHT * shared
    return score

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
DAYS = ("2013-01-20", "2013-01-29", "2013-02-07", "2013-02-19", "2013-03-04", "2013-03-17")
STRATA = (("high", 0.45, 1.01, 50), ("medium", 0.25, 0.45, 55), ("low", 0.12, 0.25, 45), ("verylow", 0.05, 0.12, 40))
DAYS_2 = ("2013-02-03", "2013-02-12", "2013-02-25", "2013-03-07", "2013-03-12", "2013-03-21")
HARD = ("hard", 0.08, 0.40, 170)
DAYS_3 = ("2013-01-31", "2013-02-10", "2013-02-16", "2013-02-22", "2013-02-28", "2013-03-09", "2013-03-15",
          "2013-03-24")
DAYS_4 = ("2013-02-01", "2013-02-05", "2013-02-14", "2013-02-18", "2013-03-02", "2013-03-06", "2013-03-19",
          "2013-03-22")
BINS_3 = (0.0, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.01)
PER_BIN_3 = 30


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


def scored_pairs(docs: dict[int, dict], feats: dict[int, tuple], shared_title: bool) -> list[tuple[int, int, float]]:
    """Same-day, different-outlet pairs with their similarity (>= 0.05)."""
    by_day: dict[str, list[int]] = {}
    for n, d in docs.items():
        by_day.setdefault(d["time"][:10], []).append(n)
    scored = []
    for lines in by_day.values():
        for i, a in enumerate(lines):
            for b in lines[i + 1 :]:
                if docs[a]["source"] == docs[b]["source"]:
                    continue
                if shared_title and not set(feats[a][1].terms.tolist()) & set(feats[b][1].terms.tolist()):
                    continue
                score = similarity(feats[a], feats[b])
                if score >= 0.05:
                    scored.append((a, b, score))
    return scored


def graded_pairs(rng: random.Random, days: tuple[str, ...] = DAYS_3) -> list[tuple[int, int, str, float]]:
    """Rounds 3 and 4: pairs drawn evenly from bins of the story model's same-story probability."""
    from eval_stories import article, doc

    from marsad.corpus.similarity import model, probability

    docs = load(days)
    featurizer, fitted = Featurizer(), model()
    analysed = {n: doc(featurizer, article(n, d)) for n, d in docs.items()}
    by_day: dict[str, list[int]] = {}
    for n, d in docs.items():
        by_day.setdefault(d["time"][:10], []).append(n)
    binned: list[list[tuple[int, int, float]]] = [[] for _ in BINS_3[1:]]
    for lines in by_day.values():
        for i, a in enumerate(lines):
            for b in lines[i + 1 :]:
                if docs[a]["source"] == docs[b]["source"]:
                    continue
                # Pairs without a shared heavy term are unrelated; keep a random tenth of them.
                if not set(analysed[a].body.top(20)) & set(analysed[b].body.top(20)) and rng.random() > 0.1:
                    continue
                p = probability(analysed[a], analysed[b], fitted)
                k = next(k for k in range(len(binned)) if p < BINS_3[k + 1])
                binned[k].append((a, b, p))
    chosen = []
    for k, pool in enumerate(binned):
        for a, b, p in sorted(rng.sample(pool, min(PER_BIN_3, len(pool)))):
            chosen.append((a, b, f"p{BINS_3[k]:.2f}", p))
    return chosen


def main() -> None:
    """Print the sampled pairs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--round", type=int, choices=(1, 2, 3, 4), default=4)
    args = parser.parse_args()
    if args.round >= 3:
        rng, days = (random.Random(2015), DAYS_3) if args.round == 3 else (random.Random(2016), DAYS_4)
        for a, b, name, score in graded_pairs(rng, days):
            sys.stdout.write(f"{a}\t{b}\t{name}\t{score:.3f}\n")
        return
    rng = random.Random(2013 if args.round == 1 else 2014)
    docs = load(DAYS if args.round == 1 else DAYS_2)
    featurizer = Featurizer()
    feats = {n: features(featurizer, d) for n, d in docs.items()}
    # Round 1 was drawn with the similarity of its time (title weight 0.3, threshold 0.18).
    scored = scored_pairs(docs, feats, shared_title=args.round == 2)
    for name, low, high, count in STRATA if args.round == 1 else (HARD,):
        pool = [p for p in scored if low <= p[2] < high]
        for a, b, score in sorted(rng.sample(pool, min(count, len(pool)))):
            sys.stdout.write(f"{a}\t{b}\t{name}\t{score:.3f}\n")


if __name__ == "__main__":
    main()
