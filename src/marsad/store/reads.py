"""Every read the command line, the API and the web pages make of a store, as methods of one object.

The interfaces never see SQL or a connection: they call :class:`StoreReads` (which
:class:`marsad.store.Store` is too), and each method hands its connection to the read
model that owns the query (``articles``, ``reader_search``, ``details``, ``entities``,
``statement_groups``, ``story_lists``, ``sources``, ``glance``...). A new page or route
that needs a new query adds a read model beside those and a method here. Tables that an
older store, opened read-only, lacks read as empty.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from marsad.store import corpus, details, entities, glance, overview, sources, statements, story_lists
from marsad.store.articles import ArticlePage, find_articles
from marsad.store.budget import Budget, time_budget
from marsad.store.reader_search import search_collapsed
from marsad.store.schema import connect_readonly, has_table
from marsad.store.statement_groups import StatementFilters, StatementPage, browse_statements


class StoreReads:
    """The read models of the store behind one connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @classmethod
    def open_readonly(cls, path: str) -> StoreReads:
        """The store at ``path``, read-only and as it is (no schema upgrade), usable from any thread."""
        return cls(connect_readonly(path))

    def close(self) -> None:
        self.db.close()

    def within(self, seconds: float | None, cancelled: threading.Event | None = None) -> AbstractContextManager[Budget]:
        """Every read made in the block within ``seconds`` in all, stopped early once ``cancelled`` is set
        (:class:`~marsad.errors.QueryTimeout` either way)."""
        return time_budget(self.db, seconds, cancelled)

    # -- articles ------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """How many articles, media, statements, entities and stories the store holds."""
        return overview.counts(self.db)

    def latest_articles(self, limit: int = 10) -> list[dict[str, Any]]:
        """The newest articles (by publication date, then ingest order), as JSON-ready data."""
        return [hit.to_dict() for hit in find_articles(self.db, limit=limit).hits]

    def find_articles(self, q: str | None = None, entity_ids: Sequence[str] | None = None, site: str | None = None,
                      outlet: str | None = None, since: str | None = None, until: str | None = None,
                      anonymous: bool | None = None, limit: int = 20, offset: int = 0) -> ArticlePage:
        """Articles matching a query and filters, with snippets (:func:`marsad.store.articles.find_articles`)."""
        return find_articles(self.db, q, entity_ids, site, outlet, since, until, anonymous, limit, offset)

    def reader_search(self, q: str | None, entity: str | None, site: str | None, outlet: str | None,
                      since: str | None, until: str | None, anonymous: bool | None, label: str | None,
                      sort: str, limit: int, offset: int, with_facets: bool = True) -> dict[str, Any]:
        """Search for readers, copies collapsed (:func:`marsad.store.reader_search.search_collapsed`), as
        JSON-ready data; ``entity`` is an id or a name in any spelling, and blank filters are no filters."""
        ids = self.entity_ids(entity) if entity else None
        found = search_collapsed(self.db, q or None, ids, site or None, outlet or None, since or None, until or None,
                                 anonymous, label or None, sort, limit, offset, with_facets)
        return found.to_dict(limit, offset)

    def article_detail(self, article_id: str) -> dict[str, Any] | None:
        """The full record with its provenance, copies and story headline; None when unknown."""
        return details.article_detail(self.db, article_id)

    # -- entities ------------------------------------------------------------------
    def entity_ids(self, id_or_name: str) -> list[str]:
        """Entity ids for an id or a name in any spelling."""
        return entities.resolve_entity(self.db, id_or_name)

    def top_entities(self, label: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Entities mentioned in the most articles (of type ``label`` when given)."""
        return entities.top_entities(self.db, label, limit)

    def entity_detail(self, id_or_name: str, limit: int = 50) -> dict[str, Any] | None:
        """One entity with its timeline, statements by and about it and articles naming it; None when unknown."""
        return details.entity_detail(self.db, id_or_name, limit)

    # -- statements ----------------------------------------------------------------
    def statements(self, filters: StatementFilters | None = None, limit: int = 50, offset: int = 0) -> StatementPage:
        """Statements matching ``filters``, newest first, a statement repeated by copies grouped once."""
        return browse_statements(self.db, filters, limit, offset)

    def statements_of(self, article_id: str) -> list[dict[str, Any]]:
        """One article's statements, in text order."""
        return statements.statements_of(self.db, article_id)

    # -- stories -------------------------------------------------------------------
    def stories(self, sort: str = "recent", min_outlets: int = 1, since: str | None = None, until: str | None = None,
                limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stories ranked by ``sort`` (:data:`marsad.store.story_lists.SORTS`), one-article stories last."""
        return story_lists.rank_stories(self.db, sort, min_outlets, since, until, limit, offset)

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story and its timeline as the story stage stored them (a former id leads to the story now)."""
        return corpus.story(self.db, story_id)

    def story_detail(self, story_id: str) -> dict[str, Any] | None:
        """:meth:`story` with its top entities named; None before the corpus tables exist."""
        return details.story_detail(self.db, story_id)

    # -- media and the day ---------------------------------------------------------
    def outlets(self) -> list[dict[str, Any]]:
        """Every site and outlet with what it published, copied and was copied from."""
        return sources.outlet_table(self.db)

    def cited_media(self, limit: int = 200) -> list[dict[str, Any]]:
        """Every medium the articles cite, with the articles, outlets and statements citing it."""
        return sources.cited_media_table(self.db, limit)

    def republications(self, limit: int = 100) -> list[dict[str, Any]]:
        """Which site republished which outlet's article; none before the corpus tables exist."""
        return corpus.republications(self.db, limit) if has_table(self.db, "republications") else []

    def day_summary(self, day: str | None = None, limit: int = 8) -> dict[str, Any]:
        """A day at a glance (the latest day when ``day`` is None); ValueError for a malformed day."""
        return glance.day_summary(self.db, day, limit)
