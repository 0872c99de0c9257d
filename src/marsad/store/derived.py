"""Tables derived from each record's annotations, kept in step with the article row.

Each module listed in :data:`TABLE_MODULES` has a ``DDL`` string (CREATE ... IF NOT
EXISTS statements) and a ``write(db, article)`` function that replaces the rows
of one article. The store runs every ``DDL`` when it opens and every ``write`` in
the same transaction as the article's upsert, so these tables never disagree
with the stored records.
"""

from __future__ import annotations

import importlib
import sqlite3
from functools import lru_cache
from types import ModuleType

from marsad.record import Article

# Modules under marsad.store, in the order their tables are created and written.
TABLE_MODULES: tuple[str, ...] = ("entities", "statements")


@lru_cache(maxsize=1)
def _modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"marsad.store.{name}") for name in TABLE_MODULES)


def ddl() -> str:
    """The CREATE statements of every annotation table."""
    return "\n".join(module.DDL for module in _modules())


def write(db: sqlite3.Connection, article: Article) -> None:
    """Replace one article's rows in every annotation table."""
    for module in _modules():
        module.write(db, article)
