"""One write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any error.

The store's batch writes, and the copy and story stages' writes through the store's
connection, each need the same block; written once here, a failure (SQLite, a derived
table's writer, an interrupt) can never leave the connection inside an open
transaction, where every later write would fail too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """Run the block in one immediate transaction: committed when it ends, rolled back when it raises.

    A failed ``COMMIT`` (a busy database) rolls back too; an error that SQLite
    already rolled back is raised as it is.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
