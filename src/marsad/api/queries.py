"""SQL the store modules do not offer (counts), and store results as JSON."""

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


def page_dict(page: ArticlePage, limit: int, offset: int) -> dict[str, Any]:
    """A page of :func:`marsad.store.articles.find_articles` as JSON-ready data."""
    return {"total": page.total, "limit": limit, "offset": offset, "results": [hit.to_dict() for hit in page.hits]}


def latest_articles(db: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The newest articles (by publication date, then ingest order)."""
    return [hit.to_dict() for hit in find_articles(db, limit=limit).hits]
