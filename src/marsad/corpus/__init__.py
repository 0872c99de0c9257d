"""Cross-article work over a store: near-duplicate copies and story clustering."""

from __future__ import annotations

from typing import Any


def update_corpus(store: Any) -> dict[str, int]:
    """Bring copies, then stories, up to date with the stored articles; returns counts."""
    from marsad.corpus.copies import update_copies
    from marsad.corpus.stories import update_stories

    flush = getattr(store, "flush", None)
    if flush is not None:
        flush()
    counts = update_copies(store)
    counts.update(update_stories(store))
    return counts
