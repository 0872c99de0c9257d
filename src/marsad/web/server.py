"""Run the API and web interface with uvicorn (``marsad serve``), in one process or several."""

from __future__ import annotations

import json
import os
from dataclasses import asdict

import uvicorn
from fastapi import FastAPI

from marsad.api.deps import ServeLimits
from marsad.store.search import SearchLimits
from marsad.web.app import create_app

# How the parent hands the settings to worker processes (they import the app anew).
SETTINGS_VARIABLE = "MARSAD_SERVE_SETTINGS"


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          limits: ServeLimits | None = None, workers: int = 1) -> None:
    """Serve the store at ``db`` on ``host:port``; ``token`` enables POST /api/ingest; queries within ``limits``.

    With ``workers`` > 1, uvicorn runs that many processes on the same socket:
    the pages' Python work (templates, snippets, JSON) then uses more than one core.
    """
    if workers <= 1:
        uvicorn.run(create_app(db, token, limits), host=host, port=port, log_level="info",
                    server_header=False, proxy_headers=False)
        return
    limits = limits or ServeLimits()
    # The workers are spawned (and respawned) from this process's environment, so the settings
    # stay in it while uvicorn runs; each worker takes them out of its own at once (see
    # app_from_environment), so nothing a worker starts inherits the write token.
    os.environ[SETTINGS_VARIABLE] = json.dumps({"db": db, "token": token, "seconds": limits.seconds,
                                                "search": asdict(limits.search)})
    try:
        uvicorn.run("marsad.web.server:app_from_environment", factory=True, workers=workers, host=host, port=port,
                    log_level="info", server_header=False, proxy_headers=False)
    finally:
        os.environ.pop(SETTINGS_VARIABLE, None)


def app_from_environment() -> FastAPI:
    """The app of one worker process, built from the settings its parent left in the environment;
    they (the write token with them) leave this process's environment as they are read."""
    settings = json.loads(os.environ.pop(SETTINGS_VARIABLE))
    limits = ServeLimits(SearchLimits(**settings["search"]), settings["seconds"])
    return create_app(settings["db"], settings["token"], limits)
