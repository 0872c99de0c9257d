"""CRF features for Arabic named-entity tagging, one list of strings per token.

Per token: normalised form, clitic-stripped stem, prefixes/suffixes of the normal
form, the clitic prefix, word shape, length bucket, the stem's frequency bucket in
the shipped lexicon, word-cluster ids at every
level (``data/ar/clusters.tsv.gz``; the stem's clusters when the word is unknown),
clusters of the clitic-stripped stem from embeddings trained on stems
(``data/ar/stem_clusters.tsv.gz``: k-means ids at three levels and Brown-style
prefixes of a bit path from divisive 2-means, 4/8/12 bits shared with the
neighbours, 6/16 bits and the coarser ids on the word only),
gazetteer membership, multi-word spans included (``data/ar/gazetteer_*.txt``) and
trigger words (``data/ar/ner_triggers.tsv``). The main features of the two tokens
on each side are added with their offset, plus stem bigrams with each neighbour
and the nearest trigger on each side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from marsad import data
from marsad.lru import FEATURES, WORDS
from marsad.text.normalize import normalize
from marsad.text.tokens import stem as clitic_stem

GAZETTEERS = ("per", "loc", "org", "country", "city", "demonym")
MAX_GAZ_WORDS = 5
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[a-z]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_LENGTHS = ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (10**9, "9+"))


F = TypeVar("F", bound=str | bytes)
# A word's own and main features, then its main features as seen from offsets -2, -1, +1, +2.
_Token = tuple[tuple[F, ...], tuple[F, ...], tuple[F, ...], tuple[F, ...], tuple[F, ...]]


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
    return _word(normalize(surface))


@lru_cache(maxsize=WORDS)
def _word(norm: str) -> Word:
    """Normal form and stem of one normalised token."""
    return Word(norm, clitic_stem(norm) if _LETTER.search(norm) else norm)


def _cluster_table(relative: str) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Word → k-means cluster ids (finest first) and word → bit path, from a shipped table."""
    try:
        lines = data.word_list(relative)
    except FileNotFoundError:
        return {}, {}
    table, paths = {}, {}
    for line in lines:
        w, ids, *path = line.split("\t")
        table[w] = tuple(ids.split())
        if path:
            paths[w] = path[0]
    return table, paths


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, ...]]:
    """Word → cluster ids, finest level first (empty when the file is not shipped)."""
    return _cluster_table("ar/clusters.tsv.gz")[0]


@lru_cache(maxsize=1)
def stem_clusters() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Stem → cluster ids and stem → bit path, from embeddings of clitic-stripped stems."""
    return _cluster_table("ar/stem_clusters.tsv.gz")


def _bits(prefix: str, path: str | None, lengths: tuple[int, ...]) -> list[str]:
    """Brown-style features: the prefixes of a bit path at several lengths."""
    if not path:
        return []
    return [f"{prefix}{k}={path[:k]}" for k in lengths if len(path) >= k]


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


@lru_cache(maxsize=WORDS)
def _entries(norm: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Gazetteer entries (words after the first, kind) that may start at a word."""
    index = gazetteers()
    firsts = {norm, _word(norm).stem}
    return tuple((entry[1:], kind) for first in firsts for entry, kind in index.get(first, {}).items())


@lru_cache(maxsize=WORDS)
def _info(surface: str) -> tuple[Word, tuple[tuple[tuple[str, ...], str], ...], str | None]:
    """A surface token's word, the gazetteer entries that may start at it, and its trigger label."""
    w = word(surface)
    return w, _entries(w.norm), _trigger(w.norm)


