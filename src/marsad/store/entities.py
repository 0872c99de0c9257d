"""Canonical entities and their mentions, derived from each article's ``entities``.

``entities`` holds one row per canonical id (registry or ``local:``) and ``mentions``
one row per linked mention. :func:`write` replaces one article's mentions, in the
store's transaction; the query functions take a plain ``sqlite3.Connection``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from marsad.record import Article
from marsad.store.schema import has_table
from marsad.text.name_keys import bare_key

DDL = """
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    name TEXT,
    label TEXT,
    kind TEXT,
    local INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT,
    norm TEXT
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id, article_id);
CREATE INDEX IF NOT EXISTS mentions_norm ON mentions(norm);
CREATE INDEX IF NOT EXISTS entities_label ON entities(label);
"""


def _kind(entity_id: str) -> str | None:
    """The registry kind of an id (media, ministry...), or None for local ids."""
    if entity_id.startswith("local:"):
        return None
    # Imported here: the registry's module brings the linker and the tagger's modules with it
    # (+25 to 45 ms on the 70 to 110 ms of importing the store, measured with perf_counter
    # around the imports), which reads such as `marsad search` never need.
    from marsad.analyse.linking.registry import registry

    entity = registry().entities.get(entity_id)
    return entity.kind or None if entity else None


def write(db: sqlite3.Connection, article: Article) -> None:
    """Replace one article's mentions and upsert the entities they name."""
    db.execute("DELETE FROM mentions WHERE article_id = ?", (article.id,))
    linked = [e for e in article.entities if e.id]
    db.executemany(
        "INSERT INTO entities(id, name, label, kind, local) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET name = coalesce(entities.name, excluded.name)",
        [(e.id, e.name or e.text, e.label, _kind(e.id or ""), int((e.id or "").startswith("local:"))) for e in linked],
    )
    db.executemany(
        'INSERT INTO mentions(article_id, entity_id, start, "end", text, label, norm) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(article.id, e.id, e.start, e.end, e.text, e.label, bare_key(e.text)) for e in linked],
    )


def top_entities(db: sqlite3.Connection, label: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Entities mentioned in the most articles: id, name, label, articles, mentions; none before
    the entity tables exist."""
    if not has_table(db, "entities") or not has_table(db, "mentions"):
        return []
    where = "WHERE e.label = ?" if label else ""
    rows = db.execute(
        f"""
        SELECT e.id, e.name, e.label, count(DISTINCT m.article_id) AS articles, count(*) AS mentions
        FROM mentions m JOIN entities e ON e.id = m.entity_id {where}
        GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.id LIMIT ?
        """,
        (label, limit) if label else (limit,),
    ).fetchall()
    return [dict(zip(("id", "name", "label", "articles", "mentions"), tuple(row), strict=True)) for row in rows]


def entity(db: sqlite3.Connection, entity_id: str) -> dict[str, Any] | None:
    """One entity with the spellings seen in text (most frequent first) and its counts."""
    row = db.execute("SELECT id, name, label, kind, local FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    result = dict(zip(("id", "name", "label", "kind", "local"), tuple(row), strict=True))
    result["local"] = bool(result["local"])
    aliases = db.execute(
        "SELECT text, count(*) AS n FROM mentions WHERE entity_id = ? GROUP BY text ORDER BY n DESC, text",
        (entity_id,),
    ).fetchall()
    result["aliases"] = [a[0] for a in aliases]
    counts = db.execute(
        "SELECT count(DISTINCT article_id), count(*) FROM mentions WHERE entity_id = ?", (entity_id,)
    ).fetchone()
    result["articles"], result["mentions"] = int(counts[0]), int(counts[1])
    return result


def entity_timeline(db: sqlite3.Connection, entity_id: str) -> list[tuple[str, int]]:
    """Publication date → number of articles mentioning the entity (dated articles, by day)."""
    rows = db.execute(
        """
        SELECT substr(a.published, 1, 10) AS day, count(DISTINCT a.id)
        FROM mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.entity_id = ? AND a.published IS NOT NULL
        GROUP BY day ORDER BY day
        """,
        (entity_id,),
    ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


def resolve_entity(db: sqlite3.Connection, id_or_name: str) -> list[str]:
    """Entity ids for a query: an exact id, a registry name in any spelling, or a mention text;
    none before the entity tables exist (an older store opened read-only)."""
    from marsad.analyse.linking.registry import resolve  # only when asked: see _kind

    if not has_table(db, "entities") or not has_table(db, "mentions"):
        return []
    query = id_or_name.strip()
    if db.execute("SELECT 1 FROM entities WHERE id = ?", (query,)).fetchone():
        return [query]
    ids = [e.id for e in resolve(query)]
    seen = db.execute("SELECT DISTINCT entity_id FROM mentions WHERE norm = ? ORDER BY entity_id", (bare_key(query),))
    ids += [r[0] for r in seen if r[0] not in ids]
    return ids


def article_ids_for_entity(db: sqlite3.Connection, entity_id: str) -> list[str]:
    """Ids of the articles that mention an entity, in id order."""
    rows = db.execute(
        "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? ORDER BY article_id", (entity_id,)
    )
    return [r[0] for r in rows]
