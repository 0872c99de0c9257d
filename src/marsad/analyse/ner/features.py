"""Per-token signals for the NER tagger: normal form and stem, gazetteers, triggers, clusters.

``neural.py`` reads them through ``inputs.encode``; linking and document
consistency read the word and trigger helpers. Per token: the normalised form
and its clitic-stripped stem, script shape, the stem's frequency bucket in the
shipped lexicon, word-cluster ids (``data/ar/clusters.tsv.gz``; the stem's when
the word is unknown), gazetteer membership, multi-word entries included
(``data/ar/gazetteer_*.txt``), and the label a trigger word hints
(``data/ar/ner_triggers.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad import data
from marsad.lru import WORDS
from marsad.text.normalize import normalize
from marsad.text.tokens import stem as clitic_stem

GAZETTEERS = ("per", "loc", "org", "country", "city", "demonym")
MAX_GAZ_WORDS = 5
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[a-z]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Word:
    """What the features need of one token: its normal form and stem."""

    norm: str
    stem: str

    @property
    def prefix(self) -> str:
        """The clitic prefix removed to reach the stem ('' when none)."""
        return self.norm[: len(self.norm) - len(self.stem)] if self.norm.endswith(self.stem) else ""


@lru_cache(maxsize=WORDS)
def word(surface: str) -> Word:
    """Normal form and stem of one surface token."""
    return normal_word(normalize(surface))


@lru_cache(maxsize=WORDS)
def normal_word(norm: str) -> Word:
    """Normal form and stem of one normalised token."""
    return Word(norm, clitic_stem(norm) if _LETTER.search(norm) else norm)


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, ...]]:
    """Word → k-means cluster ids, finest level first (empty when the file is not shipped)."""
    try:
        lines = data.word_list("ar/clusters.tsv.gz")
    except FileNotFoundError:
        return {}
    table = {}
    for line in lines:
        w, ids, *_ = line.split("\t")
        table[w] = tuple(ids.split())
    return table


@lru_cache(maxsize=1)
def gazetteers() -> dict[str, dict[tuple[str, ...], str]]:
    """First word → {entry words: kind}, over every shipped gazetteer."""
    index: dict[str, dict[tuple[str, ...], str]] = {}
    for kind in GAZETTEERS:
        for entry in data.word_list(f"ar/gazetteer_{kind}.txt"):
            words = tuple(normalize(entry).split())
            if 0 < len(words) <= MAX_GAZ_WORDS:
                index.setdefault(words[0], {}).setdefault(words, kind)
    return index


@lru_cache(maxsize=1)
def triggers() -> dict[str, str]:
    """Normalised trigger word → the label it hints."""
    table = {}
    for line in data.word_list("ar/ner_triggers.tsv"):
        w, _, label = line.partition("\t")
        table[normalize(w.strip())] = label.strip()
    return table


def shape(norm: str) -> str:
    """Script class of a token: ar, lat, num, mix or punct."""
    kinds = (bool(_ARABIC.search(norm)), bool(_LATIN.search(norm)), bool(_DIGIT.search(norm)))
    if sum(kinds) > 1:
        return "mix"
    return "ar" if kinds[0] else "lat" if kinds[1] else "num" if kinds[2] else "punct"


def frequency_bucket(stem: str) -> str:
    """Order of magnitude of a stem's count in the shipped lexicon ('0' when unknown)."""
    count = data.counts("ar/lexicon.tsv.gz").get(stem, 0)
    return str(len(str(count))) if count else "0"


@lru_cache(maxsize=WORDS)
def _entries(norm: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Gazetteer entries (words after the first, kind) that may start at a word."""
    index = gazetteers()
    firsts = {norm, normal_word(norm).stem}
    return tuple((entry[1:], kind) for first in firsts for entry, kind in index.get(first, {}).items())


@lru_cache(maxsize=WORDS)
def token_info(surface: str) -> tuple[Word, tuple[tuple[tuple[str, ...], str], ...], str | None]:
    """A surface token's word, the gazetteer entries that may start at it, and its trigger label."""
    w = word(surface)
    return w, _entries(w.norm), _trigger(w.norm)


def gazetteer_tags(
    words: Sequence[Word], starts: Sequence[tuple[tuple[tuple[str, ...], str], ...]]
) -> list[tuple[str, ...]]:
    """Sorted B-/I- gazetteer matches per token, each word matched by norm or stem."""
    if not any(starts):
        return [()] * len(words)
    tags: list[set[str]] | None = None
    for i, entries in enumerate(starts):
        for rest_key, kind in entries:
            n = len(rest_key) + 1
            rest = words[i + 1 : i + n]
            if len(rest) == n - 1 and all(e in (r.norm, r.stem) for e, r in zip(rest_key, rest, strict=True)):
                if tags is None:
                    tags = [set() for _ in words]
                tags[i].add("B" + kind)
                for j in range(i + 1, i + n):
                    tags[j].add("I" + kind)
    return [tuple(sorted(t)) for t in tags] if tags else [()] * len(words)


def cluster_ids(w: Word) -> tuple[str, ...]:
    """Cluster ids of a word, falling back to its stem."""
    table = clusters()
    key = _DIGIT.sub("0", w.norm)
    return table.get(key) or table.get(w.stem) or ()


@lru_cache(maxsize=WORDS)
def _trigger(norm: str) -> str | None:
    """The label a word hints as a trigger, or None."""
    w = normal_word(norm)
    return triggers().get(w.stem) or triggers().get(w.norm) or None


def trigger_label(norm: str) -> str | None:
    """The label a normalised word hints as a trigger («مدينة» → LOC), or None."""
    return _trigger(norm)
