"""JSON routes over stories (clusters of articles covering the same event)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query

from marsad.api.deps import MAX_OFFSET, Offset, ReadStore

router = APIRouter(prefix="/api", tags=["stories"])


@router.get("/stories")
def stories(
    store: ReadStore,
    since: Annotated[str | None, Query(description="Seen on or after (ISO date).")] = None,
    until: Annotated[str | None, Query(description="First seen on or before (ISO date, inclusive).")] = None,
    sort: Annotated[Literal["recent", "size", "outlets"], Query(
        description="recent (last seen), size (articles) or outlets (how many covered it).")] = "recent",
    min_outlets: Annotated[int, Query(ge=1, le=MAX_OFFSET, description="Only stories covered by at least this many outlets.")] = 1,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Stories in the order asked, one-article stories last; ``top_entities`` with their names."""
    return store.stories(sort, min_outlets, since, until, limit, offset)


@router.get("/stories/{story_id}")
def story(store: ReadStore, story_id: str) -> dict[str, Any]:
    """One story and its timeline, first publisher and copies marked."""
    found = store.story_detail(story_id)
    if found is None:
        raise HTTPException(404, "no story with this id")
    return found
