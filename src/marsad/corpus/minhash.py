"""Batch MinHash in numpy, equal to datasketch's ``MinHash(num_perm, seed)`` (affine32).

datasketch 2.x pre-mixes each 32-bit input hash with the MurmurHash3 finalizer,
then applies ``a_k * h + b_k`` in wrapping uint32 arithmetic for every permutation
``k`` and keeps the minimum. Here the same is done for many documents at once:
all their hashes are concatenated, permuted in chunks, and reduced per document
with ``np.minimum.reduceat``. The result for each document is bit-for-bit what
``MinHash(num_perm, seed, hashfunc=int).update_batch(hashes)`` gives, so the
signatures plug into ``datasketch.MinHashLSH``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

NUM_PERM = 128
SEED = 1
EMPTY = np.uint32(0xFFFFFFFF)
# Elements permuted at once: bounds the temporary (num_perm x chunk) uint32 matrix.
_CHUNK = 8192


def permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) permutation parameters datasketch draws for ``num_perm`` and ``seed``."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (wrapping uint32 arithmetic)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class MinHasher:
    """Signs batches of documents given as arrays of 32-bit shingle hashes."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        self.num_perm = num_perm
        a, b = permutations(num_perm, seed)
        self.a = a[:, None]
        self.b = b[:, None]

    def sign(self, docs: Sequence[np.ndarray]) -> np.ndarray:
        """A (len(docs), num_perm) uint32 matrix of signatures; empty docs get the sentinel."""
        out = np.full((len(docs), self.num_perm), EMPTY, dtype=np.uint32)
        nonempty = [i for i, d in enumerate(docs) if len(d)]
        start = 0
        while start < len(nonempty):
            # Gather documents until the chunk is full (a single long one may exceed it).
            stop, size = start, 0
            while stop < len(nonempty) and (stop == start or size + len(docs[nonempty[stop]]) <= _CHUNK):
                size += len(docs[nonempty[stop]])
                stop += 1
            picked = nonempty[start:stop]
            values = np.concatenate([np.asarray(docs[i], dtype=np.uint32) for i in picked])
            offsets = np.cumsum([0] + [len(docs[i]) for i in picked[:-1]])
            with np.errstate(over="ignore"):
                permuted = self.a * fmix32(values)[None, :] + self.b
            out[picked] = np.minimum.reduceat(permuted, offsets, axis=1).T
            start = stop
        return out
