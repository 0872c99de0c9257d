"""How much a store holds: the counts the home page shows (articles, media, statements, entities, stories)."""

from __future__ import annotations

import sqlite3

from marsad.store.schema import has_table

# Each count's name and the table it counts.
COUNTED = {"articles": "articles", "media": "media", "statements": "statements",
           "entities": "entities", "stories": "stories"}


def counts(db: sqlite3.Connection) -> dict[str, int]:
    """Rows of each counted table; 0 for a table an older store (opened read-only) lacks."""
    return {key: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) if has_table(db, table) else 0
            for key, table in COUNTED.items()}
