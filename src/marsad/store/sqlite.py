"""The embedded store: SQLite in WAL mode, written in batches, read by queries.

Articles are upserted by their stable id, so ingesting the same input twice
changes nothing; an article whose record digest is unchanged is not rewritten.
Writes are grouped into one transaction per batch (``batch_size`` articles),
and an input file is marked done in the same transaction as its last articles:
after a crash, a file is either fully stored and skipped on rerun, or read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Self

from marsad.errors import StoreError
from marsad.record import Article
from marsad.sources.raw import InputStamp
from marsad.store import derived
from marsad.store.articles import SearchHit, find_articles
from marsad.store.budget import time_budget
from marsad.store.reads import StoreReads
from marsad.store.schema import check_marsad, connect, connect_readonly, writable
from marsad.store.search import LIMITS, SearchLimits, index_form, parse_query
from marsad.store.transaction import transaction
from marsad.text.normalize import normalize

DEFAULT_PATH = "marsad.db"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def digest(article: Article) -> str:
    """Hash of the whole record: a changed extraction or analysis changes it."""
    return _digest_of(article.to_json())


def _digest_of(record: str) -> str:
    return hashlib.blake2b(record.encode("utf-8"), digest_size=16).hexdigest()


class Store(StoreReads):
    """A marsad store at ``path``; use as a context manager or call :meth:`close`.

    It writes articles in batches and answers every read of :class:`StoreReads`.
    """

    def __init__(self, path: str = DEFAULT_PATH, batch_size: int = 200, readonly: bool | None = False) -> None:
        """Open (or create) the store; ``readonly``: True never writes, None when it cannot be written.

        A read-only store is read as it is (no schema upgrade); writing to it
        raises :class:`~marsad.errors.StoreError`. A file that is not a marsad
        store raises :class:`~marsad.errors.ForeignStore`, untouched.
        """
        self.path = path
        self.batch_size = batch_size
        self.readonly = not writable(path) if readonly is None else readonly
        try:
            if self.readonly:
                check_marsad(path)
                db = connect_readonly(path)
            else:
                db = connect(path)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open store {path}: {e}") from e
        super().__init__(db)
        self._pending: list[Article] = []
        self._pending_sources: list[tuple[InputStamp, int, int]] = []
        self._pending_shards: list[tuple[InputStamp, str]] = []
        self._pending_errors: list[tuple[Any, ...]] = []
        self.run_id: int | None = None

    # -- context -----------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Write what is pending and close the database."""
        self.flush()
        super().close()

    # -- runs and inputs ---------------------------------------------------------
    def start_run(self, command: str) -> int:
        cursor = self.db.execute("INSERT INTO runs(command, started) VALUES (?, ?)", (command, _now()))
        self.run_id = int(cursor.lastrowid or 0)
        return self.run_id

    def finish_run(self, summary: dict[str, Any]) -> None:
        self.flush()
        self.db.execute(
            "UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
            (_now(), json.dumps(summary, ensure_ascii=False), self.run_id),
        )

    def input_done(self, stamp: InputStamp) -> bool:
        """Whether this file, at this size and modification time, was fully read before."""
        row = self.db.execute(
            "SELECT 1 FROM sources WHERE path = ? AND size = ? AND mtime_ns = ?",
            (stamp.path, stamp.size, stamp.mtime_ns),
        ).fetchone()
        return row is not None

    def mark_input(self, stamp: InputStamp, articles: int, failures: int) -> None:
        """Record a file as fully read; written with the batch that holds its last article."""
        self._pending_sources.append((stamp, articles, failures))
        self.flush()

    def shard_done(self, stamp: InputStamp, key: str) -> bool:
        """Whether this part of the file, unchanged, was written by an earlier run."""
        row = self.db.execute(
            "SELECT 1 FROM shards WHERE path = ? AND key = ? AND size = ? AND mtime_ns = ?",
            (stamp.path, key, stamp.size, stamp.mtime_ns),
        ).fetchone()
        return row is not None

    def mark_shard(self, stamp: InputStamp, key: str) -> None:
        """Record a part of a file as written, in the same transaction as its articles."""
        self._pending_shards.append((stamp, key))
        self.flush()

    # -- writes ------------------------------------------------------------------
    def add(self, article: Article) -> None:
        """Queue an article for the next batch write."""
        self._pending.append(article)
        if len(self._pending) >= self.batch_size:
            self.flush()

    def add_error(self, path: str | None, member: str | None, url: str | None, stage: str, code: str, message: str) -> None:
        """Queue a failed document's error record (existing files' paths made absolute, as in ``sources``).

        Errors are written a batch at a time, like articles: a file of bad lines
        never piles up in memory.
        """
        if path and os.path.exists(path):
            path = os.path.abspath(path)
        self._pending_errors.append((self.run_id, path, member, url, stage, code, message))
        if len(self._pending_errors) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write queued articles, errors and finished inputs in one transaction."""
        if not (self._pending or self._pending_errors or self._pending_sources or self._pending_shards):
            return
        try:
            with transaction(self.db):
                for article in self._pending:
                    self._upsert(article)
                # A file read again replaces the errors earlier runs recorded for it (files
                # only: an upload's name may be shared by unrelated uploads).
                reread = {error[1] for error in self._pending_errors if error[1] and os.path.isabs(error[1])}
                reread.update(stamp.path for stamp, _, _ in self._pending_sources)
                self.db.executemany(
                    "DELETE FROM errors WHERE path = ? AND run_id IS NOT ?", [(path, self.run_id) for path in sorted(reread)]
                )
                self.db.executemany(
                    "INSERT INTO errors(run_id, path, member, url, stage, code, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    self._pending_errors,
                )
                self.db.executemany(
                    "INSERT OR REPLACE INTO sources(path, size, mtime_ns, articles, failures, run_id, finished)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(s.path, s.size, s.mtime_ns, a, f, self.run_id, _now()) for s, a, f in self._pending_sources],
                )
                self.db.executemany(
                    "INSERT OR REPLACE INTO shards(path, size, mtime_ns, key, run_id) VALUES (?, ?, ?, ?, ?)",
                    [(s.path, s.size, s.mtime_ns, key, self.run_id) for s, key in self._pending_shards],
                )
        except sqlite3.Error as e:
            raise StoreError(f"cannot write to {self.path}: {e}") from e
        finally:
            # Written or rolled back, the batch is done with: a failed one is not retried.
            self._pending.clear()
            self._pending_errors.clear()
            self._pending_sources.clear()
            self._pending_shards.clear()

    def changed(self, article: Article) -> bool:
        """Whether storing ``article`` would change the store (new id or new content)."""
        row = self.db.execute("SELECT digest FROM articles WHERE id = ?", (article.id,)).fetchone()
        pending = any(a.id == article.id for a in self._pending)
        return pending or row is None or row["digest"] != digest(article)

    def _medium(self, name: str | None) -> int | None:
        if not name:
            return None
        self.db.execute("INSERT OR IGNORE INTO media(name, norm) VALUES (?, ?)", (name, normalize(name)))
        return int(self.db.execute("SELECT id FROM media WHERE name = ?", (name,)).fetchone()[0])

    def _upsert(self, article: Article) -> None:
        record = article.to_json()
        values = {
            "id": article.id,
            "digest": _digest_of(record),  # the same JSON once, not serialised again
            "path": article.source.path,
            "url": article.source.url,
            "format": article.source.format,
            "title": article.title,
            "lang": article.lang,
            "published": article.published,
            "site_id": self._medium(article.site),
            "outlet_id": self._medium(article.outlet),
            "record": record,
            "run_id": self.run_id,
            "ingested": _now(),
        }
        columns = ", ".join(values)
        updates = ", ".join(f"{c} = excluded.{c}" for c in values if c != "id")
        marks = ", ".join(f":{c}" for c in values)
        rowid = self.db.execute(
            f"INSERT INTO articles({columns}) VALUES ({marks}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates} RETURNING rowid",
            values,
        ).fetchone()[0]
        self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
        self.db.execute(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)",
            (rowid, index_form(article.title), index_form(article.text)),
        )
        derived.write(self.db, article)

    # -- reads -------------------------------------------------------------------
    def get(self, article_id: str) -> Article | None:
        """The stored record with this id (or a unique id prefix), or None."""
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and len(article_id) >= 4:
            prefix = article_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = self.db.execute(
                "SELECT record FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (prefix + "%",)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return Article.from_json(row["record"]) if row else None

    def articles(self) -> Iterator[Article]:
        """Every stored article, in ingest order, streamed."""
        for row in self.db.execute("SELECT record FROM articles ORDER BY rowid"):
            yield Article.from_json(row["record"])

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search(
        self, query: str, limit: int = 10, offset: int = 0, entity_ids: Sequence[str] | None = None,
        limits: SearchLimits | None = None, seconds: float | None = None,
    ) -> list[SearchHit]:
        """Articles matching ``query``, best first (bm25, title weighted twice the body).

        ``entity_ids`` keeps only articles that mention one of these entities; with
        an empty query, those articles are listed newest first. A query past
        ``limits`` raises :class:`~marsad.errors.QueryTooComplex`; one that runs
        past ``seconds`` is stopped with :class:`~marsad.errors.QueryTimeout`.
        """
        token = LIMITS.set(limits or LIMITS.get())
        try:
            if parse_query(query) is None and not entity_ids:
                return []
            with time_budget(self.db, seconds):
                return find_articles(self.db, query or None, entity_ids or None, limit=limit, offset=offset).hits
        finally:
            LIMITS.reset(token)

    def errors(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Error records, of one run or of all runs."""
        sql = "SELECT run_id, path, member, url, stage, code, message FROM errors"
        rows = self.db.execute(sql + (" WHERE run_id = ?" if run_id else "") + " ORDER BY id", (run_id,) if run_id else ())
        return [dict(row) for row in rows]
