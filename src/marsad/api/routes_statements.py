"""JSON routes over attributed statements and the media that publish and copy."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from marsad.api import views
from marsad.api.deps import Db
from marsad.api.queries import media_totals

router = APIRouter(prefix="/api", tags=["statements", "sources"])


@router.get("/statements")
def statements(
    db: Db,
    speaker: Annotated[str | None, Query(description="Speaker entity id, name or affiliation.")] = None,
    about: Annotated[str | None, Query(description="Entity the article mentions, or a name in the content.")] = None,
    anonymous: Annotated[bool | None, Query(description="Only anonymous (true) or named (false) speakers.")] = None,
    via: Annotated[str | None, Query(description="Medium that relayed the statement.")] = None,
    since: Annotated[str | None, Query(description="Published on or after (ISO date).")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Who said what, through which medium, newest first."""
    return views.statements(db, speaker=speaker, anonymous=anonymous, via=via, about=about, since=since, limit=limit)


@router.get("/sources")
def sources(db: Db, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """Sites and outlets with articles published and copies taken, and who republished whom."""
    return {"media": media_totals(db), "republications": views.republications(db, limit)}
