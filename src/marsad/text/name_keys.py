"""Matching keys of names: normalised words without the article «ال», Latin letters unaccented.

The linker looks names up by these keys, and the store indexes each mention by
the same key (so «وأردوغان»'s stored mentions are found from «اردوغان»): both
read them here, below analysis and the store alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from marsad.lru import WORDS
from marsad.text.tokens import MIN_STEM, Token, tokenize

ARTICLE = "ال"
ARABIC = re.compile("[\u0600-\u06ff]")


@lru_cache(maxsize=WORDS)
def word_key(norm: str) -> str:
    """Key of one normalised word: without the article «ال», Latin letters unaccented."""
    if not ARABIC.search(norm):
        decomposed = unicodedata.normalize("NFKD", norm)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")
    # No lexicon stemming here: it would turn the alias «بانه» into «انه». Clitics are
    # tried explicitly on text words instead (see ``marsad.analyse.linking.keys.Word``).
    base = norm
    if base.startswith(ARTICLE) and len(base) - len(ARTICLE) >= MIN_STEM:
        base = base[len(ARTICLE) :]
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
