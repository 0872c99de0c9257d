"""Refit the story model (src/marsad/data/stories_model.json) on the dev split of tests/gold/stories.

    python scripts/fit_stories.py

Logistic regression (C=10, the best of a 5-fold cross-validation on dev among
feature subsets of body, headline, lead, headline-to-body and entity overlap);
the threshold is the probability of best dev accuracy. Test pairs are not read.
"""

from __future__ import annotations

import json

from eval_stories import ROOT, Featurizer, accuracy, doc, load, rows
from sklearn.linear_model import LogisticRegression

from marsad.corpus.similarity import FEATURES, MODEL

C = 10.0


def main() -> int:
    """Fit on dev, write the model file, print dev accuracy."""
    pairs, analysed = load()
    featurizer = Featurizer()
    docs = {n: doc(featurizer, a) for n, a in analysed.items()}
    x, y = rows([p for p in pairs if p[3] == "dev"], docs, "dev")
    fit = LogisticRegression(C=C, max_iter=1000).fit(x, y)
    probabilities = [float(p) for p in fit.predict_proba(x)[:, 1]]
    acc, threshold = max((accuracy(probabilities, y, t / 100), -t / 100) for t in range(30, 71, 5))
    out = {"features": list(FEATURES), "coef": [round(float(c), 4) for c in fit.coef_[0]],
           "intercept": round(float(fit.intercept_[0]), 4), "threshold": -threshold,
           "fitted_on": "tests/gold/stories/pairs.tsv dev split", "C": C}
    path = ROOT / "src" / "marsad" / "data" / MODEL
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}: {out}; dev accuracy {acc:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
