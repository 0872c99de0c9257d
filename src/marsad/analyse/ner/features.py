"""CRF features for Arabic named-entity tagging, one list of strings per token.

Per token: normalised form, clitic-stripped stem, prefixes/suffixes of the normal
form, the clitic prefix, word shape, length bucket, the stem's frequency bucket in
the shipped lexicon, word-cluster ids at every
level (``data/ar/clusters.tsv.gz``; the stem's clusters when the word is unknown),
gazetteer membership, multi-word spans included (``data/ar/gazetteer_*.txt``) and
trigger words (``data/ar/ner_triggers.tsv``). The main features of the two tokens
on each side are added with their offset, plus stem bigrams with each neighbour
and the nearest trigger on each side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad import data
from marsad.text.normalize import normalize
from marsad.text.tokens import stem as clitic_stem

GAZETTEERS = ("per", "loc", "org", "country", "city", "demonym")
MAX_GAZ_WORDS = 5
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[a-z]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_LENGTHS = ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (10**9, "9+"))


@dataclass(frozen=True, slots=True)
class Word:
    """What the features need of one token: its normal form and stem."""

    norm: str
    stem: str

    @property
    def prefix(self) -> str:
        """The clitic prefix removed to reach the stem ('' when none)."""
        return self.norm[: len(self.norm) - len(self.stem)] if self.norm.endswith(self.stem) else ""


@lru_cache(maxsize=200_000)
def word(surface: str) -> Word:
    """Normal form and stem of one surface token."""
    norm = normalize(surface)
    return Word(norm, clitic_stem(norm) if _LETTER.search(norm) else norm)


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, ...]]:
    """Word → cluster ids, finest level first (empty when the file is not shipped)."""
    try:
        lines = data.word_list("ar/clusters.tsv.gz")
    except FileNotFoundError:
        return {}
    table = {}
    for line in lines:
        w, _, ids = line.partition("\t")
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


def length_bucket(n: int) -> str:
    """Coarse length class."""
    return next(name for top, name in _LENGTHS if n <= top)


def frequency_bucket(stem: str) -> str:
    """Order of magnitude of a stem's count in the shipped lexicon ('0' when unknown)."""
    count = data.counts("ar/lexicon.tsv.gz").get(stem, 0)
    return str(len(str(count))) if count else "0"


def _gazetteer_tags(words: Sequence[Word]) -> list[set[str]]:
    """B-/I- gazetteer matches per token, each word matched by norm or stem."""
    index = gazetteers()
    tags: list[set[str]] = [set() for _ in words]
    for i, w in enumerate(words):
        for first in {w.norm, w.stem}:
            for entry, kind in index.get(first, {}).items():
                n = len(entry)
                rest = words[i + 1 : i + n]
                if len(rest) == n - 1 and all(
                    e in (r.norm, r.stem) for e, r in zip(entry[1:], rest, strict=True)
                ):
                    tags[i].add("B" + kind)
                    for j in range(i + 1, i + n):
                        tags[j].add("I" + kind)
    return tags


def _cluster_ids(w: Word) -> tuple[str, ...]:
    """Cluster ids of a word, falling back to its stem."""
    table = clusters()
    key = _DIGIT.sub("0", w.norm)
    return table.get(key) or table.get(w.stem) or ()


def _main(w: Word, gaz: set[str], use_clusters: bool) -> list[str]:
    """The features shared with neighbours (without offset prefix)."""
    feats = ["w=" + w.norm, "s=" + w.stem, "sh=" + shape(w.norm), "f=" + frequency_bucket(w.stem)]
    feats += ["g=" + g for g in sorted(gaz)]
    trig = triggers().get(w.stem) or triggers().get(w.norm)
    if trig:
        feats.append("t=" + trig)
    if use_clusters:
        feats += [f"c{level}={cid}" for level, cid in enumerate(_cluster_ids(w))]
    return feats


def sentence_features(surfaces: Sequence[str], use_clusters: bool = True) -> list[list[str]]:
    """Feature strings for every token of one sentence."""
    words = [word(s) for s in surfaces]
    gaz = _gazetteer_tags(words)
    main = [_main(w, g, use_clusters) for w, g in zip(words, gaz, strict=True)]
    trig = [next((f[2:] for f in m if f.startswith("t=")), None) for m in main]
    out = []
    for i, w in enumerate(words):
        n = w.norm
        feats = ["bias", "len=" + length_bucket(len(w.stem)), "clit=" + (w.prefix or "-")]
        feats += [f"p{k}={n[:k]}" for k in (1, 2, 3) if len(n) > k]
        feats += [f"x{k}={n[-k:]}" for k in (1, 2, 3) if len(n) > k]
        feats += [f"sx{k}={w.stem[-k:]}" for k in (1, 2) if len(w.stem) > k]
        if use_clusters:
            feats += [f"sc{level}={cid}" for level, cid in enumerate(clusters().get(w.stem, ()))]
        feats += main[i]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(words):
                feats += [f"{off}:{f}" for f in main[j]]
            else:
                feats.append(f"{off}:" + ("BOS" if j < 0 else "EOS"))
        if i > 0:
            feats.append(f"s-1|s={words[i - 1].stem}|{w.stem}")
        if i + 1 < len(words):
            feats.append(f"s|s+1={w.stem}|{words[i + 1].stem}")
        before = next((trig[j] for j in range(i - 1, max(-1, i - 4), -1) if trig[j]), None)
        after = next((trig[j] for j in range(i + 1, min(len(words), i + 3)) if trig[j]), None)
        feats += ["ptrig=" + (before or "-"), "ntrig=" + (after or "-")]
        out.append(feats)
    return out
