"""The neural tagger in numpy: character CNN + pre-trained stem embeddings + flags → BiLSTM → CRF.

Trained by ``scripts/train_ner_neural.py`` (PyTorch) and shipped as
``data/models/ner.npz``; nothing but numpy runs here. The sentences of a
document are tagged together: one matrix product per time step covers all of
them, each sentence read forwards from its first word and backwards from its
own last word (the padding after a shorter sentence never reaches its state).
Tags come from Viterbi over the CRF's transition scores.

Inputs per token are those of ``inputs.encode``. All but the gazetteer flags
depend on the word alone, so a word's input row (stem vector, character-CNN
features, flags, cluster vectors) is computed once and kept in a bounded cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from threadpoolctl import ThreadpoolController

from marsad.analyse.ner.inputs import CLUSTER_LEVELS, FLAGS, gazetteer_flags, word_inputs
from marsad.lru import FEATURES, LRU

# Sentences tagged together: at most MAX_BATCH, and at most PADDED tokens once padded.
MAX_BATCH = 64
PADDED = 4096
# Arrays of a model file, by name (see ``scripts/train_ner_neural.py``'s ``export``).
WEIGHTS = (
    "stem_vectors",
    "char_embedding",
    "cluster_embedding",
    "conv_w",
    "conv_b",
    "fw_w_ih",
    "fw_w_hh",
    "fw_b",
    "bw_w_ih",
    "bw_w_hh",
    "bw_b",
    "out_w",
    "out_b",
    "transitions",
    "start",
    "end",
)


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """The process's BLAS thread pools, found once (entering a limit on them then costs microseconds)."""
    return ThreadpoolController()


def cluster_offsets() -> np.ndarray:
    """Where each word-cluster level starts in the one cluster-embedding table, then its size.

    Each level has its ids plus one (0: no cluster).
    """
    return np.cumsum([0, *(k + 1 for k in CLUSTER_LEVELS)])


