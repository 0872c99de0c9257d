"""SQL the store modules do not offer (counts, media totals), and store results as JSON."""

from __future__ import annotations

import sqlite3
from typing import Any

from marsad.store.articles import ArticlePage, find_articles
from marsad.store.schema import has_table


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


def page_dict(page: ArticlePage, limit: int, offset: int) -> dict[str, Any]:
    """A page of :func:`marsad.store.articles.find_articles` as JSON-ready data."""
    return {"total": page.total, "limit": limit, "offset": offset, "results": [hit.to_dict() for hit in page.hits]}


def latest_articles(db: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The newest articles (by publication date, then ingest order)."""
    return [hit.to_dict() for hit in find_articles(db, limit=limit).hits]
