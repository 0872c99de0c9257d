"""HTTP API and web interface over a marsad store (needs the ``server`` extra)."""

from marsad.api.app import create_app

__all__ = ["create_app"]
