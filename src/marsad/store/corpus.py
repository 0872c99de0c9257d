"""Store tables for cross-article results (copies, stories) and the queries over them.

``corpus_docs`` holds one row per signed article: its shingles (sorted uint64 in a
BLOB), its copy group and ``copy_of``; ``corpus_bands`` the LSH bands; the
``story_*`` tables the story vectors with each article's group when placed
(``placed_group``) and now (``story_group``), the merges of groups (each with the
article whose placement caused it), the stories themselves, and the former ids of
stories that merged or were renamed.
The articles' JSON records get ``copy_of`` and ``story`` through ``json_set``,
so the rest of each record is left as it was stored.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# Story tables from before merges were recorded (no ``placed_group``): dropped on
# open, so the next ingest places every article again with the current features.
_STORY_TABLES = ("story_docs", "story_merges", "stories", "story_aliases")


def upgrade(db: sqlite3.Connection) -> None:
    """Drop story tables written by an older marsad (they are derived: ingest rebuilds them)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(story_docs)")}
    if columns and "placed_group" not in columns:
        db.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in _STORY_TABLES))


DDL = """
CREATE TABLE IF NOT EXISTS corpus_docs (
    article INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    shingles BLOB NOT NULL,
    copy_group INTEGER NOT NULL,
    copy_of INTEGER
);
CREATE INDEX IF NOT EXISTS corpus_docs_group ON corpus_docs(copy_group);
CREATE TABLE IF NOT EXISTS corpus_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (band, hash, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS republications (
    article_id TEXT PRIMARY KEY,
    original_id TEXT NOT NULL,
    site_id INTEGER,
    outlet_id INTEGER,
    original_site_id INTEGER,
    original_outlet_id INTEGER
);
CREATE INDEX IF NOT EXISTS republications_original ON republications(original_id);
CREATE TABLE IF NOT EXISTS story_docs (
    article INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    day REAL,
    vector BLOB NOT NULL,
    lead BLOB NOT NULL,
    anchors BLOB NOT NULL,
    entities TEXT NOT NULL,
    numbers TEXT NOT NULL,
    placed_group INTEGER NOT NULL,
    story_group INTEGER NOT NULL,
    story TEXT
);
CREATE INDEX IF NOT EXISTS story_docs_placed ON story_docs(placed_group);
CREATE INDEX IF NOT EXISTS story_docs_group ON story_docs(story_group);
CREATE INDEX IF NOT EXISTS story_docs_story ON story_docs(story);
CREATE TABLE IF NOT EXISTS story_merges (
    absorbed INTEGER PRIMARY KEY,
    into_group INTEGER NOT NULL,
    day REAL NOT NULL,
    article TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_merges_at ON story_merges(day, article);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    story_group INTEGER NOT NULL UNIQUE,
    headline TEXT,
    first_seen TEXT,
    last_seen TEXT,
    articles INTEGER NOT NULL,
    outlets TEXT NOT NULL,
    top_entities TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_last_seen ON stories(last_seen);
CREATE TABLE IF NOT EXISTS story_aliases (
    id TEXT PRIMARY KEY,
    story TEXT NOT NULL
);
"""


def connection(store: Any) -> sqlite3.Connection:
    """The connection of a :class:`marsad.store.Store`, or the connection itself."""
    return store if isinstance(store, sqlite3.Connection) else store.db


def set_field(db: sqlite3.Connection, rowid: int, name: str, value: str | None) -> None:
    """Set one top-level field of a stored record in place (``json_set``)."""
    db.execute(f"UPDATE articles SET record = json_set(record, '$.{name}', ?) WHERE rowid = ?", (value, rowid))


def _story_row(row: Any) -> dict[str, Any]:
    story_id, headline, first, last, count, outlets, entities = tuple(row)
    return {"id": story_id, "headline": headline, "first_seen": first, "last_seen": last,
            "articles": count, "outlets": json.loads(outlets), "top_entities": json.loads(entities)}


def story(db: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """One story with its timeline: its articles in publication order. An id that a story had
    before it merged into another (or an earlier article joined it) leads to the story it is
    now, with ``renamed_from`` saying so."""
    query = "SELECT id, headline, first_seen, last_seen, articles, outlets, top_entities FROM stories WHERE id = ?"
    row = db.execute(query, (story_id,)).fetchone()
    alias = None
    if row is None:
        alias = db.execute("SELECT story FROM story_aliases WHERE id = ?", (story_id,)).fetchone()
        row = db.execute(query, (alias[0],)).fetchone() if alias is not None else None
    if row is None:
        return None
    result = _story_row(row)
    if alias is not None:
        result["renamed_from"] = story_id
    timeline = db.execute(
        """SELECT a.id, a.title, s.name, o.name, a.published, json_extract(a.record, '$.copy_of')
           FROM story_docs d JOIN articles a ON a.rowid = d.article
           LEFT JOIN media s ON s.id = a.site_id LEFT JOIN media o ON o.id = a.outlet_id
           WHERE d.story = ? ORDER BY a.published IS NULL, a.published, a.rowid""",
        (result["id"],),
    ).fetchall()
    result["timeline"] = [
        {"id": i, "title": t, "site": s, "outlet": o, "published": p, "copy_of": c, "first": n == 0}
        for n, (i, t, s, o, p, c) in enumerate(timeline)
    ]
    return result


def copies_of(db: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """Every other article in the copy group of ``article_id``, earliest first."""
    rows = db.execute(
        """SELECT a.id, a.title, s.name, o.name, a.published, d.copy_of IS NULL
           FROM corpus_docs d JOIN articles a ON a.rowid = d.article
           LEFT JOIN media s ON s.id = a.site_id LEFT JOIN media o ON o.id = a.outlet_id
           WHERE d.copy_group = (SELECT d2.copy_group FROM corpus_docs d2 JOIN articles a2
                                 ON a2.rowid = d2.article WHERE a2.id = ?) AND a.id != ?
           ORDER BY a.published IS NULL, a.published, a.rowid""",
        (article_id, article_id),
    ).fetchall()
    return [{"id": i, "title": t, "site": s, "outlet": o, "published": p, "original": bool(first)}
            for i, t, s, o, p, first in rows]


def republications(db: sqlite3.Connection, limit: int = 100) -> list[dict[str, Any]]:
    """Which site republished which outlet's article: copies with both sides' media."""
    rows = db.execute(
        """SELECT r.article_id, r.original_id, s.name, o.name, os.name, oo.name FROM republications r
           LEFT JOIN media s ON s.id = r.site_id LEFT JOIN media o ON o.id = r.outlet_id
           LEFT JOIN media os ON os.id = r.original_site_id LEFT JOIN media oo ON oo.id = r.original_outlet_id
           ORDER BY r.rowid LIMIT ?""",
        (limit,),
    ).fetchall()
    keys = ("article_id", "original_id", "site", "outlet", "original_site", "original_outlet")
    return [dict(zip(keys, row, strict=True)) for row in rows]
