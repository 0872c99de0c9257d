"""The FastAPI application: JSON API under /api, web pages at /, strict headers everywhere.

It lives with the pages, above the API: the pages read the API's request dependencies,
and nothing in the API reads the pages.
"""

from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI

from marsad.analyse.linking.registry import registry
from marsad.api import (
    routes_articles,
    routes_desk,
    routes_entities,
    routes_ingest,
    routes_statements,
    routes_stories,
)
from marsad.api.deps import ServeLimits, refused
from marsad.api.security import SecurityHeaders
from marsad.errors import StoreError, UsageError
from marsad.outlets import registry as outlets
from marsad.store import Store
from marsad.text.tokens import stems
from marsad.web import pages

log = logging.getLogger(__name__)


def _prepare_store(db_path: str) -> None:
    """Create the store or bring its schema up to date, so requests can open it read-only."""
    try:
        # Opening a writable store creates or upgrades its tables; a read-only one is
        # served as it is; a file that is not a marsad store raises ForeignStore.
        Store(db_path, readonly=None).close()
    except (StoreError, sqlite3.Error) as e:
        log.warning("cannot update the schema of %s (%s); serving it as it is", db_path, e)


def _warm() -> None:
    """Load what requests share (lexicon, entity and outlet registries, templates) once, before serving.

    Loaded lazily instead, the first burst of concurrent requests would each build
    them at once (the caches hold a value only once it is built), and all wait.
    """
    stems("والمصريين")
    registry()
    outlets()
    env = pages.environment()
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


def create_app(db_path: str, token: str | None = None, limits: ServeLimits | None = None) -> FastAPI:
    """The marsad web app over the store at ``db_path``; writes only with ``token``; queries within ``limits``."""
    _prepare_store(db_path)
    _warm()
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
    app.state.limits = limits or ServeLimits()
    for module in (routes_articles, routes_desk, routes_entities, routes_stories, routes_statements,
                   routes_ingest):
        app.include_router(module.router)
    pages.install(app)
    app.add_exception_handler(UsageError, refused)  # after the pages' handlers: refusals use their error page
    app.add_middleware(SecurityHeaders)
    return app
