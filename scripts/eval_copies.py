"""Recall and precision of copy groups on real days of ../shared (run by hand).

    python scripts/eval_copies.py                  # the 2 busiest 13-outlet days
    python scripts/eval_copies.py --days 2013-02-03 2013-03-04

Each day's articles go through marsad as an ingest would (the local engine with
no analysis stages, a ``StoreSink`` into a temporary store, then
``update_corpus``), and the exact shingle Jaccard of every pair of that day's
stored texts is computed with a sparse product (same shingling as
:mod:`marsad.corpus.shingles`). Reported per day and overall:

- recall: share of pairs with Jaccard >= 0.8 that ended up in one copy group;
- precision: share of pairs grouped together whose Jaccard is >= 0.5.
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from marsad.corpus import shingles as sh
from marsad.corpus import update_corpus
from marsad.engines.local import run
from marsad.engines.sinks import StoreSink
from marsad.pipeline import Pipeline
from marsad.store import Store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
HIGH, LOW = 0.8, 0.5


def read_days(k: int, days: list[str] | None) -> dict[str, list[str]]:
    """Raw JSON lines of the chosen days; by default the ``k`` busiest days with the most outlets."""
    lines: dict[str, list[str]] = defaultdict(list)
    outlets: dict[str, set[str]] = defaultdict(set)
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            day = doc["time"][:10]
            if days is None or day in days:
                lines[day].append(line)
                outlets[day].add(doc["source"])
    chosen = days or sorted(lines, key=lambda d: (-len(outlets[d]), -len(lines[d]), d))[:k]
    return {d: lines[d] for d in sorted(chosen)}


def ingest(lines: list[str], folder: str) -> tuple[Store, dict[str, Any]]:
    """The day's lines through the engine into a fresh store, then copies and stories."""
    path = Path(folder) / "day.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    store = Store(str(Path(folder) / "day.db"))
    run([str(path)], Pipeline(), StoreSink(store))
    counts = update_corpus(store)
    return store, counts


def exact_pairs(texts: list[str], low: float) -> dict[tuple[int, int], float]:
    """Exact shingle Jaccard of every pair of ``texts`` reaching ``low`` (indices into ``texts``)."""
    sets = [sh.shingles(t) for t in texts]
    vocab: dict[int, int] = {}
    rows, cols = [], []
    for i, s in enumerate(sets):
        for value in s.tolist():
            rows.append(i)
            cols.append(vocab.setdefault(value, len(vocab)))
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(sets), len(vocab)))
    common = (matrix @ matrix.T).tocoo()
    sizes = np.array([s.size for s in sets])
    out = {}
    for i, j, n in zip(common.row.tolist(), common.col.tolist(), common.data.tolist(), strict=True):
        if i < j:
            score = n / (sizes[i] + sizes[j] - n)
            if score >= low:
                out[(i, j)] = score
    return out


def evaluate(store: Store) -> dict[str, Any]:
    """Recall and precision of the stored copy groups against exact Jaccard."""
    rows = store.db.execute(
        "SELECT a.rowid, json_extract(a.record, '$.text'), d.copy_group FROM articles a"
        " JOIN corpus_docs d ON d.article = a.rowid ORDER BY a.rowid"
    ).fetchall()
    groups = [r[2] for r in rows]
    scores = exact_pairs([r[1] or "" for r in rows], LOW)
    high = [p for p, s in scores.items() if s >= HIGH]
    found = sum(groups[i] == groups[j] for i, j in high)
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    grouped = [(m[x], m[y]) for m in members.values() for x in range(len(m)) for y in range(x + 1, len(m))]
    close = sum((i, j) in scores for i, j in grouped)
    sizes = Counter(len(m) for m in members.values())
    missed = sorted((scores[p], rows[p[0]][0], rows[p[1]][0]) for p in high if groups[p[0]] != groups[p[1]])
    return {"articles": len(rows), "pairs_ge_0.8": len(high), "recalled": found, "grouped_pairs": len(grouped),
            "grouped_ge_0.5": close, "largest_group": max(sizes), "missed": missed[:5]}


def main() -> int:
    """Evaluate copies on the chosen days and print one line per day and a total."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", type=int, default=2, help="number of days (default 2)")
    parser.add_argument("--days", nargs="*", help="explicit days (YYYY-MM-DD) instead of the busiest")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} not found: nothing to evaluate", file=sys.stderr)
        return 0
    total: Counter[str] = Counter()
    for day, lines in read_days(args.k, args.days).items():
        with tempfile.TemporaryDirectory() as folder:
            store, counts = ingest(lines, folder)
            result = evaluate(store)
            story_max = store.db.execute("SELECT max(articles) FROM stories").fetchone()[0]
            store.close()
        total.update({k: v for k, v in result.items() if isinstance(v, int) and k != "largest_group"})
        print(json.dumps({"day": day, **result, "copy_pairs": counts["copy_pairs"], "largest_story": story_max}))
    recall = total["recalled"] / max(1, total["pairs_ge_0.8"])
    precision = total["grouped_ge_0.5"] / max(1, total["grouped_pairs"])
    print(f"recall (Jaccard >= {HIGH}) {recall:.4f} of {total['pairs_ge_0.8']};"
          f" grouped pairs with Jaccard >= {LOW}: {precision:.4f} of {total['grouped_pairs']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
