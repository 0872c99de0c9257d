"""Search for readers: copies collapsed into one result, facets with counts, relevance or date order.

Articles of one copy group (``corpus_docs.copy_group``) are one result, shown by
its earliest copy (the original) with the others listed; facets count the matching
articles (not the collapsed results) by outlet, by entity type and by day.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from marsad.store.articles import ArticleFilter, article_filter
from marsad.store.schema import has_table
from marsad.store.search import snippet

SORTS = ("relevance", "date")
LABELS = ("PER", "ORG", "LOC", "MISC")
ITEM_KEYS = ("id", "title", "published", "site", "outlet")


@dataclass
class ReaderPage:
    """A page of collapsed results, how many results and articles match, and the facets."""

    total: int
    articles: int
    results: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_dict(self, limit: int, offset: int) -> dict[str, Any]:
        return {"total": self.total, "articles": self.articles, "limit": limit, "offset": offset,
                "results": self.results, "facets": self.facets}


def _with_label(found: ArticleFilter, label: str | None) -> ArticleFilter:
    """``found`` narrowed to articles naming an entity of type ``label``."""
    if not label:
        return found
    clause = ("a.id IN (SELECT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
              " WHERE e.label = ?)")
    return replace(found, where=[*found.where, clause], params=[*found.params, label])


def facets(db: sqlite3.Connection, found: ArticleFilter, limit: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Counts of the matching articles by outlet (or site, where no outlet is credited), entity type and day."""
    body = found.body()
    media = db.execute(
        "SELECT CASE WHEN outlet.name IS NOT NULL THEN 'outlet' ELSE 'site' END AS field,"
        f" coalesce(outlet.name, site.name) AS medium, count(*) AS n{body}"
        " GROUP BY field, medium HAVING medium IS NOT NULL ORDER BY n DESC, medium LIMIT ?", (*found.params, limit),
    ).fetchall()
    days = db.execute(
        f"SELECT substr(a.published, 1, 10) AS day, count(*) AS n{body} GROUP BY day HAVING day IS NOT NULL"
        " ORDER BY day DESC LIMIT ?", (*found.params, limit),
    ).fetchall()
    labels = []
    if has_table(db, "mentions") and has_table(db, "entities"):
        labels = db.execute(
            "SELECT e.label, count(DISTINCT a.rowid) AS n"
            + found.body("JOIN mentions m ON m.article_id = a.id", "JOIN entities e ON e.id = m.entity_id")
            + " GROUP BY e.label ORDER BY n DESC", found.params,
        ).fetchall()
    return {
        "outlet": [{"field": r[0], "value": r[1], "count": r[2]} for r in media],
        "label": [{"value": r[0], "count": r[1]} for r in labels if r[0] in LABELS],
        "day": [{"value": r[0], "count": r[1]} for r in days],
    }


def search_collapsed(
    db: sqlite3.Connection,
    q: str | None = None,
    entity_ids: Sequence[str] | None = None,
    site: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    anonymous: bool | None = None,
    label: str | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    with_facets: bool = True,
) -> ReaderPage:
    """Articles matching the query and filters (as :func:`marsad.store.articles.find_articles`),
    copies collapsed; ``label``: only articles naming an entity of that type; ``sort``:
    ``relevance`` (best match first; newest first without a query) or ``date`` (newest first)."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    found = article_filter(db, q, entity_ids, site, outlet, since, until, anonymous)
    if found is None:
        return ReaderPage(0, 0, [], {"outlet": [], "label": [], "day": []})
    found = _with_label(found, label)
    copies = has_table(db, "corpus_docs")
    group = "coalesce(cd.copy_group, -a.rowid)" if copies else "-a.rowid"
    body = found.body("LEFT JOIN corpus_docs cd ON cd.article = a.rowid") if copies else found.body()
    score = "bm25(articles_fts, 2.0, 1.0)" if found.parsed is not None else "0.0"
    hits = ("WITH hits AS MATERIALIZED (SELECT a.rowid AS rid, a.id, a.title, a.published, site.name AS site,"
            f" outlet.name AS outlet, {score} AS score, {group} AS grp{body})")
    articles, total = db.execute(f"{hits} SELECT count(*), count(DISTINCT grp) FROM hits", found.params).fetchone()
    by_date = "max(coalesce(published, '')) DESC, max(rid) DESC"
    order = "min(score), " + by_date if sort == "relevance" and found.parsed is not None else by_date
    rows = db.execute(
        f"{hits} SELECT min(score) AS score, count(*) AS n,"
        " json_group_array(json_array(id, title, published, site, outlet, rid)) AS items"
        f" FROM hits GROUP BY grp ORDER BY {order} LIMIT ? OFFSET ?",
        (*found.params, limit, offset),
    ).fetchall()
    groups = []
    for row in rows:
        items = sorted(json.loads(row["items"]), key=lambda i: (i[2] is None, i[2] or "", i[5]))
        groups.append(([dict(zip(ITEM_KEYS, i[:5], strict=True)) for i in items], -float(row["score"])))
    texts = _texts(db, [g[0][0]["id"] for g in groups])
    stems = found.parsed.stems if found.parsed is not None else frozenset()
    results = []
    for items, best in groups:
        first = dict(items[0])
        cut = snippet(texts.get(first["id"], ""), stems)
        first.update(score=round(best, 4), snippet=cut.text, highlights=[list(h) for h in cut.highlights],
                     copies=items[1:])
        results.append(first)
    return ReaderPage(int(total), int(articles), results, facets(db, found) if with_facets else {})


def _texts(db: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """The clean text of each of ``ids``."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = db.execute(f"SELECT id, json_extract(record, '$.text') FROM articles WHERE id IN ({marks})", ids)
    return {r[0]: r[1] or "" for r in rows}
