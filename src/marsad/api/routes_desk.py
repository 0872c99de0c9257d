"""JSON routes of the analyst's desk: reader search, the day at a glance, and exports."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from marsad.api import exports
from marsad.api.deps import DAY_FORMAT, Offset, ReadStore
from marsad.api.params import StatementQuery

router = APIRouter(prefix="/api", tags=["desk"])

EXPORT_LIMIT = 5000
Format = Annotated[Literal["csv", "jsonl"], Query(description="csv (a table) or jsonl (full JSON records).")]
Q = Annotated[str | None, Query(description="Full-text query (Arabic-aware).")]
Entity = Annotated[str | None, Query(description="Entity id or name the article mentions.")]
Site = Annotated[str | None, Query(description="Site that published the copy.")]
Outlet = Annotated[str | None, Query(description="Outlet credited as the original publisher.")]
Since = Annotated[str | None, Query(description="Published on or after (ISO date).")]
Until = Annotated[str | None, Query(description="Published on or before (ISO date, inclusive).")]
Anonymous = Annotated[bool | None, Query(description="Only articles with (true) or without (false) anonymous sources.")]
Label = Annotated[Literal["PER", "ORG", "LOC", "MISC"] | None, Query(description="Only articles naming an entity of this type.")]
Sort = Annotated[Literal["relevance", "date"], Query(description="relevance (best match first) or date (newest first).")]


@router.get("/search")
def search(store: ReadStore, q: Q = None, entity: Entity = None, site: Site = None, outlet: Outlet = None,
           since: Since = None, until: Until = None, anonymous: Anonymous = None, label: Label = None,
           sort: Sort = "relevance", limit: Annotated[int, Query(ge=1, le=200)] = 20,
           offset: Offset = 0) -> dict[str, Any]:
    """Search for readers: copies collapsed into one result (``copies``), facets by outlet, entity type and day."""
    return store.reader_search(q, entity, site, outlet, since, until, anonymous, label, sort, limit, offset)


@router.get("/summary")
def summary(store: ReadStore, day: Annotated[str | None, Query(description="YYYY-MM-DD; the latest day when left out.")] = None,
            limit: Annotated[int, Query(ge=1, le=50)] = 8) -> dict[str, Any]:
    """A day at a glance: multi-outlet stories, most named people and organisations, anonymous sources, hours."""
    try:
        return store.day_summary(day, limit)
    except ValueError as e:
        raise HTTPException(422, DAY_FORMAT) from e


@router.get("/export/search")
def export_search(store: ReadStore, fmt: Annotated[Format, Query(alias="format")] = "csv", q: Q = None, entity: Entity = None,
                  site: Site = None, outlet: Outlet = None, since: Since = None, until: Until = None,
                  anonymous: Anonymous = None, label: Label = None, sort: Sort = "relevance") -> Response:
    """Search results (copies collapsed) as CSV or JSON lines, up to 5,000 results."""
    found = store.reader_search(q, entity, site, outlet, since, until, anonymous, label, sort, EXPORT_LIMIT, 0, False)
    results = found["results"]
    return exports.download(fmt, "marsad-search", results, exports.search_rows(results), exports.SEARCH_FIELDS)


@router.get("/export/statements")
def export_statements(store: ReadStore, query: StatementQuery, fmt: Annotated[Format, Query(alias="format")] = "csv") -> Response:
    """Statements (repeated ones grouped) as CSV or JSON lines, up to 5,000 rows."""
    groups = store.statements(query, EXPORT_LIMIT, 0).groups
    return exports.download(fmt, "marsad-statements", groups, exports.statement_rows(groups),
                            exports.STATEMENT_FIELDS)


@router.get("/export/stories/{story_id}")
def export_story(store: ReadStore, story_id: str, fmt: Annotated[Format, Query(alias="format")] = "csv") -> Response:
    """A story's timeline as CSV or JSON lines, one article a row."""
    found = store.story_detail(story_id)
    if found is None:
        raise HTTPException(404, "no story with this id")
    rows = exports.story_rows(found)
    return exports.download(fmt, f"marsad-{found['id']}", rows, rows, exports.STORY_FIELDS)
