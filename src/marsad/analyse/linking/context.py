"""Context words around a name: media triggers, role phrases and their blockers (all from data files)."""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from marsad import data
from marsad.analyse.linking.keys import Word, name_key
from marsad.analyse.linking.registry import Registry

COUNTERPART = "counterpart"
DEFAULT_ROLE = "head_of_state"
# A dateline before a credit in parentheses: «عمّان - (», «رام الله (», «باريس، (».
_DATELINE_OPEN = re.compile(r"^\s*[^\s()]+(?:[\s\-\u2013\u2014]+[^\s()]+){0,3}\s*[-\u2013\u2014:،,]?\s*\(\s*$")
_CREDIT_CLOSE = re.compile(r"\s*\)")
_DATELINE_REACH = 60  # characters: a dateline credit opens the text


@lru_cache(maxsize=1)
def media_triggers() -> frozenset[tuple[str, ...]]:
    """Keys of words that introduce a medium's name («صحيفة», «وكالة أنباء»)."""
    return frozenset(name_key(line) for line in data.word_list("entities/media_triggers.txt"))


@lru_cache(maxsize=1)
def role_phrases() -> dict[tuple[str, ...], str]:
    """Role phrase key → role name («وزير الخارجية» → foreign_minister)."""
    lines = data.word_list("entities/role_phrases.tsv")
    return {name_key(row["phrase"]): row["role"] for row in csv.DictReader(lines, delimiter="\t")}


@lru_cache(maxsize=1)
def role_blockers() -> frozenset[str]:
    """Keys of words that make a role phrase name a former or future holder («السابق»)."""
    return frozenset(" ".join(name_key(line)) for line in data.word_list("entities/role_blockers.txt"))


@lru_cache(maxsize=1)
def _longest_trigger() -> int:
    return max((len(k) for k in media_triggers()), default=1)


@lru_cache(maxsize=1)
def _role_starts() -> tuple[int, frozenset[str]]:
    """Words in the longest role phrase, and the first words of all of them."""
    phrases = role_phrases()
    return max((len(k) for k in phrases), default=1), frozenset(k[0] for k in phrases if k)


def _word_keys(word: Word) -> set[str]:
    return {key for _, key in word.variants}


def trigger_before(words: list[Word], index: int, text: str) -> bool:
    """Whether a media trigger ends right before ``words[index]`` (quotes may sit between)."""
    if index == 0:
        return False
    for size in range(_longest_trigger(), 0, -1):
        first = index - size
        if first < 0:
            continue
        chunk = words[first:index]
        if any(not w.joined for w in chunk[1:]):
            continue
        gap = text[chunk[-1].end : words[index].start]
        if gap.strip(" \t\u00a0\"'«»“”‘’„") or len(gap) > 4:
            continue
        rest = tuple(w.key for w in chunk[1:])
        if any((key, *rest) in media_triggers() for key in _word_keys(chunk[0])):
            return True
    return False


def dateline_credit(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the credit of a dateline: «عمّان - (بترا) -», «باريس (AFP) -»."""
    if start > _DATELINE_REACH or not _CREDIT_CLOSE.match(text, end):
        return False
    return bool(_DATELINE_OPEN.match(text[:start]))


def leading_trigger(key: tuple[str, ...]) -> int:
    """Number of leading words of a name key that are a media trigger («صحيفة الشرق الأوسط» → 1)."""
    for size in range(len(key) - 1, 0, -1):
        if key[:size] in media_triggers():
            return size
    return 0


def parse_role(key: tuple[str, ...], registry: Registry) -> tuple[str, str, int] | None:
    """``(role, country, words used)`` of a role phrase at the start of ``key``, or None.

    «الرئيس التركي» → ``("head_of_state", "TR", 2)``; for «نظيره التركي» the role is
    ``counterpart``, to be resolved against the role holders mentioned before it.
    """
    longest, starts = _role_starts()
    if not key or key[0] not in starts:
        return None  # no role phrase starts with this word
    phrases = role_phrases()
    for size in range(min(longest, len(key) - 1), 0, -1):
        role = phrases.get(key[:size])
        if role is None:
            continue
        for extent in (2, 1):
            country_key = key[size : size + extent]
            if len(country_key) < extent:
                continue
            country = registry.country_of(country_key)
            if country:
                after = key[size + extent : size + extent + 1]
                if after and after[0] in role_blockers():
                    return None
                return role, country, size + extent
        return None
    return None


def role_holder(role: str, country: str, registry: Registry, date: str | None, previous: list[str]) -> str | None:
    """Registry id holding ``role:country`` on ``date``; ``counterpart`` copies the last role seen."""
    if role == COUNTERPART:
        role = DEFAULT_ROLE
        for entity_id in reversed(previous):
            held = [r for r in registry.roles_of(entity_id, date) if not r.endswith(":" + country)]
            if held:
                role = held[0].split(":", 1)[0]
                break
    return registry.holder(f"{role}:{country}", date)
