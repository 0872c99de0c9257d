"""A time budget for the queries of one connection, enforced inside SQLite.

SQLite calls a progress handler every few thousand virtual-machine steps of any
statement; when the handler answers "stop", the statement ends at once with an
``interrupted`` error and the connection stays usable. :func:`time_budget` installs
such a handler with a deadline (and, for a server, a flag set when the client has
gone) and turns the interruption into :class:`~marsad.errors.QueryTimeout`, so a
query that would run for minutes costs at most its budget and leaves nothing running.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from marsad.errors import QueryTimeout

DEFAULT_SECONDS = 1.5
# Virtual-machine steps between two checks: about a millisecond of work, so the
# deadline is kept to within a few milliseconds while Python is called rarely.
STEPS = 20_000


class Budget:
    """A deadline and a cancellation flag, checked by SQLite's progress handler."""

    def __init__(self, seconds: float | None, cancelled: threading.Event | None = None) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds is not None else None
        self.cancelled = cancelled or threading.Event()

    def spent(self) -> bool:
        """Whether the work must stop now (over time, or cancelled)."""
        return self.cancelled.is_set() or (self.deadline is not None and time.monotonic() > self.deadline)

    def install(self, db: sqlite3.Connection) -> None:
        """Make every statement of ``db`` stop once the budget is spent."""
        db.set_progress_handler(lambda: 1 if self.spent() else 0, STEPS)

    def error(self) -> QueryTimeout:
        """The error to report once a statement was stopped."""
        if self.cancelled.is_set():
            return QueryTimeout("the query was stopped: its client went away")
        return QueryTimeout(f"the query ran past its time budget of {self.seconds:g} s and was stopped"
                            f" (time_budget = {self.seconds:g})")


def interrupted(error: BaseException) -> bool:
    """Whether ``error`` is SQLite stopping a statement on the progress handler's word."""
    return isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error)


@contextmanager
def time_budget(db: sqlite3.Connection, seconds: float | None = DEFAULT_SECONDS,
                cancelled: threading.Event | None = None) -> Iterator[Budget]:
    """Run the block with every statement of ``db`` limited to ``seconds`` in all (None: no limit).

    Raises :class:`~marsad.errors.QueryTimeout` when a statement is stopped; the
    handler is removed on the way out.
    """
    budget = Budget(seconds, cancelled)
    budget.install(db)
    try:
        yield budget
    except sqlite3.OperationalError as e:
        if interrupted(e):
            raise budget.error() from e
        raise
    finally:
        db.set_progress_handler(None, 0)
