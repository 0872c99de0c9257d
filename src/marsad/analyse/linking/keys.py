"""Matching keys for names: normalised words without the article «ال», clitics tried on text words.

«وأردوغان», «أردوغان» and «اردوغان» share the key ``("اردوغان",)``; «الشرق الأوسط» and
«للشرق الأوسط» share ``("شرق", "اوسط")``. Latin names are case- and accent-folded, so
"Erdoğan" and "erdogan" agree. Keys are for lookups only; spans always point at the
original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from marsad import data
from marsad.lru import WORDS
from marsad.text.normalize import normalize, normalize_with_map
from marsad.text.tokens import MIN_STEM, Token, tokenize

_ARTICLE = "ال"
_ARABIC = re.compile("[\u0600-\u06ff]")
# Characters that may sit between two words of one name («جان-نويل», "Thomas-Greenfield").
_JOINERS = frozenset(" \t\u00a0-\u2010\u2011'’")


@lru_cache(maxsize=1)
def clitic_prefixes() -> tuple[str, ...]:
    """Normalised proclitic prefixes, longest first."""
    return tuple(sorted(data.word_list("ar/clitics.txt"), key=len, reverse=True))


@lru_cache(maxsize=WORDS)
def word_key(norm: str) -> str:
    """Key of one normalised word: without the article «ال», Latin letters unaccented."""
    if not _ARABIC.search(norm):
        decomposed = unicodedata.normalize("NFKD", norm)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")
    # No lexicon stemming here: it would turn the alias «بانه» into «انه». Clitics are
    # tried explicitly on text words instead (see ``Word.variants``).
    base = norm
    if base.startswith(_ARTICLE) and len(base) - len(_ARTICLE) >= MIN_STEM:
        base = base[len(_ARTICLE) :]
    return base


def is_word(token: Token) -> bool:
    """Whether a token is a word or number (not punctuation)."""
    return any(c.isalnum() for c in token.norm)


@lru_cache(maxsize=WORDS)
def name_key(text: str) -> tuple[str, ...]:
    """Key of a name: the keys of its words, punctuation dropped."""
    return tuple(word_key(t.norm) for t in tokenize(text) if is_word(t))


def bare_key(text: str) -> str:
    """The key of a single word (or the joined key of a phrase) as one string."""
    return " ".join(name_key(text))


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
    if prefix.endswith(_ARTICLE) and prefix != "لل":
        return len(prefix) - len(_ARTICLE)
    return len(prefix)


def _variants(token: Token) -> tuple[tuple[int, str], ...]:
    """Readings of a word with a clitic prefix removed, each with its offset in the original word."""
    return _readings(token.text, token.norm)


@lru_cache(maxsize=WORDS)
def _readings(text: str, norm: str) -> tuple[tuple[int, str], ...]:
    """``_variants`` of a word written ``text`` whose normal form is ``norm`` (words repeat a lot)."""
    readings: list[tuple[int, str]] = [(0, word_key(norm))]
    if not _ARABIC.search(norm):
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
