"""The shipped registry of news outlets: slugs, Arabic and English names, other spellings.

``data/outlets.tsv`` lists outlets by the slug the store keeps as their id (for
example ``aawsat``), with an Arabic and an English display name and other
spellings. Extraction reads it to tell an outlet's name from other short lines; the
store and the pages to show display names and to resolve filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.text.normalize import normalize


@dataclass(frozen=True)
class Outlet:
    """A known outlet: its slug (the id), Arabic and English names, other spellings."""

    slug: str
    ar: str
    en: str
    aliases: tuple[str, ...] = ()


_INITIALS_DOTS = re.compile(r"\s*[.·]\s*")


def name_key(name: str) -> str:
    """A name as the registry compares it: quotes stripped, normalised, case-folded, and the dots
    of initials read as spaces («أ.ش.أ» is «أ ش أ»)."""
    return " ".join(_INITIALS_DOTS.sub(" ", normalize(name.strip().strip("«»\"'"))).split()).casefold()


class OutletRegistry:
    """Outlets by slug and by any of their names (normalised, case-folded)."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self._by_key: dict[str, Outlet] = {}
        for outlet in outlets:  # a slug wins over a name another outlet also uses
            self._by_key.setdefault(name_key(outlet.slug), outlet)
        for outlet in outlets:
            for name in (outlet.ar, outlet.en, *outlet.aliases):
                self._by_key.setdefault(name_key(name), outlet)

    def find(self, name: str | None) -> Outlet | None:
        """The outlet a slug or name stands for, or None."""
        return self._by_key.get(name_key(name)) if name else None

    def display(self, name: str | None, lang: str = "ar") -> str | None:
        """The outlet's name in ``lang`` (``ar`` or ``en``), or ``name`` itself when unknown."""
        found = self.find(name)
        if found is None:
            return name
        return found.en if lang == "en" else found.ar


@lru_cache(maxsize=1)
def registry() -> OutletRegistry:
    """The shipped outlet registry (read once)."""
    text = resources.files("marsad.data").joinpath("outlets.tsv").read_text(encoding="utf-8")
    outlets = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        slug, ar, en, *rest = (line.split("\t") + [""])[:4]
        aliases = tuple(a.strip() for a in (rest[0] if rest else "").split("|") if a.strip())
        outlets.append(Outlet(slug.strip(), ar.strip(), en.strip(), aliases))
    return OutletRegistry(outlets)
