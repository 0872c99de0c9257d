"""Benchmark copies and stories (run by hand, never in tests).

    python benchmarks/corpus.py --n 10000            # quick
    python benchmarks/corpus.py --n 100000 --real 20000

Articles are synthetic (a made-up vocabulary, ~200 words each, 10% near-duplicates
of earlier ones, ~700 a day) plus, with ``--real``, articles from
``../shared/data/unlabeled/news-2013.jsonl.xz``. Reports articles per second for
copies and for stories, peak memory (RSS growth, and tracemalloc peak of Python
objects), and the throughput of datasketch's reference usage (MinHash per
document + MinHashLSH insert and query) on the same shingles in the same run.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from marsad.corpus import shingles as sh
from marsad.corpus.copies import update_copies
from marsad.corpus.stories import update_stories
from marsad.record import Article, Source
from marsad.store import Store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(n: int, seed: int = 1) -> list[Article]:
    """``n`` synthetic articles with injected near-duplicates."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 8))) for _ in range(30000)]
    texts: list[str] = []
    out = []
    for i in range(n):
        if texts and rng.random() < 0.1:
            text = "وقالت مصادر اليوم إن " + rng.choice(texts)
        else:
            text = " ".join(rng.choices(vocab, k=rng.randint(120, 280)))
            texts.append(text)
        day = i // 700
        out.append(Article(id=f"syn{i}", source=Source(path="bench"), text=text, title=" ".join(text.split()[:8]),
                           site=f"site{i % 13}", published=_date(day, i)))
    return out


def _date(day: int, i: int) -> str:
    base = time.gmtime(1577836800 + day * 86400 + (i % 700) * 120)
    return time.strftime("%Y-%m-%dT%H:%M:%S", base)


def real(limit: int) -> list[Article]:
    """Up to ``limit`` articles of the unlabelled corpus, when present."""
    if not CORPUS.exists() or limit <= 0:
        return []
    out = []
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= limit:
                break
            doc = json.loads(line)
            out.append(Article(id=f"real{n}", source=Source(path="real"), text=doc["text"].split("\n", 1)[-1],
                               title=doc["title"], site=doc["source"], published=doc["time"]))
    return out


def datasketch_reference(articles: list[Article]) -> float:
    """Docs/s of datasketch MinHash (update_batch) + MinHashLSH insert and query.

    The LSH is tuned to marsad's candidate threshold, as marsad's own bands are, so
    both find the same candidates before the exact Jaccard check.
    """
    from datasketch import MinHash, MinHashLSH

    from marsad.corpus.copies import CANDIDATE

    sets = [sh.hash32(sh.shingles(a.text)).tolist() for a in articles]
    lsh = MinHashLSH(threshold=CANDIDATE, num_perm=128)
    start = time.perf_counter()
    for i, values in enumerate(sets):
        m = MinHash(num_perm=128, seed=1, hashfunc=int)
        if values:
            m.update_batch(values)
        lsh.query(m)
        lsh.insert(str(i), m)
    return len(sets) / (time.perf_counter() - start)


def numpy_reference(articles: list[Article]) -> tuple[float, float]:
    """Docs/s of shingling alone, and of numpy MinHash + band hashing on the same shingles."""
    from marsad.corpus.copies import CANDIDATE, band_hashes, lsh_params
    from marsad.corpus.minhash import MinHasher

    start = time.perf_counter()
    sets = [sh.hash32(sh.shingles(a.text)) for a in articles]
    shingling = len(sets) / (time.perf_counter() - start)
    bands, rows = lsh_params(CANDIDATE)
    hasher = MinHasher()
    start = time.perf_counter()
    for i in range(0, len(sets), 1000):
        band_hashes(hasher.sign(sets[i : i + 1000]), bands, rows)
    return shingling, len(sets) / (time.perf_counter() - start)


def main() -> None:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000, help="synthetic articles")
    parser.add_argument("--real", type=int, default=0, help="real articles from ../shared to add")
    parser.add_argument("--trace", action="store_true", help="also measure tracemalloc peaks (slower)")
    args = parser.parse_args()
    articles = synthetic(args.n) + real(args.real)
    result: dict[str, float | int] = {"articles": len(articles)}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "bench.db"), batch_size=1000)
        for a in articles:
            store.add(a)
        store.flush()
        result["rss_after_ingest_mb"] = round(rss_mb(), 1)
        for name, step in (("copies", update_copies), ("stories", update_stories)):
            if args.trace:
                tracemalloc.start()
            start = time.perf_counter()
            counts = step(store)
            elapsed = time.perf_counter() - start
            result[f"{name}_docs_per_s"] = round(len(articles) / elapsed, 1)
            result[f"{name}_rss_peak_mb"] = round(rss_mb(), 1)
            if args.trace:
                result[f"{name}_tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
                tracemalloc.stop()
            result.update({f"{name}_{k}": v for k, v in counts.items()})
        store.close()
        sizes = {t: os.path.getsize(os.path.join(tmp, "bench.db")) for t in ("db",)}
        result["db_mb"] = round(sizes["db"] / 2**20, 1)
    before = rss_mb()
    result["datasketch_docs_per_s"] = round(datasketch_reference(articles), 1)
    result["datasketch_rss_growth_mb"] = round(rss_mb() - before, 1)
    shingling, signing = numpy_reference(articles)
    result["shingling_docs_per_s"] = round(shingling, 1)
    result["numpy_minhash_bands_docs_per_s"] = round(signing, 1)
    result["numpy_minhash_vs_datasketch"] = round(signing / float(result["datasketch_docs_per_s"]), 2)
    result["copies_vs_datasketch"] = round(float(result["copies_docs_per_s"]) / float(result["datasketch_docs_per_s"]), 2)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
