"""JSON routes over articles: search and filter, and one full record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from marsad.api.deps import Offset, ReadStore

router = APIRouter(prefix="/api", tags=["articles"])

Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]


@router.get("/articles")
def articles(
    store: ReadStore,
    q: Annotated[str | None, Query(description="Full-text query (Arabic-aware: «ادلب» finds «إدلب»).")] = None,
    entity: Annotated[str | None, Query(description="Entity id or name the article mentions.")] = None,
    site: Annotated[str | None, Query(description="Site that published the copy.")] = None,
    outlet: Annotated[str | None, Query(description="Outlet credited as the original publisher.")] = None,
    since: Annotated[str | None, Query(description="Published on or after (ISO date).")] = None,
    until: Annotated[str | None, Query(description="Published on or before (ISO date).")] = None,
    anonymous: Annotated[bool | None, Query(description="Only articles with (true) or without (false) anonymous sources.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles matching a query and filters, with highlighted snippets."""
    ids = store.entity_ids(entity) if entity else None
    return store.find_articles(q, ids, site, outlet, since, until, anonymous, limit, offset).to_dict(limit, offset)


@router.get("/articles/{article_id}")
def article(store: ReadStore, article_id: str) -> dict[str, Any]:
    """The full record plus its provenance and copies."""
    found = store.article_detail(article_id)
    if found is None:
        raise HTTPException(404, "no article with this id")
    return found
