"""The statement finder's language knowledge, loaded lazily from ``data/ar/``.

Every list is normalised once (``marsad.text.normalize``) and indexed by its first
word, so that a phrase is matched token by token against a sentence's normalised
tokens. A phrase whose last word is a bare «ل» («وفقاً لـ») ends with the
preposition written joined to the next word («وفقاً للمصدر»): ``joined`` is then true.
Hamza seats «ئ» and «ؤ» are folded together for matching only («مسئول» = «مسؤول»):
spellings differ by country, and the global normaliser keeps them apart on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad.data import counts, word_list
from marsad.text.normalize import normalize

# Conjunctions written joined to the next word, tried when a phrase does not match as is.
CONJUNCTIONS = ("و", "ف")
# «مسئول» (Egypt) and «مسؤول» (elsewhere) are one word to the lexicon.
_SEATS = str.maketrans({"ئ": "ؤ"})


def seat(norm: str) -> str:
    """A normalised word with its hamza seat folded («مسئول» -> «مسؤول»), for matching."""
    return norm.translate(_SEATS) if "ئ" in norm else norm


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase matched at a token: how many tokens, its kind, and its shape."""

    size: int
    kind: str
    words: tuple[str, ...]
    joined: bool
    prefix: str


@dataclass(frozen=True)
class Phrases:
    """Phrases of a list, keyed by their first normalised word, longest first."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], str, bool], ...]]

    def match(
        self, norms: Sequence[str], i: int, prefixes: Iterable[str] = (), kinds: frozenset[str] | None = None
    ) -> Hit | None:
        """The longest phrase starting at token ``i`` (the first word may carry a prefix), of ``kinds`` if given."""
        if i >= len(norms):
            return None
        for prefix in ("", *prefixes):
            first = seat(norms[i])
            if prefix:
                if not first.startswith(prefix) or len(first) - len(prefix) < 2:
                    continue
                first = first[len(prefix) :]
            for words, kind, joined in self.by_first.get(first, ()):
                if kinds is not None and kind not in kinds:
                    continue
                size = len(words)
                if tuple(seat(w) for w in norms[i + 1 : i + size]) != words[1:]:
                    continue
                if joined and not (i + size < len(norms) and len(norms[i + size]) > 1 and norms[i + size][0] == "ل"):
                    continue
                return Hit(size, kind, words, joined, prefix)
        return None

    def kinds(self, kind: str) -> frozenset[str]:
        """Every phrase of one kind, words joined by a space."""
        return frozenset(
            " ".join(words) for group in self.by_first.values() for words, k, _ in group if k == kind
        )


def _phrases(rows: Iterable[tuple[str, str]]) -> Phrases:
    """Index ``(form, kind)`` rows by first normalised word."""
    table: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    for form, kind in rows:
        words = [seat(w) for w in normalize(form).split()]
        joined = len(words) > 1 and words[-1] == "ل"
        if joined:
            words = words[:-1]
        if words:
            table.setdefault(words[0], []).append((tuple(words), kind, joined))
        if joined:  # «وفقاً لـ المصدر»: the preposition written as a word of its own
            table.setdefault(words[0], []).append(((*words, "ل"), kind, False))
    # Longest first; among phrases of one length, file order (``dict.fromkeys`` keeps it,
    # where a set's order would change with the process's hash seed).
    return Phrases({k: tuple(sorted(dict.fromkeys(v), key=lambda p: -len(p[0]))) for k, v in table.items()})


def _tsv(relative: str, column: int) -> list[tuple[str, str]]:
    """``(form, kind)`` rows of a shipped table, the kind in ``column``."""
    rows = []
    for line in word_list(relative):
        cells = [cell.strip() for cell in line.split("\t")]
        rows.append((cells[0], cells[column] if len(cells) > column else ""))
    return rows


@lru_cache(maxsize=1)
def cues() -> Phrases:
    """Reporting verbs: kinds verb, about, passive, ambiguous."""
    return _phrases(_tsv("ar/reporting_cues.tsv", 2))


@lru_cache(maxsize=1)
def lemmas() -> dict[tuple[str, ...], str]:
    """Each reporting cue's normalised words -> its lemma, normalised («أكدت» -> «اكد»)."""
    return {
        tuple(seat(w) for w in normalize(form).split()): normalize(lemma)
        for form, lemma in _tsv("ar/reporting_cues.tsv", 1)
    }


