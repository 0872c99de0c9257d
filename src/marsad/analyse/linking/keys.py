"""Matching keys for names: normalised words without the article «ال», clitics tried on text words.

«وأردوغان», «أردوغان» and «اردوغان» share the key ``("اردوغان",)``; «الشرق الأوسط» and
«للشرق الأوسط» share ``("شرق", "اوسط")``. Latin names are case- and accent-folded, so
"Erdoğan" and "erdogan" agree. Keys are for lookups only; spans always point at the
original text. The keys themselves are computed in :mod:`marsad.text.name_keys`; this
module adds the clitic readings of text words that the linker tries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad import data
from marsad.lru import WORDS
from marsad.text.name_keys import ARABIC, ARTICLE, is_word, name_key, word_key
from marsad.text.normalize import normalize, normalize_with_map
from marsad.text.tokens import Token, tokenize

# The keys of names live in marsad.text.name_keys (the store reads them too); linking imports them from here.
__all__ = ["Word", "clitic_prefixes", "folded", "name_key", "word_key", "words"]

# Characters that may sit between two words of one name («جان-نويل», "Thomas-Greenfield").
_JOINERS = frozenset(" \t\u00a0-\u2010\u2011'’")


@lru_cache(maxsize=1)
def clitic_prefixes() -> tuple[str, ...]:
    """Normalised proclitic prefixes, longest first."""
    return tuple(sorted(data.word_list("ar/clitics.txt"), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the text with its key, its clitic-stripped variants and the gap before it."""

    start: int
    end: int
    key: str
    variants: tuple[tuple[int, str], ...]  # (characters of the original to skip, key) per prefix reading
    joined: bool  # only whitespace or a hyphen between this word and the previous one


def _clitic_length(prefix: str) -> int:
    """Letters of a stripped prefix that are clitics: the article of «وال» stays in the name."""
    if prefix.endswith(ARTICLE) and prefix != "لل":
        return len(prefix) - len(ARTICLE)
    return len(prefix)


def _variants(token: Token) -> tuple[tuple[int, str], ...]:
    """Readings of a word with a clitic prefix removed, each with its offset in the original word."""
    return _readings(token.text, token.norm)


@lru_cache(maxsize=WORDS)
def _readings(text: str, norm: str) -> tuple[tuple[int, str], ...]:
    """``_variants`` of a word written ``text`` whose normal form is ``norm`` (words repeat a lot)."""
    readings: list[tuple[int, str]] = [(0, word_key(norm))]
    if not ARABIC.search(norm):
        return tuple(readings)
    prefixes = [p for p in clitic_prefixes() if norm.startswith(p) and len(norm) - len(p) >= 2]
    if not prefixes:
        return tuple(readings)
    mapped = normalize_with_map(text)
    for prefix in prefixes:
        skip = mapped.original_span(_clitic_length(prefix), len(mapped.text))[0]
        key = word_key(norm[len(prefix) :])
        if all(key != k for _, k in readings):
            readings.append((skip, key))
    return tuple(readings)


def words(text: str) -> list[Word]:
    """The words of ``text`` in order, each with its key and prefix readings."""
    result: list[Word] = []
    previous_end = 0
    for token in tokenize(text):
        if not is_word(token):
            continue
        gap = text[previous_end : token.start]
        joined = bool(result) and all(c in _JOINERS for c in gap) and gap.count("-") <= 1
        result.append(Word(token.start, token.end, word_key(token.norm), _variants(token), joined))
        previous_end = token.end
    return result


def folded(text: str) -> str:
    """Normalised text for display-independent comparisons (search helpers)."""
    return normalize(text).strip()
