"""JSON routes over stories (clusters of articles covering the same event)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from marsad.api import views
from marsad.api.deps import Db

router = APIRouter(prefix="/api", tags=["stories"])


@router.get("/stories")
def stories(
    db: Db,
    since: Annotated[str | None, Query(description="Seen on or after (ISO date).")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Stories, most recent first."""
    return views.story_list(db, since, limit)


@router.get("/stories/{story_id}")
def story(db: Db, story_id: str) -> dict[str, Any]:
    """One story and its timeline, first publisher and copies marked."""
    found = views.story_detail(db, story_id)
    if found is None:
        raise HTTPException(404, "no story with this id")
    return found
