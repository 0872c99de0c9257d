"""Entity-level precision, recall and F1 over BIO tags (exact span match, CoNLL style)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from marsad.scores import f1_score


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` token spans of a BIO sequence (end exclusive).

    As in conlleval, an ``I-X`` that does not continue an ``X`` entity starts a new one.
    """
    out: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, lab = tag.partition("-")
        continues = kind == "I" and lab == label and start >= 0
        if start >= 0 and not continues:
            out.append((start, i, label))
            start, label = -1, ""
        if kind in ("B", "I") and not continues:
            start, label = i, lab
    return out


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and rates for one label (or all, micro-averaged)."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        """Correct predicted spans over predicted spans."""
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Correct predicted spans over gold spans."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return f1_score(self.precision, self.recall)

    def as_dict(self) -> dict[str, float | int]:
        """JSON-ready rates (rounded) and counts."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.tp,
        }


def score(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict[str, Score]:
    """Per-label scores plus ``"micro"`` over aligned sentences of BIO tags."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        if len(g) != len(p):
            raise ValueError(f"sentence lengths differ: {len(g)} gold vs {len(p)} predicted")
        gs, ps = set(spans(g)), set(spans(p))
        n_gold.update(s[2] for s in gs)
        n_pred.update(s[2] for s in ps)
        tp.update(s[2] for s in gs & ps)
    labels = sorted(set(n_gold) | set(n_pred))
    result = {lab: Score(tp[lab], n_pred[lab], n_gold[lab]) for lab in labels}
    result["micro"] = Score(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return result


def report(scores: dict[str, Score]) -> str:
    """A small fixed-width table of the scores."""
    lines = [f"{'label':<6} {'prec':>6} {'rec':>6} {'f1':>6} {'gold':>6}"]
    for label, s in scores.items():
        lines.append(f"{label:<6} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:6d}")
    return "\n".join(lines)
