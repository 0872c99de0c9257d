"""JSON routes over canonical entities."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from marsad.api.deps import ReadStore

router = APIRouter(prefix="/api", tags=["entities"])


@router.get("/entities")
def entities(
    store: ReadStore,
    label: Annotated[str | None, Query(description="PER, ORG, LOC or MISC.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Entities mentioned in the most articles."""
    return store.top_entities(label, limit)


@router.get("/entities/{entity_id:path}")
def entity(store: ReadStore, entity_id: str, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """One entity: mentions over time, statements by and about it, articles naming it."""
    found = store.entity_detail(entity_id, limit)
    if found is None:
        raise HTTPException(404, "no entity with this id or name")
    return found
