"""Near-duplicate copies: MinHash LSH with its bands kept in SQLite, verified exactly.

Each new article's body is shingled (:mod:`marsad.corpus.shingles`), signed with a
numpy MinHash equal to datasketch's, and cut into ``b`` bands of ``r`` rows
(``b``, ``r`` chosen like ``datasketch.MinHashLSH`` does, but for the lower
``CANDIDATE`` threshold: bands tuned for 0.8 itself find only ~40% of the pairs at
0.8, and measured recall on real days was 76%). Bands go to ``corpus_bands``;
articles sharing any band are candidates, and a candidate pair is a copy when the
exact Jaccard similarity of their shingle sets reaches the threshold. The decision depends only on the two texts, so it is symmetric, and
copy groups are the connected components of those decisions (union-find kept in
``corpus_docs.copy_group`` as the smallest rowid of the group): ingesting A then
B gives the same groups as ingesting A and B at once.

Memory is bounded by the batch, not the corpus: nothing but one batch's
signatures and the shingles of its candidates is held in RAM.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any

import numpy as np

from marsad.corpus import shingles as sh
from marsad.corpus.minhash import NUM_PERM, MinHasher
from marsad.store.corpus import connection, set_field
from marsad.store.transaction import transaction

THRESHOLD = 0.8
# LSH bands are tuned for this lower similarity: a pair at 0.8 becomes a candidate
# with probability ~1 (25 bands of 5 rows), and exact verification keeps precision.
CANDIDATE = 0.5
BATCH = 1000
# Fewer shingles than this (about 14 words): too short to call a copy of anything.
MIN_SHINGLES = 10
_SELECT_NEW = """
SELECT a.rowid, a.digest, json_extract(a.record, '$.text') AS text, d.shingles AS old
FROM articles a LEFT JOIN corpus_docs d ON d.article = a.rowid
WHERE d.article IS NULL OR d.digest != a.digest
ORDER BY a.rowid LIMIT ?
"""


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """Bands and rows minimising false positives plus false negatives, as datasketch does."""
    grid = np.linspace(0.0, 1.0, 2001)
    best, best_error = (1, num_perm), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            p = 1 - (1 - grid**r) ** b
            low, high = grid <= threshold, grid >= threshold
            error = 0.5 * np.trapezoid(p[low], grid[low]) + 0.5 * np.trapezoid(1 - p[high], grid[high])
            if error < best_error:
                best, best_error = (b, r), float(error)
    return best


def band_hashes(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """A signed 64-bit hash per (document, band): what ``corpus_bands`` stores."""
    out = np.zeros((signatures.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(rows):
            out = out * np.uint64(0x100000001B3) + signatures[:, j::rows][:, :bands].astype(np.uint64)
        out ^= out >> np.uint64(31)
    return out.view(np.int64)


def band_id(index: int, rows: int) -> int:
    """The ``corpus_bands.band`` value of band ``index``: tagged with the rows per band, so
    bands cut under another shape never match and are recognised for re-banding."""
    return (rows << 8) | index


def _rows(bands: np.ndarray, rowid: int, rows: int) -> list[tuple[int, int, int]]:
    return [(band_id(i, rows), int(h), rowid) for i, h in enumerate(bands.tolist())]


def _reband(db: sqlite3.Connection, hasher: MinHasher, bands: int, rows: int) -> None:
    """Re-cut every stored article's bands when the store was banded under another shape."""
    stale = db.execute("SELECT 1 FROM corpus_bands WHERE band >> 8 != ? LIMIT 1", (rows,)).fetchone()
    if stale is None:
        return
    with transaction(db):
        db.execute("DELETE FROM corpus_bands")
        last = -1
        while chunk := db.execute("SELECT article, shingles FROM corpus_docs WHERE article > ? ORDER BY article"
                                  " LIMIT ?", (last, BATCH)).fetchall():
            sets = [sh.from_blob(blob) for _, blob in chunk]
            hashes = band_hashes(hasher.sign([sh.hash32(s) for s in sets]), bands, rows)
            db.executemany("INSERT OR IGNORE INTO corpus_bands(band, hash, article) VALUES (?, ?, ?)",
                           [row for (rowid, _), s, h in zip(chunk, sets, hashes, strict=True)
                            if s.size >= MIN_SHINGLES for row in _rows(h, rowid, rows)])
            last = chunk[-1][0]


def _group(db: sqlite3.Connection, rowid: int) -> int:
    return int(db.execute("SELECT copy_group FROM corpus_docs WHERE article = ?", (rowid,)).fetchone()[0])


def _union(db: sqlite3.Connection, a: int, b: int) -> int | None:
    """Join the groups of ``a`` and ``b``; the smaller rowid labels the result."""
    ga, gb = _group(db, a), _group(db, b)
    if ga == gb:
        return None
    low, high = min(ga, gb), max(ga, gb)
    db.execute("UPDATE corpus_docs SET copy_group = ? WHERE copy_group = ?", (low, high))
    return low


