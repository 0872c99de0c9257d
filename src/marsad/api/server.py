"""Run the API and web interface with uvicorn (``marsad serve``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.api.deps import ServeLimits


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          limits: ServeLimits | None = None) -> None:
    """Serve the store at ``db`` on ``host:port``; ``token`` enables POST /api/ingest; queries within ``limits``."""
    import uvicorn

    from marsad.api.app import create_app

    uvicorn.run(create_app(db, token, limits), host=host, port=port, log_level="info",
                server_header=False, proxy_headers=False)