@lru_cache(maxsize=1)
def starters() -> frozenset[str]:
    """First words of every reporting verb, attribution marker and auxiliary: where a statement may start."""
    aux = {first for first, group in words().by_first.items() if any(kind == "aux" for _, kind, _ in group)}
    return frozenset(cues().by_first) | frozenset(markers().by_first) | frozenset(aux)


@lru_cache(maxsize=1)
def agreements() -> dict[tuple[str, ...], str]:
    """Each reporting cue's normalised words -> the agreement of its subject ("f", "p"; "" masculine)."""
    return {
        tuple(seat(w) for w in normalize(form).split()): agreement
        for form, agreement in _tsv("ar/reporting_cues.tsv", 3)
    }


@lru_cache(maxsize=1)
def markers() -> Phrases:
    """Postposed attribution markers: kinds source, clause, medium."""
    return _phrases(_tsv("ar/attribution_markers.tsv", 1))


@lru_cache(maxsize=1)
def anonymous() -> Phrases:
    """Anonymous source heads and unnamed-source qualifiers."""
    return _phrases(_tsv("ar/anonymous_sources.tsv", 1))


@lru_cache(maxsize=1)
def relays() -> Phrases:
    """Relay phrases: kinds to, by, head."""
    return _phrases(_tsv("ar/relay_patterns.tsv", 1))


@lru_cache(maxsize=1)
def back_references() -> Phrases:
    """Definite phrases that refer back to an earlier speaker."""
    return _phrases((form, "back") for form in word_list("ar/back_references.tsv"))


@lru_cache(maxsize=1)
def words() -> Phrases:
    """Function words: complementizer, about, aux, relative, stop, affiliation, filler."""
    return _phrases(_tsv("ar/statement_words.tsv", 1))


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Normalised nisba forms («تركي», «روسية»); empty when the gazetteer is not shipped."""
    try:
        return frozenset(normalize(w) for w in word_list("ar/gazetteer_demonym.txt"))
    except FileNotFoundError:
        return frozenset()


@lru_cache(maxsize=1)
def weekdays() -> frozenset[str]:
    """Normalised weekday names («السبت»): a date, never part of a speaker's name."""
    return frozenset(normalize(cells[0]) for cells in _tsv("ar/weekdays.tsv", 1))


def bare(norm: str) -> str:
    """A normalised word without a joined conjunction and article («والمصدر» -> «مصدر»)."""
    for prefix in ("وال", "فال", "بال", "لل", "ال"):
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            return norm[len(prefix) :]
    return norm


@lru_cache(maxsize=1)
def word_counts() -> dict[str, int]:
    """Normalised word counts of the news corpus: how common a word is, with or without a prefix."""
    return counts("ar/lexicon.tsv.gz")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Normalised person names of the gazetteer («بشار», «لطفي»): never a preposition and a noun."""
    try:
        return frozenset(normalize(w) for w in word_list("ar/gazetteer_per.txt"))
    except FileNotFoundError:
        return frozenset()


PLACE_LISTS = ("ar/gazetteer_loc.txt", "ar/gazetteer_city.txt", "ar/gazetteer_country.txt")


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Normalised one-word place names of the gazetteers («مصر», «سيناء») and place heads («شمال»)."""
    found = set(words().kinds("place"))
    for relative in PLACE_LISTS:
        try:
            found.update(n for w in word_list(relative) if " " not in (n := normalize(w)))
        except FileNotFoundError:
            continue
    return frozenset(found)