def _stack(w: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Input weights (d, 8h), bias (8h) and recurrent weights (2, h, 4h) of both LSTM directions.

    PyTorch orders each direction's gates i, f, g, o; here they are i, f, o, g
    (forward direction first, then backward), so one slice takes the three
    sigmoid gates. Those columns are halved, because sigmoid(x) = (tanh(x / 2)
    + 1) / 2 lets one tanh serve every gate.
    """
    h = w["fw_w_hh"].shape[1]
    order = np.concatenate([np.arange(g * h, (g + 1) * h) for g in (0, 1, 3, 2)])
    scale = np.repeat(np.array([0.5, 0.5, 0.5, 1.0], dtype=np.float32), h)
    w_ih = np.concatenate([(w[f"{side}_w_ih"][order] * scale[:, None]).T for side in ("fw", "bw")], axis=1)
    b = np.concatenate([w[f"{side}_b"][order] * scale for side in ("fw", "bw")])
    w_hh = np.stack([(w[f"{side}_w_hh"][order] * scale[:, None]).T for side in ("fw", "bw")])
    return w_ih.astype(np.float32), b.astype(np.float32), w_hh.astype(np.float32)


class NeuralModel:
    """A loaded model: vocabularies, weights (float32) and the tag names."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Build from the arrays of a model file (or of a model in training)."""
        self.tags: list[str] = [str(t) for t in arrays["tags"]]
        self.stems = {str(s): i + 1 for i, s in enumerate(arrays["stems"])}
        self.chars = {str(c): i + 2 for i, c in enumerate(str(arrays["chars"]))}
        w = {name: np.asarray(arrays[name], dtype=np.float32) for name in WEIGHTS}
        self.w = w
        h = w["fw_w_hh"].shape[1]
        self.hidden = h
        self.offsets = cluster_offsets()[:-1]
        self.w_ih, self.b, self.w_hh = _stack(w)
        self.out_w = w["out_w"].T.copy()
        k = w["conv_w"].shape[2]
        # conv_w (filters, char dim, width) as one (width * char dim, filters) matrix.
        self.conv = w["conv_w"].transpose(2, 1, 0).reshape(k * w["conv_w"].shape[1], -1).copy()
        self.flag_start = w["stem_vectors"].shape[1] + self.conv.shape[1]
        self.flag_end = self.flag_start + len(FLAGS)
        # A word's input row (about 1 kB) whatever its neighbours, for the most recent words.
        self._rows: LRU[str, np.ndarray] = LRU(FEATURES)

    def _word_rows(self, surfaces: list[str]) -> np.ndarray:
        """Each word's input before gazetteer flags: stem vector, character CNN, flags, cluster vectors.

        Rows come from the cache; the words not in it are computed together (one
        convolution for all of them) and cached.
        """
        rows: list[np.ndarray | None] = [self._rows.get(s) for s in surfaces]
        missing = {s: None for s, row in zip(surfaces, rows, strict=True) if row is None}
        if missing:
            new = list(missing)
            parts = [word_inputs(s, self.stems, self.chars) for s in new]
            w = self.w
            computed = np.concatenate(
                [
                    w["stem_vectors"][[p[0] for p in parts]],
                    self._convolve(np.stack([p[1] for p in parts])),
                    np.stack([p[2] for p in parts]),
                    w["cluster_embedding"][np.array([p[3] for p in parts]) + self.offsets].reshape(
                        len(new), -1
                    ),
                ],
                axis=1,
            )
            for s, row in zip(new, computed, strict=True):
                self._rows.put(s, row)
            fresh = dict(zip(new, computed, strict=True))
            rows = [fresh[s] if row is None else row for s, row in zip(surfaces, rows, strict=True)]
        return np.stack(rows)  # type: ignore[arg-type]

    def _convolve(self, char_ids: np.ndarray) -> np.ndarray:
        """The character CNN over rows of character ids (same padding, width k): ReLU, max-pooled."""
        emb = self.w["char_embedding"][char_ids]  # (n, length, dim)
        n, length, dim = emb.shape
        k = self.w["conv_w"].shape[2]
        pad = k // 2
        padded = np.zeros((n, length + 2 * pad, dim), dtype=np.float32)
        padded[:, pad : pad + length] = emb
        windows = np.concatenate([padded[:, j : j + length] for j in range(k)], axis=2)
        conv = windows @ self.conv + self.w["conv_b"]
        return np.maximum(conv, 0.0).max(axis=1)

    def emissions(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Tag scores (batch, time, tags) for non-empty sentences, and their lengths."""
        lengths = np.array([len(s) for s in sentences])
        x = self._word_rows([w for s in sentences for w in s])
        x[:, self.flag_start : self.flag_end] += np.concatenate([gazetteer_flags(s) for s in sentences])
        batch, steps = len(sentences), int(lengths.max())
        # Input projections of both directions for every token at once, laid out (time, batch, 8h).
        index = np.zeros((batch, steps), dtype=np.int64)
        mask = np.arange(steps)[None, :] < lengths[:, None]
        index[mask] = np.arange(len(x))
        projected = (x @ self.w_ih + self.b)[index].transpose(1, 0, 2)
        states = self._run(projected, mask.T.astype(np.float32))
        return states @ self.out_w + self.w["out_b"], lengths

    def _run(self, projected: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Both LSTM directions in one loop; states (batch, time, 2h), forward half first.

        ``projected`` is (time, batch, 8h), forward gates then backward ones.
        Step k advances the forward direction at position k and the backward
        one at position T-1-k, as one (2, batch, ...) array. A padded position
        (``mask`` 0) leaves the backward state at zero, so each sentence is read
        backwards from its own last word.
        """
        steps, batch, _ = projected.shape
        h = self.hidden
        source = projected.reshape(steps, batch, 2, 4 * h).transpose(0, 2, 1, 3)
        inputs = np.empty((steps, 2, batch, 4 * h), dtype=np.float32)
        inputs[:, 0] = source[:, 0]
        inputs[:, 1] = source[::-1, 1]
        keep = mask[::-1, :, None]
        out = np.empty((steps, 2, batch, h), dtype=np.float32)
        state = np.zeros((2, batch, h), dtype=np.float32)
        cell = np.zeros_like(state)
        w_hh = self.w_hh
        for k in range(steps):
            act = np.matmul(state, w_hh)
            act += inputs[k]
            np.tanh(act, out=act)  # i, f, o columns were halved at load: see _stack
            gates = act[:, :, : 3 * h]
            gates *= 0.5
            gates += 0.5
            cell *= gates[:, :, h : 2 * h]
            cell += gates[:, :, :h] * act[:, :, 3 * h :]
            cell[1] *= keep[k]
            state = np.multiply(gates[:, :, 2 * h :], np.tanh(cell), out=out[k])
        result = np.empty((batch, steps, 2 * h), dtype=np.float32)
        result[:, :, :h] = out[:, 0].transpose(1, 0, 2)
        result[:, :, h:] = out[::-1, 1].transpose(1, 0, 2)
        return result

    def viterbi(self, scores: np.ndarray, lengths: np.ndarray) -> list[list[str]]:
        """The best tag sequence of each sentence under the CRF (batched over sentences)."""
        batch, steps, _ = scores.shape
        trans = self.w["transitions"]  # trans[i, j]: score of tag j after tag i
        best = self.w["start"] + scores[:, 0]
        back = np.zeros((steps, batch, len(self.tags)), dtype=np.int64)
        for t in range(1, steps):
            candidates = best[:, :, None] + trans[None]
            back[t] = candidates.argmax(axis=1)
            moved = candidates.max(axis=1) + scores[:, t]
            alive = (t < lengths)[:, None]
            best = np.where(alive, moved, best)
        best = best + self.w["end"]
        paths = []
        for b in range(batch):
            tag = int(best[b].argmax())
            path = [tag]
            for t in range(int(lengths[b]) - 1, 0, -1):
                tag = int(back[t, b, tag])
                path.append(tag)
            paths.append([self.tags[k] for k in reversed(path)])
        return paths

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for each sentence (an empty sentence gets none)."""
        full = [i for i, s in enumerate(sentences) if s]
        out: list[list[str]] = [[] for _ in sentences]
        if not full:
            return out
        # Sentences of similar length together, so little of each batch is padding.
        order = sorted(full, key=lambda i: len(sentences[i]))
        # The products are small: BLAS threads would only wait on each other (ten times slower
        # on two busy cores), so one thread does them.
        with _blas().limit(limits=1, user_api="blas"):
            for chunk in _chunks(order, [len(s) for s in sentences]):
                scores, lengths = self.emissions([sentences[i] for i in chunk])
                for i, tags in zip(chunk, self.viterbi(scores, lengths), strict=True):
                    out[i] = tags
        return out


def _chunks(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Runs of sentence indices (sorted by length) whose padded size stays under ``PADDED``.

    The cost of a batch is its longest sentence times its size, so a very long
    sentence goes alone rather than padding many short ones to its length.
    """
    chunks: list[list[int]] = []
    for i in order:
        if chunks and len(chunks[-1]) < MAX_BATCH and lengths[i] * (len(chunks[-1]) + 1) <= PADDED:
            chunks[-1].append(i)
        else:
            chunks.append([i])
    return chunks
