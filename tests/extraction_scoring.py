"""Scoring extracted text against hand-made gold: token precision, recall and F1 (the extraction
gate's scorer; kept with the tests, the runtime never scores).

Tokens are the normalised words of the text (punctuation dropped), counted as a
multiset, so the score is insensitive to line breaks and spacing but not to a
paragraph lost or a related headline let in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from marsad.scores import f1_score
from marsad.text.tokens import words


@dataclass(frozen=True)
class Score:
    """Token-level precision, recall and F1 of a prediction against gold."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


def word_counts(text: str | None) -> Counter[str]:
    """The multiset of normalised words of ``text``."""
    return Counter(words(text))


def token_score(predicted: str | None, gold: str) -> Score:
    """Token precision and recall of ``predicted`` against ``gold``."""
    got, want = word_counts(predicted), word_counts(gold)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    return Score(precision, recall)