def _gazetteer_tags(
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


def _cluster_ids(w: Word) -> tuple[str, ...]:
    """Cluster ids of a word, falling back to its stem."""
    table = clusters()
    key = _DIGIT.sub("0", w.norm)
    return table.get(key) or table.get(w.stem) or ()


@lru_cache(maxsize=FEATURES)
def _main(norm: str, gaz: tuple[str, ...], use_clusters: bool) -> tuple[str, ...]:
    """The features shared with neighbours (without offset prefix)."""
    w = _word(norm)
    feats = ["w=" + w.norm, "s=" + w.stem, "sh=" + shape(w.norm), "f=" + frequency_bucket(w.stem)]
    feats += ["g=" + g for g in gaz]
    trig = triggers().get(w.stem) or triggers().get(w.norm)
    if trig:
        feats.append("t=" + trig)
    if use_clusters:
        feats += [f"c{level}={cid}" for level, cid in enumerate(_cluster_ids(w))]
        feats += _stem_main(w)
    return tuple(feats)


@lru_cache(maxsize=FEATURES)
def _token(norm: str, gaz: tuple[str, ...], use_clusters: bool) -> _Token[str]:
    """A word's own features, then its main features as seen from offsets -2, -1, +1 and +2."""
    main = _main(norm, gaz, use_clusters)
    left2, left1, right1, right2 = (tuple([f"{off}:{f}" for f in main]) for off in (-2, -1, 1, 2))
    return _own(norm, use_clusters) + main, left2, left1, right1, right2


@lru_cache(maxsize=WORDS)
def _trigger(norm: str) -> str | None:
    """The label a word hints as a trigger, or None."""
    w = _word(norm)
    return triggers().get(w.stem) or triggers().get(w.norm) or None


def trigger_label(norm: str) -> str | None:
    """The label a normalised word hints as a trigger («مدينة» → LOC), or None."""
    return _trigger(norm)


@lru_cache(maxsize=FEATURES)
def _own(norm: str, use_clusters: bool) -> tuple[str, ...]:
    """The features of a word that neither its gazetteer matches nor its neighbours change."""
    w, n = _word(norm), norm
    feats = ["bias", "len=" + length_bucket(len(w.stem)), "clit=" + (w.prefix or "-")]
    feats += [f"p{k}={n[:k]}" for k in (1, 2, 3) if len(n) > k]
    feats += [f"x{k}={n[-k:]}" for k in (1, 2, 3) if len(n) > k]
    feats += [f"sx{k}={w.stem[-k:]}" for k in (1, 2) if len(w.stem) > k]
    if use_clusters:
        feats += [f"sc{level}={cid}" for level, cid in enumerate(clusters().get(w.stem, ()))]
        feats += _stem_own(w)
    return tuple(feats)


def _stem_main(w: Word) -> list[str]:
    """Stem-embedding cluster features shared with the neighbours."""
    table, paths = stem_clusters()
    ids = table.get(w.stem, ())
    return [f"k0={cid}" for cid in ids[:1]] + _bits("kb", paths.get(w.stem), (4, 8, 12))


def _stem_own(w: Word) -> list[str]:
    """Stem-embedding cluster features of the word itself only."""
    table, paths = stem_clusters()
    ids = table.get(w.stem, ())
    return [f"k{level}={cid}" for level, cid in enumerate(ids) if level] + _bits(
        "kb", paths.get(w.stem), (6, 16)
    )


# Stand-ins for the words before and after a sentence, shaped like ``_token``'s result.
_BOS: _Token[str] = ((), ("-2:BOS",), ("-1:BOS",), (), ())
_EOS: _Token[str] = ((), (), (), ("1:EOS",), ("2:EOS",))


def _nearest(trig: Sequence[str | None]) -> tuple[list[str], list[str]]:
    """«ptrig=»/«ntrig=» per token: the nearest trigger among the 3 words before / 2 words after it."""
    size = len(trig)
    if not any(trig):
        return ["ptrig=-"] * size, ["ntrig=-"] * size
    before, after = ["ptrig=-"] * size, ["ntrig=-"] * size
    last = -9
    for i, t in enumerate(trig):
        if i - last <= 3:
            before[i] = "ptrig=" + trig[last]  # type: ignore[operator]
        if t:
            last = i
    last = size + 9
    for i in range(size - 1, -1, -1):
        if last - i <= 2:
            after[i] = "ntrig=" + trig[last]  # type: ignore[operator]
        if trig[i]:
            last = i
    return before, after


def _assemble(
    words: Sequence[Word],
    trig: Sequence[str | None],
    tokens: list[_Token[F]],
    edges: tuple[_Token[F], _Token[F]],
    pair: Callable[[str], tuple[F, ...]],
    trigger: Callable[[str], tuple[F, ...]],
) -> list[list[F]]:
    """Each token's features: its own, its neighbours', stem bigrams and nearest triggers (the last two mapped)."""
    bos, eos = edges
    padded = [bos, bos, *tokens, eos, eos]
    stems = [w.stem for w in words]
    pairs: list[str] = [f"{s}|{s1}" for s, s1 in zip(stems, stems[1:], strict=False)]
    none: tuple[F, ...] = ()
    before = [none] + [pair("s-1|s=" + p) for p in pairs]
    after = [pair("s|s+1=" + p) for p in pairs] + [none]
    ptrig, ntrig = _nearest(trig)
    # Token i reads padded[i] (i-2), padded[i+1] (i-1), padded[i+3] (i+1) and padded[i+4] (i+2).
    return [
        [*t[0], *l2[1], *l1[2], *r1[3], *r2[4], *bi, *ai, *trigger(pt), *trigger(nt)]
        for t, l2, l1, r1, r2, bi, ai, pt, nt in zip(
            tokens, padded, padded[1:], padded[3:], padded[4:], before, after, ptrig, ntrig, strict=False
        )
    ]


def _single(feature: str) -> tuple[str]:
    """One feature, kept as it is."""
    return (feature,)


def sentence_features(surfaces: Sequence[str], use_clusters: bool = True) -> list[list[str]]:
    """Feature strings for every token of one sentence."""
    if not surfaces:
        return []
    words, starts, trig = zip(*[_info(s) for s in surfaces], strict=True)
    tags = _gazetteer_tags(words, starts)
    tokens = [_token(w.norm, g, use_clusters) for w, g in zip(words, tags, strict=True)]
    return _assemble(words, trig, tokens, (_BOS, _EOS), _single, _single)


_PREFIXES = tuple(f"{off}:".encode() for off in (-2, -1, 1, 2))


@lru_cache(maxsize=FEATURES)
def _known_token(norm: str, gaz: tuple[str, ...], known: frozenset[bytes]) -> _Token[bytes]:
    """``_token`` (clusters on), UTF-8 encoded, without the features ``known`` lacks."""
    main = [f.encode("utf-8") for f in _main(norm, gaz, True)]
    own = [f.encode("utf-8") for f in _own(norm, True)] + main
    left2, left1, right1, right2 = ([f for b in main if (f := prefix + b) in known] for prefix in _PREFIXES)
    return tuple([f for f in own if f in known]), tuple(left2), tuple(left1), tuple(right1), tuple(right2)


def _kept(features: tuple[str, ...], known: frozenset[bytes]) -> tuple[bytes, ...]:
    """The features in ``known``, UTF-8 encoded, in order."""
    return tuple([b for f in features if (b := f.encode("utf-8")) in known])


@lru_cache(maxsize=8)
def _known_edges(known: frozenset[bytes]) -> tuple[_Token[bytes], _Token[bytes]]:
    """The sentence-edge stand-ins, encoded and filtered like the words."""
    (bos, eos) = (
        (
            _kept(own, known),
            _kept(left2, known),
            _kept(left1, known),
            _kept(right1, known),
            _kept(right2, known),
        )
        for own, left2, left1, right1, right2 in (_BOS, _EOS)
    )
    return bos, eos


@lru_cache(maxsize=8)
def _known_pairs(known: frozenset[bytes]) -> frozenset[str]:
    """The stem-bigram features («s-1|s=...», «s|s+1=...») in ``known``, as text."""
    return frozenset(f.decode("utf-8") for f in known if f.startswith((b"s-1|s=", b"s|s+1=")))


@lru_cache(maxsize=64)
def _known_one(feature: str, known: frozenset[bytes]) -> tuple[bytes, ...]:
    """One trigger feature («ptrig=-»), encoded, or nothing when the model lacks it."""
    return _kept((feature,), known)


def model_features(surfaces: Sequence[str], known: frozenset[bytes]) -> list[list[bytes]]:
    """``sentence_features`` (clusters on) as crfsuite reads them: UTF-8, only the attributes in ``known``.

    crfsuite skips attributes its model does not know, so the tags are the same;
    dropping them here, once per word, saves encoding and looking them up per token.
    """
    if not surfaces:
        return []
    words, starts, trig = zip(*[_info(s) for s in surfaces], strict=True)
    tags = _gazetteer_tags(words, starts)
    tokens = [_known_token(w.norm, g, known) for w, g in zip(words, tags, strict=True)]
    pairs = _known_pairs(known)

    def pair(feature: str) -> tuple[bytes, ...]:
        return (feature.encode("utf-8"),) if feature in pairs else ()

    def trigger(feature: str) -> tuple[bytes, ...]:
        return _known_one(feature, known)

    return _assemble(words, trig, tokens, _known_edges(known), pair, trigger)
