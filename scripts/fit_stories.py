"""Refit the story model (src/marsad/data/stories_model.json) on the dev split of tests/gold/stories.

    python scripts/fit_stories.py

Logistic regression (C=10) over the pair features of the dev pairs; the features
were chosen among subsets of body, headline, headline-to-body, lead, headline
anchor, entity and number overlap, and headline heat (how the test split was used
on the way: tests/gold/stories/README.md). The join threshold and the merge
threshold (of two stories' centroids) are the pair of best dev accuracy when the
dev days are clustered as a store does (an article is compared with stories'
centroids, so the pair optimum is not the clustering one). Test and fresh pairs
are not read.
"""

from __future__ import annotations

import json

from eval_stories import ROOT, Featurizer, cluster_decisions, doc, heat_counts, load, rows
from sklearn.linear_model import LogisticRegression

from marsad.corpus import similarity
from marsad.corpus.stories import Params

C = 10.0
THRESHOLDS = (0.45, 0.5, 0.55, 0.6)
MERGES = (0.7, 0.8, 0.9, 0.95, 1.01)  # 1.01: never merge


def main() -> int:
    """Fit on dev, choose the thresholds by clustering dev, write the model file."""
    pairs, analysed = load()
    dev = [p for p in pairs if p.split == "dev"]
    featurizer = Featurizer()
    docs = {n: doc(featurizer, a) for n, a in analysed.items()}
    x, y = rows(dev, docs, heat_counts(dev, analysed))
    fit = LogisticRegression(C=C, max_iter=1000).fit(x, y)
    coef = [round(float(c), 4) for c in fit.coef_[0]]
    intercept = round(float(fit.intercept_[0]), 4)
    fitted = similarity.Model(tuple(coef), intercept, 0.5, 1.01)
    grid = [(t, m) for t in THRESHOLDS for m in MERGES]
    decisions = cluster_decisions(dev, analysed, [Params(threshold=t, merge=m, model=fitted) for t, m in grid])
    scores = {key: sum(d[(p.a, p.b)] == p.same for p in dev) / len(dev) for key, d in zip(grid, decisions, strict=True)}
    for (t, m), score in scores.items():
        print(f"threshold {t}, merge {m}: dev clustering accuracy {score:.3f}")
    # Ties go to the higher thresholds: fewer joins and merges.
    threshold, merge = max(grid, key=lambda key: (scores[key], key))
    out = {"features": list(similarity.FEATURES), "coef": coef, "intercept": intercept, "threshold": threshold,
           "merge": merge, "fitted_on": "tests/gold/stories/pairs.tsv dev split", "C": C}
    path = ROOT / "src" / "marsad" / "data" / similarity.MODEL
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}: {out}; dev clustering accuracy {scores[(threshold, merge)]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
