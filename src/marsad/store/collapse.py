"""Pages of results where copies count once: read ordered rows until enough distinct groups."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Sequence
from typing import Any


def first_of_each(db: sqlite3.Connection, sql: str, params: Sequence[Any], key: Callable[[sqlite3.Row], Hashable],
                  wanted: int, batch: int) -> tuple[dict[Hashable, sqlite3.Row], list[sqlite3.Row]]:
    """The first row of each distinct ``key`` among the rows of the ordered query ``sql`` (to which
    ``LIMIT ?`` is appended), in order, and the rows read.

    Rows are read in batches growing fourfold until more than ``wanted`` keys are known or
    the rows run out, so a page never sorts more than its ranking needs, and a caller can
    tell whether more groups follow (more than ``wanted`` keys).
    """
    while True:
        rows = db.execute(sql + " LIMIT ?", (*params, batch)).fetchall()
        first: dict[Hashable, sqlite3.Row] = {}
        for row in rows:
            first.setdefault(key(row), row)
        if len(first) > wanted or len(rows) < batch:
            return first, rows
        batch *= 4
