"""Arithmetic the evaluation gates share (extraction, entities, statements, NER)."""

from __future__ import annotations


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    total = precision + recall
    return 0.0 if total == 0 else 2 * precision * recall / total
