"""A time budget for the queries of one connection, enforced inside SQLite.

SQLite calls a progress handler every few thousand virtual-machine steps of any
statement; when the handler answers "stop", the statement ends at once with an
``interrupted`` error and the connection stays usable. :func:`time_budget` installs
such a handler and turns the interruption into :class:`~marsad.errors.QueryTimeout`,
so a query that would run for minutes costs at most its budget and leaves nothing
running.

The budget is the CPU time the work takes in its own thread (SQLite's and Python's):
on an idle machine that is its wall-clock time, and under many concurrent requests
a cheap page that only waits its turn is not refused for waiting. A wall-clock cap
of :data:`WALL_FACTOR` times the budget still bounds any wait, and a cancellation
flag (the server sets it when the client leaves) stops the work at the next check.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from marsad.errors import QueryTimeout

DEFAULT_SECONDS = 1.5
WALL_FACTOR = 4
# Virtual-machine steps between two checks: a few milliseconds of work, so the
# budget is kept to within a few tens of milliseconds while Python, and the GIL
# it must wait for under concurrent requests, is called rarely.
STEPS = 100_000


class Budget:
    """CPU seconds (and a wall-clock cap) for some work, and a cancellation flag, checked by SQLite."""

    def __init__(self, seconds: float | None, cancelled: threading.Event | None = None) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + WALL_FACTOR * seconds if seconds is not None else None
        self.cancelled = cancelled or threading.Event()
        # Thread -> its CPU time when the work began: now for this thread, at the first
        # check for another (a server runs a request's queries in a pool thread).
        self._cpu_start: dict[int, float] = {threading.get_ident(): time.thread_time()}
        self.over = ""

    def spent(self) -> bool:
        """Whether the work must stop now (its CPU time or wall-clock cap spent, or cancelled)."""
        if self.cancelled.is_set():
            return True
        if self.seconds is None or self.deadline is None:
            return False
        now = time.thread_time()
        if now - self._cpu_start.setdefault(threading.get_ident(), now) > self.seconds:
            self.over = "cpu"
        elif time.monotonic() > self.deadline:
            self.over = "wall"
        return bool(self.over)

    def install(self, db: sqlite3.Connection) -> None:
        """Make every statement of ``db`` stop once the budget is spent."""
        db.set_progress_handler(lambda: 1 if self.spent() else 0, STEPS)

    def error(self) -> QueryTimeout:
        """The error to report once a statement was stopped."""
        if self.cancelled.is_set():
            return QueryTimeout("the query was stopped: its client went away")
        if self.over == "wall":
            return QueryTimeout(f"the query waited past {WALL_FACTOR * (self.seconds or 0):g} s (the server is busy)"
                                f" and was stopped (time_budget = {self.seconds:g}, waits up to {WALL_FACTOR}×)")
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
