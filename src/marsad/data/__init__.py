"""Shipped resources: word lists, lexicons and trained models, read on first use.

Every reader here is called lazily (never at import) and caches its result for
the life of the process, so a worker loads each resource once.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources


def _open_text(relative: str) -> str:
    """Whole text of a shipped data file (``.gz`` files are decompressed)."""
    path = resources.files(__package__).joinpath(relative)
    raw = path.read_bytes()
    if relative.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


# Keyed by the shipped files' names: fewer than the bound.
@lru_cache(maxsize=64)
def word_list(relative: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a shipped list, stripped, in file order."""
    lines = (line.strip() for line in _open_text(relative).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=64)
def counts(relative: str) -> dict[str, int]:
    """A ``word<TAB>count`` file as a dict (comment lines skipped)."""
    table: dict[str, int] = {}
    for line in _open_text(relative).splitlines():
        if line and not line.startswith("#"):
            word, _, count = line.partition("\t")
            table[word] = int(count or 0)
    return table
