"""Words that are mostly not names, learned from unlabelled news, and what marsad's MISC leaves out.

``data/ar/name_rates.tsv.gz`` (built by ``scripts/build_name_rates.py``) holds, for
words as written (diacritics and tatweel removed, hamza, alef maqsura and taa
marbuta kept), how often they occur in the unlabelled news and how often the
tagger, reading them in context, put them inside a name. «بأنه» is almost never
part of a name, while «بانه» (the Iranian town) is a different written word: the
written hamza tells them apart although both normalise to «بانه».

A word is *common* when it is seen often enough and is almost never inside a name,
or when it is a noun by its use: written without the article, it is also found
often with it (``data/ar/lexicon.tsv.gz``: «المشهد» is a quarter as frequent as
«مشهد» or more, while «المصر» or «الكيري» never occur), so «مشهد», «قصر» and
«مالي» read as "scene", "palace" and "financial" unless something says otherwise.
A registry or gazetteer match made only of common words needs the tagger's or the
context's support; a single-word tagged entity that is a very common word or a
word that is practically never a name by itself («قصر»), and very common words at
the edges of a tagged entity («على» before a name, a verb after it), are dropped.

``data/ar/not_entities.txt`` lists what marsad never reports as an entity even
when ANERcorp's MISC includes it: currencies, «الله» and religious terms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad import data
from marsad.analyse.linking.keys import word_key
from marsad.lru import WORDS
from marsad.text.normalize import normalize

# Removed: harakat, tanwin, shadda, sukun, dagger alef, Quranic marks, tatweel, bidi marks.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u00ad]")
# A word seen this often that the tagger put inside a name at most this often is common.
MIN_COUNT = 30
COMMON_RATE = 0.15
# Stricter, to drop a word the tagger itself tagged, or to trim it off a name's edge.
VERY_COMMON_COUNT = 200
VERY_COMMON_RATE = 0.03
# A word seen this often that the tagger made a one-word name by itself at most this often
# is not a name alone («قصر» stands in «قصر الاتحادية», never by itself).
ALONE_MIN_COUNT = 100
ALONE_RATE = 0.01
# A word without the article is a noun when its form with the article is at least this
# frequent relative to it, both counted in the lexicon, the bare form seen this often.
ARTICLE_SHARE = 0.25
ARTICLE_MIN_COUNT = 50
# The definite article, as written and normalised.
ARTICLE = "ال"


def written(surface: str) -> str:
    """A word as written, without diacritics or tatweel; Latin case-folded. Hamza stays."""
    return _MARKS.sub("", surface).casefold()


@lru_cache(maxsize=1)
def rates() -> dict[str, tuple[int, float, float]]:
    """Written word -> (count in the unlabelled news, share inside a name, share that is a one-word name)."""
    try:
        lines = data.word_list("ar/name_rates.tsv.gz")
    except FileNotFoundError:
        return {}
    table = {}
    for line in lines:
        word, count, rate, alone = line.split("\t")
        table[word] = (int(count), float(rate), float(alone))
    return table


def _rate(surface: str, min_count: int) -> float | None:
    """The share of ``surface`` inside a name, or None when it was not seen ``min_count`` times."""
    found = rates().get(written(surface))
    if found is None or found[0] < min_count:
        return None
    return found[1]


def takes_article(norm: str) -> bool:
    """Whether a normalised word without «ال» is also used often with it (a noun: «مشهد», «قصر»)."""
    if norm.startswith(ARTICLE):
        return False
    lexicon = data.counts("ar/lexicon.tsv.gz")
    bare = lexicon.get(norm, 0)
    return bare >= ARTICLE_MIN_COUNT and lexicon.get(ARTICLE + norm, 0) >= ARTICLE_SHARE * bare


@lru_cache(maxsize=WORDS)
def is_common(surface: str) -> bool:
    """Whether a written word is mostly not a name: «بأنه», «المسيلة», «مشهد», «مدينة»."""
    rate = _rate(surface, MIN_COUNT)
    return (rate is not None and rate <= COMMON_RATE) or takes_article(normalize(surface))


@lru_cache(maxsize=WORDS)
def is_very_common(surface: str) -> bool:
    """Whether a written word is frequent and practically never part of a name («على», «الأمان»)."""
    rate = _rate(surface, VERY_COMMON_COUNT)
    return rate is not None and rate <= VERY_COMMON_RATE


@lru_cache(maxsize=WORDS)
def never_alone(surface: str) -> bool:
    """Whether a written word is frequent and practically never a one-word name by itself («قصر», «مدينة»)."""
    found = rates().get(written(surface))
    return found is not None and found[0] >= ALONE_MIN_COUNT and found[2] <= ALONE_RATE


@lru_cache(maxsize=1)
def not_entities() -> frozenset[str]:
    """Keys of the words marsad never reports as an entity on their own (currencies, «الله»...)."""
    return frozenset(word_key(normalize(w)) for w in data.word_list("ar/not_entities.txt"))


def excluded(key: tuple[str, ...], label: str) -> bool:
    """Whether marsad drops a mention with this key (``linking.keys.name_key``) and label.

    Dropped: a mention made only of ``not_entities`` words, and a MISC mention that
    starts with one («الدولار الأمريكي», «الله أكبر»).
    """
    words = not_entities()
    if not key:
        return False
    return all(k in words for k in key) or (label == "MISC" and key[0] in words)
