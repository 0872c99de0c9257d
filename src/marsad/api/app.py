"""The FastAPI application: JSON API under /api, web pages at /, strict headers everywhere."""

from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI

from marsad.api import (
    routes_articles,
    routes_desk,
    routes_entities,
    routes_ingest,
    routes_statements,
    routes_stories,
)
from marsad.api.security import SecurityHeaders

log = logging.getLogger(__name__)


def _prepare_store(db_path: str) -> None:
    """Create the store or bring its schema up to date, so requests can open it read-only."""
    from marsad.errors import StoreError
    from marsad.store import Store

    try:
        Store(db_path).close()  # opening a store creates or upgrades its tables
    except (StoreError, sqlite3.Error) as e:  # a read-only file: serve it as it is
        log.warning("cannot update the schema of %s (%s); serving it as it is", db_path, e)


def create_app(db_path: str, token: str | None = None) -> FastAPI:
    """The marsad web app over the store at ``db_path``; writes only with ``token``."""
    from marsad.web import pages

    _prepare_store(db_path)
    app = FastAPI(
        title="marsad",
        summary="Arabic news observatory: articles, entities, statements, copies and stories.",
        version="0.1.0",
        docs_url=None,  # Swagger UI loads scripts from a CDN: not under our CSP
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db_path = db_path
    app.state.token = token or None
    for module in (routes_articles, routes_desk, routes_entities, routes_stories, routes_statements,
                   routes_ingest):
        app.include_router(module.router)
    pages.install(app)
    app.add_middleware(SecurityHeaders)
    return app
