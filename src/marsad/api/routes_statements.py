"""JSON routes over attributed statements and the media that publish, cite and copy."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from marsad.api.deps import Offset, ReadStore
from marsad.api.params import StatementQuery

router = APIRouter(prefix="/api", tags=["statements", "sources"])


@router.get("/statements")
def statements(
    store: ReadStore,
    query: StatementQuery,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Who said what, through which medium, newest first. A statement repeated word for word by
    copies and republications is one result: ``items`` lists every article carrying it (earliest
    first, whose fields the result repeats), ``outlets`` their outlets, ``count`` how many."""
    return store.statements(query, limit, offset).to_dict(limit, offset)


@router.get("/sources")
def sources(store: ReadStore, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """Per outlet (``outlets``: articles, statements, copies made and copied from it, multi-outlet
    stories it published first, display names) and per cited medium (``cited``), and who
    republished whom."""
    return {"outlets": store.outlets(), "cited": store.cited_media(limit),
            "republications": store.republications(limit)}
