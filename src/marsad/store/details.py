"""One article, entity or story in full: what its page and its API route show, as plain dicts.

Each detail gathers the read models of several tables (provenance, copies, statements,
timelines); a table that an older store opened read-only lacks reads as empty.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from marsad.store import corpus
from marsad.store import entities as store_entities
from marsad.store.articles import find_articles
from marsad.store.schema import has_table
from marsad.store.statement_groups import StatementFilters, browse_statements
from marsad.store.statements import provenance_of


def article_detail(db: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """The full record plus its provenance, copies and story headline; None when unknown."""
    row = db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    record: dict[str, Any] = json.loads(row["record"])
    record["provenance"] = (provenance_of(db, article_id) if has_table(db, "cited_media")
                            else {"site": record.get("site"), "outlet": record.get("outlet"),
                                  "cited_media": [], "sources": []})
    record["copies"] = corpus.copies_of(db, article_id) if has_table(db, "corpus_docs") else []
    record["story_headline"] = None
    if record.get("story") and has_table(db, "stories"):
        found = db.execute("SELECT headline FROM stories WHERE id = ?", (record["story"],)).fetchone()
        record["story_headline"] = found["headline"] if found else None
    return record


def entity_detail(db: sqlite3.Connection, id_or_name: str, limit: int = 50) -> dict[str, Any] | None:
    """One entity: counts, mentions over time, statements by and about it (grouped as
    :func:`browse_statements` groups them), articles naming it."""
    ids = store_entities.resolve_entity(db, id_or_name)
    if not ids:
        return None
    found = store_entities.entity(db, ids[0])
    if found is None:
        return None
    entity_id = found["id"]
    found["timeline"] = [{"day": day, "articles": n} for day, n in store_entities.entity_timeline(db, entity_id)]
    # The rows of /api/statements?speaker= (and ?about=): a statement copies repeat is one group.
    found["statements_by"] = browse_statements(db, StatementFilters(speaker=entity_id), limit).groups
    found["statements_about"] = browse_statements(db, StatementFilters(about=entity_id), limit).groups
    found["articles_list"] = [hit.to_dict() for hit in find_articles(db, entity_ids=[entity_id], limit=limit).hits]
    return found


def story_detail(db: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """One story with its timeline, its top entities named; None when unknown or before the
    corpus tables exist."""
    if not has_table(db, "stories") or not has_table(db, "story_docs"):
        return None
    found = corpus.story(db, story_id)
    if found is not None and has_table(db, "entities"):
        for item in found["top_entities"]:
            row = db.execute("SELECT name, label FROM entities WHERE id = ?", (item.get("id"),)).fetchone()
            if row is not None:
                item.update(name=row["name"], label=row["label"])
    return found
