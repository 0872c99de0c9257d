"""Scoring entity mentions against hand-made gold: detection P/R/F1 per label, and linking accuracy.

A gold paragraph lists its mentions in text order as ``[surface, label, id]``; each is
the first occurrence of its surface after the previous mention (:func:`locate`). A found
mention is detected when its span and label equal a gold one's. Linking is judged on
the gold mentions whose span was found (whatever the label): the found id must equal
the gold id, and a gold ``local`` accepts any ``local:`` id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from marsad.record import Entity
from marsad.scores import f1_score

LABELS = ("PER", "ORG", "LOC", "MISC")
LOCAL = "local"


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A gold mention at its place in the text."""

    start: int
    end: int
    text: str
    label: str
    id: str


def locate(text: str, mentions: Iterable[Sequence[str]]) -> list[GoldMention]:
    """Gold mentions with offsets: each surface searched from the end of the previous one."""
    located = []
    position = 0
    for surface, label, entity_id in mentions:
        start = text.find(surface, position)
        if start < 0:
            raise ValueError(f"gold mention {surface!r} not found after offset {position}")
        position = start + len(surface)
        located.append(GoldMention(start, position, surface, label, entity_id))
    return located


def id_matches(found: str | None, gold: str) -> bool:
    """Whether a found id is the gold one (``local`` stands for any ``local:`` id)."""
    if gold == LOCAL:
        return bool(found and found.startswith(LOCAL + ":"))
    return found == gold


def _rate(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


@dataclass
class Scores:
    """Counts over a gold set, per label; rates as methods."""

    true_pos: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    false_neg: Counter[str] = field(default_factory=Counter)
    spans_found: int = 0
    linked_right: int = 0
    misses: list[str] = field(default_factory=list)

    def precision(self, label: str | None = None) -> float:
        """Share of found mentions (of ``label``, or all) that are gold."""
        tp, fp = self._counts(label)[:2]
        return _rate(tp, tp + fp)

    def recall(self, label: str | None = None) -> float:
        """Share of gold mentions (of ``label``, or all) that were found with their label."""
        tp, _, fn = self._counts(label)
        return _rate(tp, tp + fn)

    def f1(self, label: str | None = None) -> float:
        """Harmonic mean of :meth:`precision` and :meth:`recall`."""
        return f1_score(self.precision(label), self.recall(label))

    @property
    def linking(self) -> float:
        """Share of gold mentions with a found span whose id is right."""
        return _rate(self.linked_right, self.spans_found)

    def _counts(self, label: str | None) -> tuple[int, int, int]:
        if label is not None:
            return self.true_pos[label], self.false_pos[label], self.false_neg[label]
        return sum(self.true_pos.values()), sum(self.false_pos.values()), sum(self.false_neg.values())

    def summary(self) -> dict[str, float]:
        """Every rate, rounded, for printing and pinning: ``f1``, ``PER_f1`` ..., ``linking``."""
        rates: dict[str, float] = {}
        for label in (None, *LABELS):
            prefix = f"{label}_" if label else ""
            rates |= {
                prefix + "precision": self.precision(label),
                prefix + "recall": self.recall(label),
                prefix + "f1": self.f1(label),
            }
        rates["linking"] = self.linking
        return {name: round(value, 3) for name, value in rates.items()}


def score(gold: Sequence[GoldMention], found: Sequence[Entity], scores: Scores, label: str = "") -> None:
    """Add one paragraph's gold and found mentions to ``scores`` (``label`` names it in misses)."""
    by_span = {(e.start, e.end): e for e in found}
    gold_spans = {(g.start, g.end): g for g in gold}
    for g in gold:
        e = by_span.get((g.start, g.end))
        if e is not None and e.label == g.label:
            scores.true_pos[g.label] += 1
        else:
            scores.false_neg[g.label] += 1
            found_as = f" (found as {e.label})" if e else ""
            scores.misses.append(f"{label}: missed {g.text} {g.label}{found_as}")
        if e is not None:
            scores.spans_found += 1
            if id_matches(e.id, g.id):
                scores.linked_right += 1
            else:
                scores.misses.append(f"{label}: {g.text} linked to {e.id}, gold {g.id}")
    for e in found:
        g_at = gold_spans.get((e.start, e.end))
        if g_at is None or g_at.label != e.label:
            scores.false_pos[e.label] += 1
            if g_at is None:
                scores.misses.append(f"{label}: extra {e.text} {e.label} {e.id}")
