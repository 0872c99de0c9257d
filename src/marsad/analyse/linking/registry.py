"""The registry of canonical entities: shipped TSV files, an alias index, roles and demonyms.

Files under ``data/entities/`` (``curated.tsv`` first, so its entities win ties, then the
generated ``countries.tsv`` and ``cities.tsv``) share one header: ``id, type, name_ar,
name_en, aliases, demonyms, roles, country, kind``. Everything is read on first use and
cached for the life of the process.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad import data
from marsad.analyse.linking.keys import name_key, words

FILES = ("entities/curated.tsv", "entities/countries.tsv", "entities/cities.tsv")
AMBIGUOUS_MARK = "~"
_PRIORITY = {"country": 1, "capital": 2, "city": 3}


@dataclass(frozen=True, slots=True)
class Role:
    """A role held over a period: ``head_of_state:RU`` from ``start`` to ``end`` (ISO, '' = open)."""

    key: str
    start: str = ""
    end: str = ""

    def active(self, date: str | None) -> bool:
        """Whether the role is held on ``date`` (today's holder when ``date`` is None)."""
        if not date:
            return not self.end
        return (not self.start or self.start <= date) and (not self.end or date < self.end)


@dataclass(frozen=True, slots=True)
class CanonicalEntity:
    """One canonical entity of the registry."""

    id: str
    type: str
    name_ar: str
    name_en: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    country: str = ""
    kind: str = ""

    @property
    def name(self) -> str:
        """Display name: Arabic when known, else English."""
        return self.name_ar or self.name_en or self.id


@dataclass(frozen=True, slots=True)
class Hit:
    """An entity an alias points to; ``ambiguous`` aliases need context to be matched in text."""

    id: str
    ambiguous: bool


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _role(value: str) -> Role:
    key, _, period = value.partition("@")
    start, _, end = period.partition("/")
    return Role(key.strip(), start.strip(), end.strip())


def _rows(relative: str) -> list[dict[str, str]]:
    """Rows of one registry file (comment lines skipped)."""
    raw = resources.files(data.__name__).joinpath(relative).read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


class Registry:
    """Canonical entities with lookups by alias key, role, demonym and id."""

    def __init__(self, entities: list[CanonicalEntity], ambiguous_words: frozenset[tuple[str, ...]] = frozenset()):
        self.entities: dict[str, CanonicalEntity] = {}
        self.aliases: dict[tuple[str, ...], list[Hit]] = defaultdict(list)
        self.roles: dict[str, list[tuple[Role, str]]] = defaultdict(list)
        self.demonyms: dict[tuple[str, ...], str] = {}
        self.by_country: dict[str, str] = {}
        for entity in entities:
            if entity.id in self.entities:
                continue
            self.entities[entity.id] = entity
            marked_keys = {name_key(a[1:]) for a in entity.aliases if a.startswith(AMBIGUOUS_MARK)}
            for alias in (entity.name_ar, entity.name_en, *entity.aliases):
                key = name_key(alias.lstrip(AMBIGUOUS_MARK))
                marked = key in marked_keys
                if not key:
                    continue
                hits = self.aliases[key]
                ambiguous = marked or key in ambiguous_words or sum(map(len, key)) <= 2
                if all(h.id != entity.id for h in hits):
                    hits.append(Hit(entity.id, ambiguous))
            for role in entity.roles:
                self.roles[role.key].append((role, entity.id))
            if entity.kind == "country" and entity.country:
                self.by_country.setdefault(entity.country, entity.id)
                for demonym in entity.demonyms:
                    self.demonyms.setdefault(name_key(demonym), entity.id)
        self.longest = max((len(k) for k in self.aliases), default=1)
        # First word of an alias → the most words an alias starting with it has (scans skip other words).
        self.starts: dict[str, int] = {}
        for k in self.aliases:
            self.starts[k[0]] = max(self.starts.get(k[0], 0), len(k))

    def lookup(self, key: tuple[str, ...]) -> list[Hit]:
        """Entities an alias key names, registry order (curated first)."""
        return self.aliases.get(key, [])

    def holder(self, role_key: str, date: str | None = None) -> str | None:
        """Id of whoever holds ``role_key`` on ``date`` (ISO; None: the current holder)."""
        active = [(role.start, entity_id) for role, entity_id in self.roles.get(role_key, []) if role.active(date)]
        return max(active)[1] if active else None

    def roles_of(self, entity_id: str, date: str | None = None) -> list[str]:
        """Role keys an entity holds on ``date``."""
        entity = self.entities.get(entity_id)
        return [role.key for role in entity.roles if role.active(date)] if entity else []

    def country_of(self, key: tuple[str, ...]) -> str | None:
        """ISO code of a demonym («التركي») or a country name («تركيا») key."""
        entity_id = self.demonyms.get(key)
        if entity_id is None and key and key[-1].endswith("ه"):
            # Feminine «التركية» → «التركي».
            entity_id = self.demonyms.get((*key[:-1], key[-1][:-1]))
        if entity_id is None:
            entity_id = next((h.id for h in self.lookup(key) if self.entities[h.id].kind == "country"), None)
        return self.entities[entity_id].country if entity_id else None

    def demonym_country(self, word: str) -> str | None:
        """Id of the country a demonym names: «تركي», «التركية», "Turkish" → Q43."""
        key = name_key(word)
        entity_id = self.demonyms.get(key)
        if entity_id is None and key and key[-1].endswith("ه"):
            entity_id = self.demonyms.get((*key[:-1], key[-1][:-1]))
        return entity_id

    def resolve(self, name_or_id: str) -> list[CanonicalEntity]:
        """Entities an id or a name (any alias, any spelling, any language) refers to."""
        query = name_or_id.strip()
        if query in self.entities:
            return [self.entities[query]]
        key = name_key(query.lstrip(AMBIGUOUS_MARK))
        hits = self.lookup(key)
        if not hits and key:
            # «وأردوغان»: try the first word without its clitic prefix.
            first = next(iter(words(query)), None)
            variants = first.variants[1:] if first else ()
            hits = next((self.lookup((v, *key[1:])) for _, v in variants if self.lookup((v, *key[1:]))), [])
        return [self.entities[hit.id] for hit in hits]


def _entity(row: dict[str, str]) -> CanonicalEntity:
    return CanonicalEntity(
        id=row["id"].strip(),
        type=(row.get("type") or "MISC").strip(),
        name_ar=(row.get("name_ar") or "").strip(),
        name_en=(row.get("name_en") or "").strip(),
        aliases=tuple(_split(row.get("aliases"))),
        demonyms=tuple(_split(row.get("demonyms"))),
        roles=tuple(_role(r) for r in _split(row.get("roles"))),
        country=(row.get("country") or "").strip(),
        kind=(row.get("kind") or "").strip(),
    )


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The shipped registry, loaded on first use."""
    entities = [_entity(row) for relative in FILES for row in _rows(relative) if row.get("id")]
    # Where names collide (القدس: Jerusalem and Qods), curated beats countries, capitals beat cities.
    entities.sort(key=lambda e: _PRIORITY.get(e.kind, 0))
    ambiguous = frozenset(name_key(word) for word in data.word_list("entities/ambiguous.txt"))
    return Registry(entities, ambiguous)


def resolve(name_or_id: str) -> list[CanonicalEntity]:
    """Canonical entities for ``--entity Erdogan``, ``--entity أردوغان`` or ``--entity Q39259``."""
    return registry().resolve(name_or_id)


def demonym_country(word: str) -> str | None:
    """Id of the country a demonym names («تركي» → Q43), or None."""
    return registry().demonym_country(word)
