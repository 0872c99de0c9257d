"""The store's one transaction block: committed on success, rolled back on any error, never left open."""

from __future__ import annotations

import sqlite3

import pytest

from marsad.store.transaction import transaction


@pytest.fixture
def db() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("CREATE TABLE t (x INTEGER UNIQUE)")
    return connection


def _rows(db: sqlite3.Connection) -> list[int]:
    return [row[0] for row in db.execute("SELECT x FROM t ORDER BY x")]


def test_a_block_that_ends_is_committed(db: sqlite3.Connection) -> None:
    with transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        assert db.in_transaction
    assert not db.in_transaction
    assert _rows(db) == [1]


@pytest.mark.parametrize("error", [KeyboardInterrupt, ValueError])
def test_a_block_that_raises_anything_is_rolled_back(db: sqlite3.Connection, error: type[BaseException]) -> None:
    with pytest.raises(error), transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        raise error()
    assert not db.in_transaction
    assert _rows(db) == []


def test_a_failing_statement_leaves_no_open_transaction(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError), transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        db.execute("INSERT INTO t VALUES (1)")
    assert not db.in_transaction
    with transaction(db):  # the next write starts afresh
        db.execute("INSERT INTO t VALUES (2)")
    assert _rows(db) == [2]
