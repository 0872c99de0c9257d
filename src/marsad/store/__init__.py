"""The embedded SQLite store: batched upserts, Arabic-aware full-text search, and every read model."""

from marsad.store.articles import SearchHit
from marsad.store.reads import StoreReads
from marsad.store.sqlite import DEFAULT_PATH, Store

__all__ = ["DEFAULT_PATH", "SearchHit", "Store", "StoreReads"]
