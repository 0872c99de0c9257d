"""Statement and provenance tables: who said what, through which medium, in which article.

Follows the contract of ``marsad.store.derived``: ``DDL`` and ``write(db, article)``,
which replaces one article's rows. Speaker, via and content are matched on their
normalised form with a SQL function registered on the connection at query time.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from marsad.record import Article
from marsad.store.schema import has_table
from marsad.text.normalize import normalize

DDL = """
CREATE TABLE IF NOT EXISTS statements (
    article_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    speaker_text TEXT NOT NULL,
    speaker_start INTEGER NOT NULL,
    speaker_end INTEGER NOT NULL,
    speaker_entity TEXT,
    anonymous INTEGER NOT NULL,
    affiliation TEXT,
    cue TEXT NOT NULL,
    content TEXT NOT NULL,
    direct INTEGER NOT NULL,
    via_text TEXT,
    via_entity TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS statements_speaker_entity ON statements(speaker_entity);
CREATE INDEX IF NOT EXISTS statements_via_entity ON statements(via_entity);
CREATE INDEX IF NOT EXISTS statements_affiliation ON statements(affiliation);
CREATE INDEX IF NOT EXISTS statements_anonymous ON statements(anonymous);
CREATE TABLE IF NOT EXISTS cited_media (
    article_id TEXT NOT NULL,
    name TEXT NOT NULL,
    entity_id TEXT
);
CREATE INDEX IF NOT EXISTS cited_media_article ON cited_media(article_id);
CREATE INDEX IF NOT EXISTS cited_media_entity ON cited_media(entity_id);
CREATE TABLE IF NOT EXISTS article_sources (
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    entity_id TEXT,
    affiliation TEXT
);
CREATE INDEX IF NOT EXISTS article_sources_article ON article_sources(article_id);
CREATE INDEX IF NOT EXISTS article_sources_entity ON article_sources(entity_id);
CREATE INDEX IF NOT EXISTS article_sources_kind ON article_sources(kind);
"""

_TABLES = ("statements", "cited_media", "article_sources")


def write(db: sqlite3.Connection, article: Article) -> None:
    """Replace one article's statements, and its cited media and sources (``article.provenance``)."""
    for table in _TABLES:
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
    rows = []
    for seq, s in enumerate(article.statements):
        speaker, via = s["speaker"], s.get("via") or {}
        rows.append((
            article.id, seq, speaker["text"], speaker["start"], speaker["end"], speaker.get("entity"),
            int(bool(speaker.get("anonymous"))), speaker.get("affiliation"), s["cue"]["text"],
            s["content"]["text"], int(bool(s.get("direct"))), via.get("text"), via.get("entity"),
        ))
    db.executemany(f"INSERT INTO statements VALUES ({', '.join('?' * 13)})", rows)
    found = article.provenance or {"cited_media": [], "sources": []}
    db.executemany(
        "INSERT INTO cited_media(article_id, name, entity_id) VALUES (?, ?, ?)",
        [(article.id, m["name"], m["entity"]) for m in found["cited_media"]],
    )
    db.executemany(
        "INSERT INTO article_sources(article_id, kind, text, entity_id, affiliation) VALUES (?, ?, ?, ?, ?)",
        [(article.id, s["kind"], s["text"], s["entity"], s["affiliation"]) for s in found["sources"]],
    )


def register_functions(db: sqlite3.Connection) -> None:
    """Make ``marsad_norm(text)`` available to this connection's queries."""
    db.create_function("marsad_norm", 1, lambda v: normalize(v) if isinstance(v, str) else v, deterministic=True)


def like_pattern(value: str) -> str:
    """A LIKE pattern for the normalised ``value`` anywhere in a column."""
    escaped = normalize(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def is_entity_id(db: sqlite3.Connection, value: str) -> bool:
    """Whether ``value`` is the id of a stored entity."""
    if not has_table(db, "entities"):
        return False
    return db.execute("SELECT 1 FROM entities WHERE id = ?", (value,)).fetchone() is not None


def _statement_row(row: dict[str, Any]) -> dict[str, Any]:
    """A query row with SQLite integers turned back into booleans."""
    row["anonymous"] = bool(row["anonymous"])
    row["direct"] = bool(row["direct"])
    return row


def provenance_of(db: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    """The stored provenance of one article: site, outlet, cited media and sources."""
    row = db.execute(
        "SELECT site.name AS site, outlet.name AS outlet FROM articles a"
        " LEFT JOIN media site ON site.id = a.site_id LEFT JOIN media outlet ON outlet.id = a.outlet_id"
        " WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    media = db.execute(
        "SELECT name, entity_id FROM cited_media WHERE article_id = ? ORDER BY rowid", (article_id,)
    ).fetchall()
    found = db.execute(
        "SELECT kind, text, entity_id, affiliation FROM article_sources WHERE article_id = ? ORDER BY rowid",
        (article_id,),
    ).fetchall()
    return {
        "site": row["site"] if row else None,
        "outlet": row["outlet"] if row else None,
        "cited_media": [{"name": m["name"], "entity": m["entity_id"]} for m in media],
        "sources": [
            {"kind": s["kind"], "text": s["text"], "entity": s["entity_id"], "affiliation": s["affiliation"]}
            for s in found
        ],
    }


def statements_of(db: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The statements of one article, in text order."""
    rows = db.execute("SELECT * FROM statements WHERE article_id = ? ORDER BY seq", (article_id,)).fetchall()
    return [_statement_row(dict(row)) for row in rows]
