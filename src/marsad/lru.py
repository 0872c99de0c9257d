"""Bounds of marsad's per-word caches, and a small LRU dict for memos that need one.

News keeps bringing new words (names, transliterations, typos, clitic forms), so a
cache keyed by a word must be bounded or the memory of a long run grows with every
article. Two sizes serve every such cache:

- ``WORDS`` for light entries (a word's normal form, stem, key, a flag or a short
  tuple: about 200-300 bytes each with the cache's own overhead);
- ``FEATURES`` for heavy entries (a word's CRF feature tuples: several kilobytes).

On 6,000 real articles (1.56 million tokens, 117,000 distinct written words), an LRU
of 50,000 words answers 90.3% of lookups and an unbounded one 92.5%; one of 20,000,
83.6%. A miss only recomputes what was cached, so results never depend on the sizes.
``caches()`` lists every bounded cache marsad holds, for the tests.
"""

from __future__ import annotations

import sys
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from typing import Generic, TypeVar

WORDS = 50_000
FEATURES = 20_000

K = TypeVar("K")
V = TypeVar("V")

_instances: weakref.WeakSet[LRU[object, object]] = weakref.WeakSet()


class LRU(Generic[K, V]):
    """A dict of at most ``maxsize`` entries that forgets the least recently used one."""

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError("an LRU holds at least one entry")
        self.maxsize = maxsize
        self._data: OrderedDict[K, V] = OrderedDict()
        _instances.add(self)  # type: ignore[arg-type]

    def get(self, key: K) -> V | None:
        """The value of ``key`` (now the most recently used), or None."""
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key``, forgetting the least recently used entry when full."""
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self.maxsize:
            self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data


def caches() -> Iterator[tuple[str, int | None, int]]:
    """(name, bound, entries) of every cache in marsad's loaded modules and of every live LRU.

    Function caches (``functools.lru_cache``/``cache``) are found on the modules'
    functions and on their classes' methods; a bound of None means unbounded.
    """
    seen: set[int] = set()
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("marsad") or module is None:
            continue
        for owner_name, owner in _owners(module):
            for name, value in list(vars(owner).items()):
                info = getattr(value, "cache_info", None)
                if info is None or id(value) in seen or not callable(info):
                    continue
                seen.add(id(value))
                stats = info()
                yield f"{owner_name}.{name}", stats.maxsize, stats.currsize
    for lru in list(_instances):
        yield f"LRU@{id(lru):x}", lru.maxsize, len(lru)


def _owners(module: object) -> Iterator[tuple[str, object]]:
    name = getattr(module, "__name__", "?")
    yield name, module
    for attr, value in list(vars(module).items()):
        if isinstance(value, type) and value.__module__ == name:
            yield f"{name}.{attr}", value
