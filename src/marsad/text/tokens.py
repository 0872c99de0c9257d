"""Tokens with offsets, and light clitic handling checked against a lexicon.

Arabic writes conjunctions (و ف), prepositions (ب ل ك) and the article (ال) as
prefixes of the next word: «وبإدلب» is "and in Idlib". For matching, a word is
reduced to its *stem*: the most frequent form among the word itself and the
forms left after removing each known prefix combination (``data/ar/clitics.txt``),
with frequencies from the shipped lexicon (``data/ar/lexicon.tsv.gz``). Because
the candidates of «وبإدلب» include those of «إدلب», both reduce to the same stem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from marsad import data
from marsad.lru import WORDS
from marsad.text.normalize import normalize

# A word: letters and digits, with Arabic combining marks and tatweel inside it.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
TOKEN = re.compile(rf"\d+(?:[.,٫٬]\d+)+|(?:[^\W_]|[{_MARKS}])+|\S")

# Stems shorter than this are never produced by stripping: «كان» must not become «ان».
MIN_STEM = 3


class Token(NamedTuple):
    """A token of the original text with its normalised form and stem.

    A named tuple rather than a frozen dataclass: articles have thousands of
    tokens and tuples are several times cheaper to build.
    """

    start: int
    end: int
    text: str
    norm: str
    stem: str

    @property
    def prefix(self) -> str:
        """The clitic prefix removed to reach the stem ('' when none)."""
        return self.norm[: len(self.norm) - len(self.stem)] if self.norm.endswith(self.stem) else ""


@lru_cache(maxsize=1)
def _prefixes() -> tuple[str, ...]:
    return tuple(sorted(data.word_list("ar/clitics.txt"), key=len))


def _lexicon() -> dict[str, int]:
    return data.counts("ar/lexicon.tsv.gz")


def _candidates(norm: str) -> Iterator[str]:
    yield norm
    for prefix in _prefixes():
        if norm.startswith(prefix) and len(norm) - len(prefix) >= MIN_STEM:
            yield norm[len(prefix) :]


@lru_cache(maxsize=WORDS)
def stem(norm: str) -> str:
    """Clitic-stripped form of an already normalised word (see module docstring).

    A word the lexicon does not know keeps its form, except that a prefix ending in
    the article («وال», «بال», «لل»...) is still removed: those cannot start a name.
    """
    lexicon = _lexicon()
    best, best_count = norm, lexicon.get(norm, 0)
    for candidate in _candidates(norm):
        count = lexicon.get(candidate, 0)
        if count > best_count:
            best, best_count = candidate, count
    if best_count == 0:
        for prefix in reversed(_prefixes()):
            if prefix.endswith(("ال", "لل")) and norm.startswith(prefix):
                rest = norm[len(prefix) :]
                if len(rest) >= MIN_STEM:
                    return rest
    return best


def known(norm: str) -> bool:
    """Whether a normalised word, or a clitic-stripped form of it, is in the lexicon."""
    return stem(norm) in _lexicon()


@lru_cache(maxsize=WORDS)
def _forms(surface: str) -> tuple[str, str]:
    """Normalised form and stem of one surface word (news vocabularies repeat a lot)."""
    norm = normalize(surface)
    return norm, stem(norm) if norm else norm


def tokenize(text: str) -> list[Token]:
    """Words, numbers and punctuation of ``text`` with offsets, normal forms and stems."""
    return [Token(m.start(), m.end(), m.group(), *_forms(m.group())) for m in TOKEN.finditer(text)]


def iter_tokens(text: str) -> Iterator[Token]:
    """The tokens of :func:`tokenize`, one at a time (for callers that stop early)."""
    for m in TOKEN.finditer(text):
        yield Token(m.start(), m.end(), m.group(), *_forms(m.group()))


def words(text: str | None) -> list[str]:
    """The normalised words of ``text``, in order (punctuation dropped)."""
    return WORD.findall(normalize(text or ""))


def stems(text: str) -> list[str]:
    """The stems of the words of ``text``, in order (punctuation dropped)."""
    return [stem(w) for w in words(text)]
