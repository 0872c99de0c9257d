"""Stories: articles from any outlet covering the same event within a time window.

Two articles are linked when they were published at most ``window`` days apart
and their similarity reaches ``threshold``; similarity blends the cosine of their
TF-IDF body vectors and of their headline vectors (:mod:`marsad.corpus.features`),
and the overlap of their linked entities when both have some. A copy is always
linked to its original. Stories are the connected components of these links
(union-find in ``story_docs.story_group``), so the result does not depend on the
order articles arrive in; a story's id is ``s-`` plus the id of its earliest
article. Candidates come from an index of each article's heaviest terms by day
(``story_terms``), so only articles sharing at least two of them are compared.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

from marsad.corpus.features import Featurizer, Vector, cosine, day_number, entity_ids
from marsad.store.corpus import connection, set_field

BATCH = 1000
INDEX_TERMS = 10


@dataclass(frozen=True)
class Params:
    """Story clustering settings (threshold calibrated on the dev split of tests/gold/stories)."""

    window: float = 3.0
    threshold: float = 0.16
    title_weight: float = 0.3
    entity_weight: float = 0.2


def similarity(a: tuple[Vector, Vector, list[str]], b: tuple[Vector, Vector, list[str]], params: Params) -> float:
    """Blend of body cosine, headline cosine and entity overlap of two articles."""
    score = (1 - params.title_weight) * cosine(a[0], b[0]) + params.title_weight * cosine(a[1], b[1])
    if a[2] and b[2]:
        shared = len(set(a[2]) & set(b[2])) / len(set(a[2]) | set(b[2]))
        score = (1 - params.entity_weight) * score + params.entity_weight * shared
    return score


_SELECT_NEW = """
SELECT a.rowid, a.digest, a.published, a.title, json_extract(a.record, '$.text'),
       json_extract(a.record, '$.entities'), d.article IS NOT NULL
FROM articles a LEFT JOIN story_docs d ON d.article = a.rowid
WHERE d.article IS NULL OR d.digest != a.digest ORDER BY a.rowid LIMIT ?
"""


def update_stories(store: Any, params: Params | None = None, batch: int = BATCH) -> dict[str, int]:
    """Place the articles not placed yet into stories; returns counts."""
    params = params or Params()
    db = connection(store)
    featurizer = Featurizer()
    touched: set[int] = set()
    counts = {"placed": 0, "story_links": 0}
    while todo := db.execute(_SELECT_NEW, (batch,)).fetchall():
        db.execute("BEGIN IMMEDIATE")
        try:
            counts["story_links"] += _batch(db, todo, featurizer, params, touched)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        counts["placed"] += len(todo)
    db.execute("BEGIN IMMEDIATE")
    try:
        counts["story_links"] += _copy_links(db, touched)
        counts["stories_updated"] = settle(db, touched)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return counts


def _features(db: sqlite3.Connection, rowids: set[int], known: dict[int, Any]) -> None:
    missing = [r for r in rowids if r not in known]
    for i in range(0, len(missing), 500):
        chunk = missing[i : i + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT article, vector, title, entities, day FROM story_docs WHERE article IN ({marks})"
        for rowid, vector, title, entities, day in db.execute(sql, chunk):
            known[rowid] = (Vector.from_blob(vector), Vector.from_blob(title), json.loads(entities), day)


def _batch(db: sqlite3.Connection, todo: list[Any], featurizer: Featurizer, params: Params,
           touched: set[int]) -> int:
    """Store one batch's vectors and index, then link it to its similar neighbours."""
    known: dict[int, Any] = {}
    index: list[tuple[int, int, int]] = []
    for rowid, digest, published, title, text, entities, seen in todo:
        if seen:  # changed since placed: its old index entries go, its story is kept
            db.execute("DELETE FROM story_terms WHERE article = ?", (rowid,))
        body, head = featurizer.vector(f"{title or ''}\n{text or ''}"), featurizer.vector(title or "")
        ids = entity_ids({"entities": json.loads(entities or "[]")})
        day = day_number(published)
        db.execute(
            "INSERT INTO story_docs(article, digest, day, vector, title, entities, story_group)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article) DO UPDATE SET digest = excluded.digest,"
            " day = excluded.day, vector = excluded.vector, title = excluded.title, entities = excluded.entities,"
            " story = NULL",
            (rowid, digest, day, body.to_blob(), head.to_blob(), json.dumps(ids), rowid),
        )
        known[rowid] = (body, head, ids, day)
        touched.add(rowid)
        if day is not None:
            index.extend((term, int(day), rowid) for term in body.top(INDEX_TERMS))
    db.executemany("INSERT OR IGNORE INTO story_terms(term, day, article) VALUES (?, ?, ?)", index)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS batch_terms(term INTEGER, day INTEGER, article INTEGER)")
    db.execute("DELETE FROM batch_terms")
    db.executemany("INSERT INTO batch_terms VALUES (?, ?, ?)", index)
    span = int(params.window) + 1
    pairs = {
        (min(a, b), max(a, b))
        for a, b in db.execute(
            "SELECT t.article, c.article FROM batch_terms t JOIN story_terms c ON c.term = t.term"
            " AND c.day BETWEEN t.day - ? AND t.day + ? WHERE c.article != t.article"
            " GROUP BY t.article, c.article HAVING count(*) >= 2",
            (span, span),
        )
    }
    _features(db, {x for pair in pairs for x in pair}, known)
    links = 0
    for a, b in sorted(pairs):
        fa, fb = known[a], known[b]
        if abs(fa[3] - fb[3]) > params.window or _group(db, a) == _group(db, b):
            continue
        if similarity(fa[:3], fb[:3], params) >= params.threshold:
            links += _union(db, a, b)
    return links


