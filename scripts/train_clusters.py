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

Rerun (about 3–5 minutes on one core)::

    . .venv/bin/activate && pip install gensim
    PYTHONHASHSEED=0 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python scripts/train_clusters.py \\
        --corpus ../shared/data/unlabeled/news-2013.jsonl.xz

gensim seeds its vectors with Python's string hash, so only a fixed
``PYTHONHASHSEED`` makes two runs identical; the shipped file was built without
one, so a rerun gives equivalent clusters with different ids.
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

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/marsad/data/ar/clusters.tsv.gz"
DIGITS = re.compile(r"\d")


def read_sentences(corpus: Path, limit: int | None) -> list[list[str]]:
    """Normalised word lists, one per paragraph, for every article of the corpus."""
    pool: dict[str, str] = {}
    sentences: list[list[str]] = []
    with lzma.open(corpus, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                break
            for para in json.loads(line)["text"].split("\n"):
                words = [DIGITS.sub("0", w) for w in WORD.findall(normalize(para))]
                if len(words) > 1:
                    sentences.append([pool.setdefault(w, w) for w in words])
    return sentences


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
    parser.add_argument("--limit", type=int, default=None, help="read only this many articles (testing)")
    args = parser.parse_args()
    logging.basicConfig(format="%(asctime)s %(message)s", level=logging.INFO)
    from gensim.models import Word2Vec

    t0 = time.time()
    sentences = read_sentences(args.corpus, args.limit)
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
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"# word2vec+k-means clusters, levels {args.levels}, min count {args.min_count}\n")
        for i, word in enumerate(words):
            f.write(word + "\t" + " ".join(str(lab[i]) for lab in labels) + "\n")
    logging.info("%d words written to %s in %.0fs", len(words), args.out, time.time() - t0)


if __name__ == "__main__":
    main()
