"""marsad: an Arabic-first news observatory.

``marsad.process(path_or_text)`` yields clean, analysed article records;
``marsad.open_store(path)`` opens the embedded store for queries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "open_store", "process"]

if TYPE_CHECKING:
    from marsad.library import open_store, process


def __getattr__(name: str) -> Any:
    # Imported on first use so that `import marsad` stays cheap (nothing loads at import).
    if name in ("process", "open_store"):
        from marsad import library

        return getattr(library, name)
    raise AttributeError(name)
