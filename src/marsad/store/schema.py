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

import sqlite3

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


def connect(path: str) -> sqlite3.Connection:
    """Open (and create or upgrade) a store at ``path`` (":memory:" for a scratch one)."""
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
