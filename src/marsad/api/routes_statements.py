"""JSON routes over attributed statements and the media that publish, cite and copy."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from marsad.api import views
from marsad.api.deps import Db, Offset
from marsad.api.params import StatementQuery
from marsad.store import statement_groups
from marsad.store.sources import cited_media_table, outlet_table

router = APIRouter(prefix="/api", tags=["statements", "sources"])


@router.get("/statements")
def statements(
    db: Db,
    query: StatementQuery,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Who said what, through which medium, newest first. A statement repeated word for word by
    copies and republications is one result: ``items`` lists every article carrying it (earliest
    first, whose fields the result repeats), ``outlets`` their outlets, ``count`` how many."""
    found = statement_groups.browse_statements(db, query, limit, offset)
    return statement_groups.page_dict(found, limit, offset)


@router.get("/sources")
def sources(db: Db, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """Per outlet (``outlets``: articles, statements, copies made and copied from it, multi-outlet
    stories it published first, display names) and per cited medium (``cited``), and who
    republished whom."""
    return {"outlets": outlet_table(db), "cited": cited_media_table(db, limit),
            "republications": views.republications(db, limit)}
