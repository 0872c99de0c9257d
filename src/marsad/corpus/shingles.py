"""Word shingles of an article body, hashed to 64-bit integers for copy detection.

Copies are found on *normalised words*, not on clitic-stripped stems: a copy is the
same text, so «وقال» and «قال» are a real difference, while the orthographic noise
republishers add (hamza forms, taa marbuta, diacritics, tatweel, digit styles) is
folded away by :func:`marsad.text.normalize.normalize`. Normalised words also skip
the lexicon look-ups of stemming, which matters at 100,000s of articles.

Each word is hashed once (blake2b, stable across runs and machines); a shingle of
``k`` consecutive words is a polynomial of its word hashes, computed with numpy in
wrapping uint64 arithmetic.
"""

from __future__ import annotations

import hashlib

import numpy as np

from marsad.text.tokens import words

K = 5
# Odd 64-bit multiplier for combining word hashes into a shingle hash.
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _word_hashes(tokens: list[str]) -> np.ndarray:
    """A stable 64-bit hash per word, each distinct word hashed once."""
    seen: dict[str, int] = {}
    out = np.empty(len(tokens), dtype=np.uint64)
    for i, token in enumerate(tokens):
        value = seen.get(token)
        if value is None:
            value = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
            seen[token] = value
        out[i] = value
    return out


def shingles(text: str, k: int = K) -> np.ndarray:
    """Sorted unique uint64 hashes of the ``k``-word shingles of ``text``.

    A text shorter than ``k`` words gives one shingle of all its words; an empty
    text gives an empty array.
    """
    hashes = _word_hashes(words(text))
    if hashes.size == 0:
        return hashes
    width = min(k, hashes.size)
    count = hashes.size - width + 1
    acc = np.zeros(count, dtype=np.uint64)
    for j in range(width):
        acc = acc * _MIX + hashes[j : j + count]
    acc ^= acc >> np.uint64(29)
    return np.unique(acc)


def hash32(values: np.ndarray) -> np.ndarray:
    """The 32-bit hashes fed to MinHash: the low half folded with the high half."""
    return ((values ^ (values >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle arrays."""
    if a.size == 0 and b.size == 0:
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


def to_blob(values: np.ndarray) -> bytes:
    """Shingles as a compact little-endian BLOB (8 bytes a shingle)."""
    return values.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """Shingles back from :func:`to_blob`."""
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)
