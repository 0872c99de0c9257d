"""Stories for the reader: ranked by size, outlets or recency, filtered by how many outlets covered them.

Reads the ``stories`` table as the story stage leaves it. Stories of one article
come after every larger story whatever the order, and ``top_entities`` carry the
entities' names, not only their ids.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from marsad.store.schema import has_table

SORTS = {
    "recent": "last_seen IS NULL, last_seen DESC, articles DESC",
    "size": "articles DESC, json_array_length(outlets) DESC, last_seen DESC",
    "outlets": "json_array_length(outlets) DESC, articles DESC, last_seen DESC",
}


def name_entities(db: sqlite3.Connection, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` (dicts with an ``id``) with each entity's ``name`` and ``label`` added where known."""
    ids = [item["id"] for item in items if item.get("id")]
    if not ids or not has_table(db, "entities"):
        return items
    marks = ", ".join("?" * len(ids))
    known = {r[0]: (r[1], r[2]) for r in db.execute(f"SELECT id, name, label FROM entities WHERE id IN ({marks})", ids)}
    for item in items:
        name, label = known.get(item.get("id"), (None, None))
        item.setdefault("name", name)
        item.setdefault("label", label)
    return items


def rank_stories(db: sqlite3.Connection, sort: str = "recent", min_outlets: int = 1, since: str | None = None,
                 until: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Stories seen between ``since`` and ``until`` (ISO dates) covered by at least ``min_outlets``
    outlets, ordered by ``sort`` (``recent``, ``size`` or ``outlets``); one-article stories last."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    if not has_table(db, "stories"):
        return []
    rows = db.execute(
        "SELECT id, headline, first_seen, last_seen, articles, outlets, top_entities FROM stories"
        " WHERE (? IS NULL OR last_seen >= ?) AND (? IS NULL OR substr(first_seen, 1, ?) <= ?)"
        " AND json_array_length(outlets) >= ?"
        f" ORDER BY articles = 1, {SORTS[sort]}, id LIMIT ? OFFSET ?",
        (since, since, until, len(until or ""), until, min_outlets, limit, offset),
    ).fetchall()
    out = []
    for story_id, headline, first, last, count, outlets, entities in rows:
        out.append({"id": story_id, "headline": headline, "first_seen": first, "last_seen": last,
                    "articles": count, "outlets": json.loads(outlets),
                    "top_entities": name_entities(db, json.loads(entities))})
    return out
