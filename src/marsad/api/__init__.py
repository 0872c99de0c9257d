"""The JSON API over a marsad store: its routers and request dependencies (needs the ``server`` extra).

The app that serves them with the web pages is built by :func:`marsad.web.app.create_app`.
"""
