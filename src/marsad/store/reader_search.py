"""Search for readers: copies collapsed into one result, facets with counts, relevance or date order.

Articles of one copy group (``corpus_docs.copy_group``) are one result, shown by
its earliest copy (the original) with the others listed; facets count matching
articles (not collapsed results) by outlet, by entity type and by day, over the
first :data:`FACET_LIMIT` of them in the page's order (``facets_over`` says how many).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from marsad.store.articles import ArticleFilter, article_filter
from marsad.store.collapse import first_of_each
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
    facets_over: int = 0

    def to_dict(self, limit: int, offset: int) -> dict[str, Any]:
        return {"total": self.total, "articles": self.articles, "limit": limit, "offset": offset,
                "results": self.results, "facets": self.facets, "facets_over": self.facets_over}


def _with_label(found: ArticleFilter, label: str | None) -> ArticleFilter:
    """``found`` narrowed to articles naming an entity of type ``label``."""
    if not label:
        return found
    clause = ("a.id IN (SELECT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
              " WHERE e.label = ?)")
    return replace(found, where=[*found.where, clause], params=[*found.params, label])


FACET_LIMIT = 1000  # facets count the first results in the page's order: a bounded cost on any store


def facets(db: sqlite3.Connection, rows: list[sqlite3.Row], limit: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Counts of ``rows`` (matching articles, in the page's order) by outlet (or site, where no
    outlet is credited), entity type and day."""
    media: Counter[tuple[str, str]] = Counter()
    days: Counter[str] = Counter()
    for row in rows:
        if row["outlet"] or row["site"]:
            media["outlet" if row["outlet"] else "site", row["outlet"] or row["site"]] += 1
        if row["published"]:
            days[row["published"][:10]] += 1
    labels = []
    if rows and has_table(db, "mentions") and has_table(db, "entities"):
        labels = db.execute(
            "SELECT e.label, count(DISTINCT m.article_id) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.article_id IN (SELECT value FROM json_each(?)) GROUP BY e.label ORDER BY n DESC",
            (json.dumps([row["id"] for row in rows]),),
        ).fetchall()
    return {
        "outlet": [{"field": f, "value": v, "count": n}
                   for (f, v), n in sorted(media.items(), key=lambda item: (-item[1], item[0][1]))[:limit]],
        "label": [{"value": r[0], "count": r[1]} for r in labels if r[0] in LABELS],
        "day": [{"value": d, "count": n} for d, n in sorted(days.items(), reverse=True)[:limit]],
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
    ``relevance`` (best match first; newest first without a query) or ``date`` (newest first).

    A copy group takes the place of its best-placed article and shows its earliest one,
    with the other matching copies in ``copies``. Results are read in growing batches
    until the page is full, so no page sorts more than the ranking itself needs.
    """
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
    newest = "a.published DESC, a.rowid DESC"  # NULLs last; the publication-date index serves it
    order = "score, " + newest if sort == "relevance" and found.parsed is not None else newest
    counted = found.count_body("LEFT JOIN corpus_docs cd ON cd.article = a.rowid") if copies else found.count_body()
    articles, total = db.execute(f"SELECT count(*), count(DISTINCT {group}){counted}", found.params).fetchone()
    rows_sql = (f"SELECT a.rowid AS rid, a.id, a.title, a.published, site.name AS site, outlet.name AS outlet,"
                f" {score} AS score, {group} AS grp{body}")
    # One read serves the page and the facets: at least FACET_LIMIT rows, more for deep pages.
    wanted, batch = offset + limit, max(FACET_LIMIT if with_facets else 64, 2 * (offset + limit))
    best, rows = first_of_each(db, f"{rows_sql} ORDER BY {order}", found.params, lambda r: int(r["grp"]),
                               wanted, batch)
    page = list(best.values())[offset:wanted]
    members: dict[int, list[sqlite3.Row]] = {int(r["grp"]): [] for r in page}
    shared = sorted(g for g in members if g > 0)
    if shared:
        marks = ", ".join("?" * len(shared))
        extra = " AND " if found.where else " WHERE "
        copies_of = f"a.rowid IN (SELECT article FROM corpus_docs WHERE copy_group IN ({marks}))"
        for row in db.execute(f"{rows_sql}{extra}{copies_of}", (*found.params, *shared)):
            members[int(row["grp"])].append(row)
    results = []
    for row in page:
        items = sorted(members[int(row["grp"])] or [row], key=lambda r: (r["published"] is None, r["published"] or "",
                                                                       r["rid"]))
        first = {key: items[0][key] for key in ITEM_KEYS}
        first["score"] = round(-float(row["score"]), 4)
        first["copies"] = [{key: r[key] for key in ITEM_KEYS} for r in items[1:]]
        results.append(first)
    texts = _texts(db, [r["id"] for r in results])
    stems = found.parsed.stems if found.parsed is not None else frozenset()
    for result in results:
        cut = snippet(texts.get(result["id"], ""), stems)
        result.update(snippet=cut.text, highlights=[list(h) for h in cut.highlights])
    top = rows[:FACET_LIMIT]
    return ReaderPage(int(total), int(articles), results, facets(db, top) if with_facets else {},
                      facets_over=len(top) if with_facets else 0)


def _texts(db: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """The clean text of each of ``ids``."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = db.execute(f"SELECT id, json_extract(record, '$.text') FROM articles WHERE id IN ({marks})", ids)
    return {r[0]: r[1] or "" for r in rows}
