"""Request dependencies: a read-only store connection per request, the write token."""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request


def open_readonly(path: str) -> sqlite3.Connection:
    """A read-only connection to the store at ``path`` (usable from any thread)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def get_db(request: Request) -> Iterator[sqlite3.Connection]:
    """The store, opened read-only for the length of one request."""
    db = open_readonly(request.app.state.db_path)
    try:
        yield db
    finally:
        db.close()


Db = Annotated[sqlite3.Connection, Depends(get_db)]


def require_token(request: Request) -> None:
    """Refuse (403) unless the app has a token and the request carries it as a bearer token."""
    token: str | None = request.app.state.token
    if not token:
        raise HTTPException(403, "read-only: the server was started without a token")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(403, "a valid bearer token is required")
