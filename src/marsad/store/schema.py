"""The SQLite schema of a marsad store.

``articles`` keeps the full record as JSON (the contract) next to the columns
that queries filter on; ``articles_fts`` indexes the *normalised, clitic-stripped*
title and body (FTS5's own tokenizer would split Arabic words at diacritics, and
would never match «وبإدلب» to «إدلب»). ``media`` holds sites and outlets once each;
``sources`` remembers every input file read, so a rerun skips unchanged files
(``shards`` the parts of large files written by the Ray engine);
``errors`` and ``runs`` keep what each run did.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from marsad.errors import ForeignStore
from marsad.store import corpus, derived

SCHEMA_VERSION = 1

DDL = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS media (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS media_norm ON media(norm);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    finished TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shards (
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    key TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    PRIMARY KEY (path, key)
);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL,
    path TEXT,
    url TEXT,
    format TEXT,
    title TEXT,
    lang TEXT,
    published TEXT,
    site_id INTEGER REFERENCES media(id),
    outlet_id INTEGER REFERENCES media(id),
    record TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    ingested TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site_id);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet_id);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    path TEXT,
    member TEXT,
    url TEXT,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS errors_path ON errors(path);
"""


SQLITE_HEADER = b"SQLite format 3\x00"


def check_marsad(path: str) -> None:
    """Refuse (:class:`~marsad.errors.ForeignStore`) a file that is not SQLite, or another program's database.

    A missing or empty file, or a SQLite file without tables, may become a store;
    a SQLite file with tables is marsad's only when its ``meta`` table names a
    schema version. Checked before anything is created in the file.
    """
    if path == ":memory:" or not os.path.exists(path):
        return
    if os.path.isdir(path):
        raise ForeignStore(f"{path} is a folder, not a marsad store")
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise ForeignStore(f"cannot read {path}: {e.strerror}") from e
    if not header:
        return
    if header != SQLITE_HEADER:
        raise ForeignStore(f"{path} is not a SQLite database, so not a marsad store")
    db = connect_readonly(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = (db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                   if "meta" in tables else None)
    except sqlite3.DatabaseError as e:
        raise ForeignStore(f"{path} is not a readable SQLite database ({e})") from e
    finally:
        db.close()
    if tables and version is None:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise ForeignStore(f"{path} is another program's SQLite database (tables: {shown}), not a marsad store;"
                           " marsad leaves it as it is")


def writable(path: str) -> bool:
    """Whether marsad may write the store at ``path``: the file and its folder (for the journal) both."""
    if path == ":memory:":
        return True
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(folder, os.W_OK) and (not os.path.exists(path) or os.access(path, os.W_OK))


def connect_readonly(path: str) -> sqlite3.Connection:
    """A read-only connection to the store at ``path`` (usable from any thread).

    A store that cannot be written (the file or its folder) is opened as
    *immutable*: SQLite then needs no shared-memory file beside it, which a WAL
    database otherwise creates even to read, and trusts that no one changes it.
    """
    uri = Path(path).resolve().as_uri() + ("?mode=ro" if writable(path) else "?mode=ro&immutable=1")
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA busy_timeout = 10000")
    return connection


def connect(path: str) -> sqlite3.Connection:
    """Open (and create or upgrade) a store at ``path`` (":memory:" for a scratch one).

    A file that is not a marsad store is refused first (:func:`check_marsad`).
    """
    check_marsad(path)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    if path != ":memory:":
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.executescript(DDL)
    connection.executescript(derived.ddl())
    corpus.upgrade(connection)
    connection.executescript(corpus.DDL)
    connection.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
    )
    return connection


def has_table(db: sqlite3.Connection, name: str) -> bool:
    """Whether the store has a table called ``name`` (an old file opened read-only may lack one)."""
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None
