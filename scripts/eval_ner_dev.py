"""Score a NER model file on the ANERcorp dev split, alone and with document-level consistency.

The dev split is the one ``scripts/train_ner.py`` keeps out: the last 10% of the
sentences of ``train.txt``. Score a model trained without it::

    python scripts/train_ner.py --final train --no-ablation --grid 0.1:0.1 --out /tmp/ner90
    python scripts/eval_ner_dev.py --model /tmp/ner90/ner.crfsuite

ANERcorp has no document boundaries, so ``marsad.analyse.ner.document.consistent``
runs over windows of ``--window`` consecutive sentences (about an article's length).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from train_ner import read_conll

from marsad.analyse.ner.document import consistent
from marsad.analyse.ner.scoring import report, score
from marsad.analyse.ner.tagger import Tagger

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Print both score tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/anercorp/train.txt")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--window", type=int, default=20, help="sentences per pseudo-document")
    args = parser.parse_args()
    sentences = read_conll(args.data)
    dev = sentences[-(len(sentences) // 10) :]
    tagger = Tagger(args.model)
    words = [w for w, _ in dev]
    gold = [t for _, t in dev]
    tags = [tagger.tag(w) for w in words]
    print(f"{len(dev)} dev sentences\n\nsentence by sentence:\n{report(score(gold, tags))}")
    spread: list[list[str]] = []
    for start in range(0, len(words), args.window):
        spread += consistent(words[start : start + args.window], tags[start : start + args.window])
    print(f"\nwith document consistency (windows of {args.window} sentences):\n{report(score(gold, spread))}")


if __name__ == "__main__":
    main()
