"""The article query behind search, the CLI and the API: full text, entities, media, dates."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.store.schema import has_table
from marsad.store.search import Query, Snippet, parse_query, snippet
from marsad.store.sources import medium_ids


@dataclass(frozen=True)
class SearchHit:
    """One search result: the article's headline facts and a snippet."""

    id: str
    title: str | None
    site: str | None
    outlet: str | None
    published: str | None
    score: float
    snippet: Snippet

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "site": self.site,
            "outlet": self.outlet,
            "published": self.published,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "highlights": [list(h) for h in self.snippet.highlights],
        }


@dataclass(frozen=True)
class ArticlePage:
    """A page of results and how many match in all."""

    total: int
    hits: list[SearchHit]

    def to_dict(self, limit: int, offset: int) -> dict[str, Any]:
        """The page as JSON-ready data, with the ``limit`` and ``offset`` that asked for it."""
        return {"total": self.total, "limit": limit, "offset": offset, "results": [hit.to_dict() for hit in self.hits]}


MATCH = "articles_fts MATCH ?"


def _medium_clause(db: sqlite3.Connection, columns: tuple[str, ...], value: str) -> tuple[str, list[Any]]:
    """Articles whose medium in one of ``columns`` is ``value`` in any spelling (the
    registry's names included), resolved as the statements' outlet filter resolves it."""
    ids = medium_ids(db, value)
    marks = ", ".join("?" * len(ids)) or "NULL"
    return "(" + " OR ".join(f"a.{c} IN ({marks})" for c in columns) + ")", ids * len(columns)


@dataclass(frozen=True)
class ArticleFilter:
    """The joins (on ``a`` articles, ``site`` and ``outlet`` media), conditions and parameters of a query."""

    joins: list[str]
    where: list[str]
    params: list[Any]
    parsed: Query | None

    def body(self, *extra_joins: str) -> str:
        """`` FROM articles a ... WHERE ...`` for these filters (with ``extra_joins`` after the others)."""
        return self._from([*self.joins, *extra_joins])

    def count_body(self, *extra_joins: str) -> str:
        """:meth:`body` without the media joins when no condition needs them: a count of every
        article then reads an index, not the articles' rows."""
        if any("site." in w or "outlet." in w for w in self.where):
            return self.body(*extra_joins)
        return self._from([*(j for j in self.joins if not j.startswith("LEFT JOIN media")), *extra_joins])

    def _from(self, joins: list[str]) -> str:
        return " FROM articles a " + " ".join(joins) + (" WHERE " + " AND ".join(self.where) if self.where else "")


def article_filter(
    db: sqlite3.Connection,
    q: str | None = None,
    entity_ids: Sequence[str] | None = None,
    site: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    anonymous: bool | None = None,
) -> ArticleFilter | None:
    """The SQL of :func:`find_articles`' filters; None when nothing can match."""
    joins = ["LEFT JOIN media site ON site.id = a.site_id", "LEFT JOIN media outlet ON outlet.id = a.outlet_id"]
    where: list[str] = []
    params: list[Any] = []
    parsed = parse_query(q) if q else None
    if q and parsed is None:
        return None
    if parsed is not None:
        joins.insert(0, "JOIN articles_fts ON articles_fts.rowid = a.rowid")
        where.append(MATCH)
        params.append(parsed.match)
    if entity_ids is not None:
        if not entity_ids or not has_table(db, "mentions"):  # an old store opened read-only may lack it
            return None
        marks = ", ".join("?" * len(entity_ids))
        where.append(f"a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({marks}))")
        params += entity_ids
    # ``outlet`` is the article's site or credited outlet, as for statements; ``site`` the site alone.
    for columns, value in ((("site_id",), site), (("site_id", "outlet_id"), outlet)):
        if value:
            clause, values = _medium_clause(db, columns, value)
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
    return ArticleFilter(joins, where, params, parsed)


def find_articles(
    db: sqlite3.Connection,
    q: str | None = None,
    entity_ids: Sequence[str] | None = None,
    site: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    anonymous: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> ArticlePage:
    """Articles matching a full-text query and filters, with snippets; best (or newest) first.

    ``entity_ids``: only articles mentioning one of them; ``site``: the site's slug or
    name in any spelling; ``outlet``: the same for the site or the credited outlet;
    ``since``/``until``: publication dates (``until`` inclusive at its own precision);
    ``anonymous``: with (or without) anonymous sources.
    """
    found = article_filter(db, q, entity_ids, site, outlet, since, until, anonymous)
    if found is None:
        return ArticlePage(0, [])
    parsed, params, body = found.parsed, found.params, found.body()
    total = _count(db, found)
    score = "bm25(articles_fts, 2.0, 1.0)" if parsed is not None else "0.0"
    # SQLite sorts NULLs last in a descending order: without a "published IS NULL" key, the
    # publication-date index serves the order instead of a sort of every article.
    order = "score" if parsed is not None else "a.published DESC, a.rowid DESC"
    # The records (for the snippets) are read for the page alone: selected with the ranked
    # rows, each match's whole record would be read before the sort keeps twenty of them.
    rows = db.execute(
        "SELECT a.rowid AS rid, a.id, a.title, a.published, site.name AS site, outlet.name AS outlet,"
        f" {score} AS score{body} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    texts = _texts(db, [row["rid"] for row in rows])
    stems = parsed.stems if parsed is not None else frozenset()
    hits = [
        SearchHit(row["id"], row["title"], row["site"], row["outlet"], row["published"], -float(row["score"]),
                  snippet(texts.get(row["rid"]) or "", stems))
        for row in rows
    ]
    return ArticlePage(total, hits)


def _count(db: sqlite3.Connection, found: ArticleFilter) -> int:
    """How many articles ``found`` matches. A query of words alone is counted in the full-text
    index, whose rows are the articles' (written and replaced with them): joined to the articles,
    a frequent word would read one page of the articles table for every match."""
    if found.where == [MATCH]:
        return int(db.execute(f"SELECT count(*) FROM articles_fts WHERE {MATCH}", found.params).fetchone()[0])
    return int(db.execute("SELECT count(*)" + found.count_body(), found.params).fetchone()[0])


def _texts(db: sqlite3.Connection, rowids: list[int]) -> dict[int, str | None]:
    """The clean text of the articles with these rowids."""
    marks = ", ".join("?" * len(rowids))
    rows = db.execute(f"SELECT rowid, json_extract(record, '$.text') FROM articles WHERE rowid IN ({marks})", rowids)
    return {int(row[0]): row[1] for row in rows}