def _group(db: sqlite3.Connection, rowid: int) -> int:
    return int(db.execute("SELECT story_group FROM story_docs WHERE article = ?", (rowid,)).fetchone()[0])


def _union(db: sqlite3.Connection, a: int, b: int) -> int:
    ga, gb = _group(db, a), _group(db, b)
    if ga == gb:
        return 0
    db.execute("UPDATE story_docs SET story_group = ? WHERE story_group = ?", (min(ga, gb), max(ga, gb)))
    return 1


def _copy_links(db: sqlite3.Connection, touched: set[int]) -> int:
    """Join every copy's story to its original's."""
    rows = db.execute(
        """SELECT c.article, c.copy_of FROM corpus_docs c JOIN story_docs d ON d.article = c.article
           JOIN story_docs o ON o.article = c.copy_of WHERE d.story_group != o.story_group"""
    ).fetchall()
    links = 0
    for a, b in rows:
        links += _union(db, a, b)
        touched.update((a, b))
    return links


def settle(db: sqlite3.Connection, touched: set[int]) -> int:
    """Rewrite the stories holding ``touched`` articles and their members' ``story`` field."""
    groups = {_group(db, r) for r in touched}
    for group in groups:
        members = db.execute(
            """SELECT d.article, d.story, a.id, a.title, a.published, d.entities,
                      coalesce(o.name, s.name) FROM story_docs d JOIN articles a ON a.rowid = d.article
               LEFT JOIN media s ON s.id = a.site_id LEFT JOIN media o ON o.id = a.outlet_id
               WHERE d.story_group = ? ORDER BY a.published IS NULL, a.published, a.rowid""",
            (group,),
        ).fetchall()
        story_id = "s-" + members[0][2]
        old_ids = {m[1] for m in members if m[1] and m[1] != story_id}
        db.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in old_ids])
        for rowid, old, *_ in members:
            if old != story_id:
                db.execute("UPDATE story_docs SET story = ? WHERE article = ?", (story_id, rowid))
                set_field(db, rowid, "story", story_id)
        dates = [m[4] for m in members if m[4]]
        headline = next((m[3] for m in members if m[3]), None)
        outlets = sorted({m[6] for m in members if m[6]})
        entities = Counter(e for m in members for e in json.loads(m[5]))
        db.execute(
            "INSERT OR REPLACE INTO stories(id, story_group, headline, first_seen, last_seen, articles,"
            " outlets, top_entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (story_id, group, headline, min(dates, default=None), max(dates, default=None), len(members),
             json.dumps(outlets, ensure_ascii=False),
             json.dumps([{"id": e, "articles": n} for e, n in entities.most_common(5)], ensure_ascii=False)),
        )
    return len(groups)
