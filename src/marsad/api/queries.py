"""SQL the store modules do not offer: filtered article lists, counts, media totals."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from marsad.store.search import parse_query, snippet
from marsad.text.normalize import normalize


def has_table(db: sqlite3.Connection, name: str) -> bool:
    """Whether the store has a table called ``name`` (optional tables arrive with later stages)."""
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def _medium_clause(column: str, value: str) -> tuple[str, list[Any]]:
    """Match a medium by exact name or normalised form."""
    return f"({column}.name = ? OR {column}.norm = ?)", [value, normalize(value)]


def list_articles(
    db: sqlite3.Connection,
    q: str | None = None,
    entity_ids: list[str] | None = None,
    site: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    anonymous: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """Articles matching a full-text query and filters, with snippets; best (or newest) first."""
    joins = ["LEFT JOIN media site ON site.id = a.site_id", "LEFT JOIN media outlet ON outlet.id = a.outlet_id"]
    where: list[str] = []
    params: list[Any] = []
    parsed = parse_query(q) if q else None
    if q and parsed is None:
        return {"total": 0, "limit": limit, "offset": offset, "results": []}
    if parsed is not None:
        joins.insert(0, "JOIN articles_fts ON articles_fts.rowid = a.rowid")
        where.append("articles_fts MATCH ?")
        params.append(parsed.match)
    if entity_ids is not None:
        if not entity_ids or not has_table(db, "mentions"):
            return {"total": 0, "limit": limit, "offset": offset, "results": []}
        marks = ", ".join("?" * len(entity_ids))
        where.append(f"a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({marks}))")
        params += entity_ids
    for column, value in (("site", site), ("outlet", outlet)):
        if value:
            clause, values = _medium_clause(column, value)
            where.append(clause)
            params += values
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("substr(a.published, 1, ?) <= ?")
        params += [len(until), until]
    if anonymous is not None and has_table(db, "statements"):
        where.append(("" if anonymous else "NOT ") + "EXISTS (SELECT 1 FROM statements s"
                     " WHERE s.article_id = a.id AND s.anonymous = 1)")
    body = " FROM articles a " + " ".join(joins) + (" WHERE " + " AND ".join(where) if where else "")
    total = int(db.execute("SELECT count(*)" + body, params).fetchone()[0])
    score = "bm25(articles_fts, 2.0, 1.0)" if parsed is not None else "0.0"
    order = "score" if parsed is not None else "a.published IS NULL, a.published DESC, a.rowid DESC"
    rows = db.execute(
        "SELECT a.id, a.title, a.published, a.record, site.name AS site, outlet.name AS outlet,"
        f" {score} AS score{body} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    stems = parsed.stems if parsed is not None else frozenset()
    results = []
    for row in rows:
        cut = snippet(json.loads(row["record"])["text"], stems)
        results.append({
            "id": row["id"], "title": row["title"], "site": row["site"], "outlet": row["outlet"],
            "published": row["published"], "score": round(-float(row["score"]), 4),
            "snippet": cut.text, "highlights": [list(h) for h in cut.highlights],
        })
    return {"total": total, "limit": limit, "offset": offset, "results": results}


def counts(db: sqlite3.Connection) -> dict[str, int]:
    """How much the store holds: articles, media, statements, entities, stories."""
    tables = {"articles": "articles", "media": "media", "statements": "statements",
              "entities": "entities", "stories": "stories"}
    return {key: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) if has_table(db, table) else 0
            for key, table in tables.items()}


def media_totals(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every site and outlet: articles published, articles credited, copies taken and given."""
    copies = has_table(db, "republications")
    taken = "(SELECT count(*) FROM republications r WHERE r.site_id = m.id)" if copies else "0"
    given = ("(SELECT count(*) FROM republications r WHERE r.original_outlet_id = m.id"
             " OR (r.original_outlet_id IS NULL AND r.original_site_id = m.id))") if copies else "0"
    rows = db.execute(
        f"""SELECT m.id, m.name,
                   (SELECT count(*) FROM articles a WHERE a.site_id = m.id) AS published,
                   (SELECT count(*) FROM articles a WHERE a.outlet_id = m.id) AS credited,
                   (SELECT min(published) FROM articles a WHERE a.site_id = m.id OR a.outlet_id = m.id) AS first,
                   (SELECT max(published) FROM articles a WHERE a.site_id = m.id OR a.outlet_id = m.id) AS last,
                   {taken} AS copies_taken, {given} AS copies_given
            FROM media m ORDER BY published + credited DESC, m.name"""
    ).fetchall()
    return [dict(row) for row in rows]


def latest_articles(db: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The newest articles (by publication date, then ingest order)."""
    return list_articles(db, limit=limit)["results"]
