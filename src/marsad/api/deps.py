"""Request dependencies: the store opened read-only for each request, within a time budget; the write token."""

from __future__ import annotations

import asyncio
import hmac
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.errors import UsageError
from marsad.store.budget import DEFAULT_SECONDS
from marsad.store.reads import StoreReads
from marsad.store.search import LIMITS, SearchLimits

# How often a request's client is checked for having gone (seconds).
DISCONNECT_POLL = 0.2


@dataclass(frozen=True)
class ServeLimits:
    """What one request may cost: the search limits and the time budget of its queries (seconds)."""

    search: SearchLimits = field(default_factory=SearchLimits)
    seconds: float | None = DEFAULT_SECONDS


async def _watch(request: Request, gone: threading.Event) -> None:
    """Set ``gone`` when the client disconnects, so the queries it asked for stop."""
    while not gone.is_set():
        if await request.is_disconnected():
            gone.set()
            return
        await asyncio.sleep(DISCONNECT_POLL)


async def read_store(request: Request) -> AsyncIterator[StoreReads]:
    """The store, opened read-only for the length of one request, its queries within the budget.

    A query over the request's budget, or still running when the client leaves,
    is stopped inside SQLite; the request then answers 422 with the limit named.
    The request's search limits apply to every query parsed while it is served.
    """
    limits: ServeLimits = getattr(request.app.state, "limits", None) or ServeLimits()
    store = await run_in_threadpool(StoreReads.open_readonly, request.app.state.db_path)
    gone = threading.Event()
    # Watching reads the request's messages: only where no body is left for the route to read.
    watcher = asyncio.create_task(_watch(request, gone)) if request.method in ("GET", "HEAD") else None
    token = LIMITS.set(limits.search)
    try:
        with store.within(limits.seconds, gone):
            yield store
    finally:
        LIMITS.reset(token)
        if watcher is not None:
            watcher.cancel()
        store.close()


ReadStore = Annotated[StoreReads, Depends(read_store)]

REFUSED = 422
DAY_FORMAT = "day must be YYYY-MM-DD"  # the refusal of a malformed day, by /api/summary and the home page
MAX_OFFSET = 1_000_000  # results skipped by a page of results: deeper pages are refused (422)
# A page's offset, bounded so that no request hands SQLite a number it cannot hold.
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Results to skip.")]


async def refused(request: Request, exc: Exception) -> Response:
    """A request refused by a limit (query too complex, over its budget): 422 naming it.

    JSON (``detail`` and ``code``) under /api; elsewhere the app's own error page.
    """
    message, code = (exc.message, exc.code) if isinstance(exc, UsageError) else (str(exc), UsageError.code)
    if not request.url.path.startswith("/api"):
        handler = request.app.exception_handlers.get(StarletteHTTPException)
        if handler is not None:
            response: Response = await handler(request, StarletteHTTPException(REFUSED, message))
            return response
    return JSONResponse({"detail": message, "code": code}, status_code=REFUSED)


def require_token(request: Request) -> None:
    """Refuse (403) unless the app has a token and the request carries it as a bearer token."""
    token: str | None = request.app.state.token
    if not token:
        raise HTTPException(403, "read-only: the server was started without a token")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(403, "a valid bearer token is required")
