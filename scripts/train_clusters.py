"""Learn Arabic word clusters for the NER tagger from unlabelled news.

Data: ``news-2013.jsonl.xz`` (60,000 Arabic news articles, Jan–Mar 2013, from the
Apache-2.0 repository ibraaaa/news-credibility; texts © the outlets; cite Hammad &
Hemayed, SocInfo 2013). Only the derived clusters ship, never the text.

Method: every paragraph is normalised (``marsad.text.normalize``) and split into
words; digits become ``0``. gensim word2vec (skip-gram, 100 dims, window 2,
min count 5, one worker, fixed seed) embeds the words, and k-means (numpy,
k-means++ seeding) on the unit-length vectors groups them at several
granularities. Output: ``src/marsad/data/ar/clusters.tsv.gz`` with lines
``normalised-word<TAB>id-fine id-mid id-coarse`` (ids are integers per level).

``--unit stem`` embeds the clitic-stripped stems the NER features use instead
(``marsad.text.tokens.stem``, so rebuild after the lexicon changes), and
``--depth N`` adds a third column: a Brown-style bit path from divisive
spherical 2-means, N levels deep. The shipped stem table
(``src/marsad/data/ar/stem_clusters.tsv.gz``) is built with::

    PYTHONHASHSEED=0 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python scripts/train_clusters.py \\
        --corpus ../shared/data/unlabeled/news-2013.jsonl.xz \\
        --unit stem --depth 16 --out src/marsad/data/ar/stem_clusters.tsv.gz

Rerun (about 3–5 minutes on one core)::

    . .venv/bin/activate && pip install gensim
    PYTHONHASHSEED=0 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python scripts/train_clusters.py \\
        --corpus ../shared/data/unlabeled/news-2013.jsonl.xz

gensim seeds its vectors with Python's string hash, so only a fixed
``PYTHONHASHSEED`` makes two runs identical; with ``PYTHONHASHSEED=0`` a rerun
gives the shipped word table with the same ids.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import lzma
import re
import time
from pathlib import Path

import numpy as np

from marsad.text.normalize import normalize
from marsad.text.tokens import WORD
from marsad.text.tokens import stem as clitic_stem

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/marsad/data/ar/clusters.tsv.gz"
DIGITS = re.compile(r"\d")
LETTER = re.compile(r"[^\W\d_]")


def read_sentences(corpus: Path, limit: int | None, unit: str = "word") -> list[list[str]]:
    """Normalised word (or clitic-stripped stem) lists, one per paragraph, for every article."""
    pool: dict[str, str] = {}
    stems: dict[str, str] = {}
    sentences: list[list[str]] = []
    with lzma.open(corpus, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                break
            for para in json.loads(line)["text"].split("\n"):
                words = [DIGITS.sub("0", w) for w in WORD.findall(normalize(para))]
                if unit == "stem":
                    words = [stems[w] if w in stems else stems.setdefault(w, _stem(w)) for w in words]
                if len(words) > 1:
                    sentences.append([pool.setdefault(w, w) for w in words])
    return sentences


def _stem(norm: str) -> str:
    """Clitic-stripped stem of a normalised word, as the NER features compute it."""
    return clitic_stem(norm) if LETTER.search(norm) else norm


def tree_paths(x: np.ndarray, depth: int, seed: int) -> list[str]:
    """Brown-style bit strings: divisive spherical 2-means, ``depth`` levels deep.

    Words sharing a prefix of the path are close in the embedding space, so
    prefixes of several lengths give nested clusters from coarse to fine.
    """
    rng = np.random.default_rng(seed)
    paths = [""] * len(x)
    groups = [np.arange(len(x))]
    for _ in range(depth):
        next_groups = []
        for idx in groups:
            if len(idx) < 2:
                continue
            sub = x[idx]
            c = sub[rng.choice(len(idx), size=2, replace=False)]
            side = np.zeros(len(idx), dtype=bool)
            for _ in range(6):
                side = (sub @ c[1]) > (sub @ c[0])
                if side.all() or not side.any():
                    break
                c = np.stack([sub[~side].sum(0), sub[side].sum(0)])
                c /= np.linalg.norm(c, axis=1, keepdims=True)
            if side.all() or not side.any():
                side = np.arange(len(idx)) % 2 == 1
            for i, bit in zip(idx.tolist(), side.tolist(), strict=True):
                paths[i] += "1" if bit else "0"
            next_groups += [idx[~side], idx[side]]
        groups = next_groups
    return paths


def kmeans(x: np.ndarray, k: int, iters: int, seed: int) -> np.ndarray:
    """Spherical k-means labels of the rows of ``x`` (rows unit length)."""
    rng = np.random.default_rng(seed)
    sample = x[rng.choice(len(x), size=min(len(x), 20 * k), replace=False)]
    centres = [sample[rng.integers(len(sample))]]
    best = 1 - sample @ centres[0]
    for _ in range(1, k):  # k-means++ seeding on a sample
        probs = np.maximum(best, 0) ** 2
        centres.append(sample[rng.choice(len(sample), p=probs / probs.sum())])
        best = np.minimum(best, 1 - sample @ centres[-1])
    c = np.stack(centres)
    labels = np.zeros(len(x), dtype=np.int64)
    for it in range(iters):
        labels = np.concatenate([np.argmax(x[i : i + 20000] @ c.T, axis=1) for i in range(0, len(x), 20000)])
        sums = np.zeros_like(c)
        np.add.at(sums, labels, x)
        empty = np.linalg.norm(sums, axis=1) == 0
        sums[empty] = x[rng.choice(len(x), size=int(empty.sum()))]
        c = sums / np.linalg.norm(sums, axis=1, keepdims=True)
        logging.info("k=%d iteration %d", k, it)
    return labels


def main() -> None:
    """Train embeddings, cluster them and write the shipped table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared/data/unlabeled/news-2013.jsonl.xz"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--window", type=int, default=2)
    parser.add_argument("--levels", default="1000,300,100")
    parser.add_argument(
        "--unit",
        choices=("word", "stem"),
        default="word",
        help="embed normalised words, or their clitic-stripped stems",
    )
    parser.add_argument("--depth", type=int, default=0, help="also write a bit path this deep (0: none)")
    parser.add_argument("--limit", type=int, default=None, help="read only this many articles (testing)")
    args = parser.parse_args()
    logging.basicConfig(format="%(asctime)s %(message)s", level=logging.INFO)
    from gensim.models import Word2Vec

    t0 = time.time()
    sentences = read_sentences(args.corpus, args.limit, args.unit)
    logging.info("%d paragraphs read in %.0fs", len(sentences), time.time() - t0)
    model = Word2Vec(
        sentences,
        vector_size=100,
        min_count=args.min_count,
        sg=1,
        negative=5,
        sample=1e-4,
        workers=1,
        epochs=args.epochs,
        seed=13,
        window=args.window,
    )
    words = model.wv.index_to_key
    vectors = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True)
    levels = [int(k) for k in args.levels.split(",")]
    labels = [kmeans(vectors.astype(np.float32), k, iters=15, seed=13) for k in levels]
    paths = tree_paths(vectors.astype(np.float32), args.depth, seed=13) if args.depth else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(
            f"# word2vec+k-means clusters of {args.unit}s, levels {args.levels}, min count {args.min_count}"
            + (f", bit paths {args.depth} deep" if paths else "")
            + "\n"
        )
        for i, word in enumerate(words):
            line = word + "\t" + " ".join(str(lab[i]) for lab in labels)
            f.write(line + ("\t" + paths[i] if paths else "") + "\n")
    logging.info("%d words written to %s in %.0fs", len(words), args.out, time.time() - t0)


if __name__ == "__main__":
    main()
