"""What the neural tagger reads of each token: a stem id, character ids and a few flags.

Shared by training (``scripts/train_ner_neural.py``, PyTorch) and inference
(``neural.py``, numpy), so both see exactly the same inputs:

- the clitic-stripped stem («وبوتين» → «بوتين», digits as ``0``), looked up in
  the table of stem embeddings pre-trained on unlabelled news (id 0: unknown);
- the characters of the normalised word, for a character CNN (id 0: padding,
  id 1: a character the model does not know);
- the word's clusters at three levels (``data/ar/clusters.tsv.gz``, its stem's
  when the word has none), each embedded by the model;
- flags: gazetteer matches (``B``/``I`` per list, multi-word entries included),
  the label a trigger word hints («مدينة» → LOC), script shape, the stem's
  frequency bucket in the shipped lexicon, a clitic before the stem, the article, and whether the
  stem has an embedding at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from marsad.analyse.ner.features import (
    GAZETTEERS,
    Word,
    cluster_ids,
    frequency_bucket,
    gazetteer_tags,
    normal_word,
    shape,
    token_info,
)
from marsad.lru import WORDS

_DIGIT = re.compile(r"\d")
MAX_CHARS = 20
# Sizes of the word-cluster levels of ``data/ar/clusters.tsv.gz`` (finest first).
CLUSTER_LEVELS = (1000, 300, 100)
LABELS = ("PER", "LOC", "ORG", "MISC")
SHAPES = ("ar", "lat", "num", "mix", "punct")
FLAGS: tuple[str, ...] = (
    *(f"{bio}{kind}" for kind in GAZETTEERS for bio in "BI"),
    *(f"trigger={label}" for label in LABELS),
    *(f"shape={s}" for s in SHAPES),
    *(f"freq={k}" for k in range(8)),
    "clitic",
    "article",
    "no-embedding",
)
_FLAG = {name: i for i, name in enumerate(FLAGS)}


def stem_key(norm: str) -> str:
    """The key of a normalised word in the stem-embedding table: its stem, digits as ``0``."""
    return normal_word(_DIGIT.sub("0", norm)).stem


@lru_cache(maxsize=WORDS)
def _word_flags(norm: str, trigger: str | None) -> tuple[int, ...]:
    """Indices of the flags that depend on the word alone (not on the embedding table)."""
    w = normal_word(norm)
    on = [_FLAG["shape=" + shape(norm)], _FLAG["freq=" + min(frequency_bucket(w.stem), "7")]]
    if trigger in LABELS:
        on.append(_FLAG["trigger=" + trigger])
    prefix = w.prefix
    if prefix.endswith("ال"):
        on.append(_FLAG["article"])
        prefix = prefix[:-2]
    if prefix:
        on.append(_FLAG["clitic"])
    return tuple(on)


def encode(
    surfaces: Sequence[str], stems: Mapping[str, int], chars: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stem ids (n,), character ids (n, MAX_CHARS), flags (n, len(FLAGS)) and word-cluster ids (n, 3)."""
    rows = [word_inputs(s, stems, chars) for s in surfaces]
    flags = np.stack([r[2] for r in rows]) if rows else np.zeros((0, len(FLAGS)), dtype=np.float32)
    flags += gazetteer_flags(surfaces)
    return (
        np.array([r[0] for r in rows], dtype=np.int64),
        np.stack([r[1] for r in rows]) if rows else np.zeros((0, MAX_CHARS), dtype=np.int64),
        flags,
        np.array([r[3] for r in rows], dtype=np.int64).reshape(len(rows), len(CLUSTER_LEVELS)),
    )


def word_inputs(
    surface: str, stems: Mapping[str, int], chars: Mapping[str, int]
) -> tuple[int, np.ndarray, np.ndarray, tuple[int, ...]]:
    """What one word gives whatever its neighbours: stem id, character ids, flags, cluster ids."""
    w, _, trigger = token_info(surface)
    stem_id = stems.get(stem_key(w.norm), 0)
    flags = np.zeros(len(FLAGS), dtype=np.float32)
    flags[list(_word_flags(w.norm, trigger))] = 1.0
    if not stem_id:
        flags[_FLAG["no-embedding"]] = 1.0
    return stem_id, char_row(w.norm, chars), flags, _clusters(w)


def gazetteer_flags(surfaces: Sequence[str]) -> np.ndarray:
    """The gazetteer flags (n, len(FLAGS)) of a sentence's words: B/I of every entry matched."""
    flags = np.zeros((len(surfaces), len(FLAGS)), dtype=np.float32)
    infos = [token_info(s) for s in surfaces]
    tags = gazetteer_tags([w for w, _, _ in infos], [starts for _, starts, _ in infos])
    for i, found in enumerate(tags):
        for g in found:
            flags[i, _FLAG[g]] = 1.0
    return flags


def _clusters(w: Word) -> tuple[int, ...]:
    """A word's cluster ids at each level, plus one (0: no cluster), its stem's when it has none."""
    ids = cluster_ids(w)
    if len(ids) != len(CLUSTER_LEVELS):
        return (0,) * len(CLUSTER_LEVELS)
    return tuple(int(c) + 1 for c in ids)


def char_row(norm: str, chars: Mapping[str, int]) -> np.ndarray:
    """Character ids of a normalised word, the middle cut out when it is longer than ``MAX_CHARS``."""
    if len(norm) > MAX_CHARS:
        half = MAX_CHARS // 2
        norm = norm[:half] + norm[-half:]
    row = np.zeros(MAX_CHARS, dtype=np.int64)
    row[: len(norm)] = [chars.get(c, 1) for c in norm]
    return row