def _shingles_of(db: sqlite3.Connection, rowids: set[int], known: dict[int, np.ndarray]) -> None:
    missing = [r for r in rowids if r not in known]
    for i in range(0, len(missing), 500):
        chunk = missing[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for rowid, blob in db.execute(f"SELECT article, shingles FROM corpus_docs WHERE article IN ({marks})", chunk):
            known[rowid] = sh.from_blob(blob)


def settle_groups(db: sqlite3.Connection, groups: set[int], force: set[int]) -> int:
    """Recompute ``copy_of`` for these groups; rewrite records whose value changed."""
    changed = 0
    for group in groups:
        members = db.execute(
            """SELECT d.article, d.copy_of, a.id, a.site_id, a.outlet_id FROM corpus_docs d
               JOIN articles a ON a.rowid = d.article WHERE d.copy_group = ?
               ORDER BY a.published IS NULL, a.published, a.rowid""",
            (group,),
        ).fetchall()
        first = members[0]
        for rowid, old, article_id, site, outlet in members:
            new = None if rowid == first[0] else first[0]
            if new != old or rowid in force:
                db.execute("UPDATE corpus_docs SET copy_of = ? WHERE article = ?", (new, rowid))
                set_field(db, rowid, "copy_of", None if new is None else first[2])
                changed += 1
            db.execute("DELETE FROM republications WHERE article_id = ?", (article_id,))
            if new is not None:
                db.execute(
                    "INSERT INTO republications(article_id, original_id, site_id, outlet_id,"
                    " original_site_id, original_outlet_id) VALUES (?, ?, ?, ?, ?, ?)",
                    (article_id, first[2], site, outlet, first[3], first[4]),
                )
    return changed


def _sign(texts: list[str], hasher: MinHasher, bands: int, rows: int) -> tuple[list[np.ndarray], np.ndarray]:
    sets = [sh.shingles(t or "") for t in texts]
    signatures = hasher.sign([sh.hash32(s) for s in sets])
    return sets, band_hashes(signatures, bands, rows)


def update_copies(store: Any, threshold: float = THRESHOLD, batch: int = BATCH) -> dict[str, int]:
    """Sign the articles not signed yet and record their copies; returns counts."""
    db = connection(store)
    bands, rows = lsh_params(min(threshold, CANDIDATE))
    hasher = MinHasher()
    _reband(db, hasher, bands, rows)
    counts = {"signed": 0, "copy_pairs": 0, "records_updated": 0}
    while True:
        todo = db.execute(_SELECT_NEW, (batch,)).fetchall()
        if not todo:
            return counts
        sets, hashes = _sign([r[2] for r in todo], hasher, bands, rows)
        with transaction(db):
            counts["records_updated"] += _batch(db, todo, sets, hashes, hasher, threshold, (bands, rows), counts)
        counts["signed"] += len(todo)


def _batch(db: sqlite3.Connection, todo: list[Any], sets: list[np.ndarray], hashes: np.ndarray,
           hasher: MinHasher, threshold: float, shape: tuple[int, int], counts: dict[str, int]) -> int:
    """Store one batch's shingles and bands, then find and join its copies."""
    known: dict[int, np.ndarray] = {}
    resigned: set[int] = set()
    band_rows: list[tuple[int, int, int]] = []
    for (rowid, digest, _text, old), shingle_set, doc_bands in zip(todo, sets, hashes, strict=True):
        if old is not None:  # the record changed since it was signed: drop its old bands
            resigned.add(rowid)
            _, old_bands = _sign_set(sh.from_blob(old), hasher, *shape)
            db.executemany("DELETE FROM corpus_bands WHERE band = ? AND hash = ? AND article = ?",
                           _rows(old_bands, rowid, shape[1]))
        db.execute(
            "INSERT INTO corpus_docs(article, digest, shingles, copy_group) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(article) DO UPDATE SET digest = excluded.digest, shingles = excluded.shingles",
            (rowid, digest, sh.to_blob(shingle_set), rowid),
        )
        known[rowid] = shingle_set
        if shingle_set.size >= MIN_SHINGLES:
            band_rows.extend(_rows(doc_bands, rowid, shape[1]))
    db.executemany("INSERT OR IGNORE INTO corpus_bands(band, hash, article) VALUES (?, ?, ?)", band_rows)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS batch_bands(band INTEGER, hash INTEGER, article INTEGER)")
    db.execute("DELETE FROM batch_bands")
    db.executemany("INSERT INTO batch_bands VALUES (?, ?, ?)", band_rows)
    pairs = {
        (min(a, b), max(a, b))
        for a, b in db.execute(
            "SELECT DISTINCT t.article, c.article FROM batch_bands t JOIN corpus_bands c"
            " ON c.band = t.band AND c.hash = t.hash WHERE c.article != t.article"
        )
    }
    _shingles_of(db, {x for pair in pairs for x in pair}, known)
    touched: set[int] = set()
    for a, b in sorted(pairs):
        if _group(db, a) == _group(db, b):
            continue
        if sh.jaccard(known[a], known[b]) >= threshold:
            counts["copy_pairs"] += 1
            _union(db, a, b)
            touched.update((a, b))
    groups = {_group(db, r) for r in touched | resigned}
    return settle_groups(db, groups, resigned)


def _sign_set(shingle_set: np.ndarray, hasher: MinHasher, bands: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    signature = hasher.sign([sh.hash32(shingle_set)])
    return shingle_set, band_hashes(signature, bands, rows)[0]
