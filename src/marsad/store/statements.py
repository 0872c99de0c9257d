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


def _register(db: sqlite3.Connection) -> None:
    """Make ``marsad_norm(text)`` available to this connection's queries."""
    db.create_function("marsad_norm", 1, lambda v: normalize(v) if isinstance(v, str) else v, deterministic=True)


def _like(value: str) -> str:
    """A LIKE pattern for the normalised ``value`` anywhere in a column."""
    escaped = normalize(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def is_entity_id(db: sqlite3.Connection, value: str) -> bool:
    """Whether ``value`` is the id of a stored entity."""
    if not has_table(db, "entities"):
        return False
    return db.execute("SELECT 1 FROM entities WHERE id = ?", (value,)).fetchone() is not None


def find_statements(
    db: sqlite3.Connection,
    speaker: str | None = None,
    anonymous: bool | None = None,
    via: str | None = None,
    about: str | None = None,
    since: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Statements with their article's title, date, site and outlet, newest first.

    ``speaker``/``via``: an entity id, or text matched on normalised forms (the
    speaker's affiliation counts too); ``about``: the article mentions that entity
    (``mentions`` table, when present) or the content contains the name;
    ``since``: published on or after that ISO date.

    A value that is a stored entity's id is matched by id alone, through the
    indexes: comparing it with every statement's normalised text would call
    Python once per row (and wait for the GIL each time under concurrent requests)
    for a string that no text contains.
    """
    _register(db)
    where: list[str] = []
    params: list[object] = []
    if speaker and is_entity_id(db, speaker):
        where.append("(s.speaker_entity = ? OR s.affiliation = ?)")
        params += [speaker, speaker]
    elif speaker:
        where.append(
            "(s.speaker_entity = ? OR s.affiliation = ? OR marsad_norm(s.speaker_text) LIKE ? ESCAPE '\\'"
            " OR marsad_norm(s.affiliation) LIKE ? ESCAPE '\\')"
        )
        params += [speaker, speaker, _like(speaker), _like(speaker)]
    if anonymous is not None:
        where.append("s.anonymous = ?")
        params.append(int(anonymous))
    if via:
        where.append("(s.via_entity = ? OR marsad_norm(s.via_text) LIKE ? ESCAPE '\\')")
        params += [via, _like(via)]
    if about and is_entity_id(db, about) and has_table(db, "mentions"):
        where.append("s.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
        params.append(about)
    elif about:
        clause = "marsad_norm(s.content) LIKE ? ESCAPE '\\'"
        params.append(_like(about))
        if has_table(db, "mentions"):
            clause = f"(EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = s.article_id AND m.entity_id = ?) OR {clause})"
            params.insert(len(params) - 1, about)
        where.append(clause)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    sql = (
        "SELECT s.*, a.title, a.published, site.name AS site, outlet.name AS outlet FROM statements s"
        " JOIN articles a ON a.id = s.article_id"
        " LEFT JOIN media site ON site.id = a.site_id LEFT JOIN media outlet ON outlet.id = a.outlet_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY a.published DESC, s.article_id, s.seq LIMIT ?"
    )
    rows = db.execute(sql, (*params, limit)).fetchall()
    return [_statement_row(dict(row)) for row in rows]


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
