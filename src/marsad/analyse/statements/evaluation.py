"""Scoring found statements against hand-made gold: detection P/R/F1 and per-field accuracy.

A gold statement gives its speaker as written, the anonymous flag, the cue text, a
short unique substring of its content, the via text (or null) and the direct flag.
A found statement matches a gold one when their cues are the same words and the
found content contains the gold substring; each found statement matches at most once.
Fields are then judged on matched pairs only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.analyse.statements import lexicon
from marsad.scores import f1_score
from marsad.text.tokens import words

FIELDS = ("speaker", "anonymous", "via", "direct", "content")
# A found speaker or via may run this many words past the gold one and still count.
SLACK = 1


def cue_key(text: str) -> str:
    """A cue's words without a trailing joined «ل» («وفقاً لـ» -> «وفقا»)."""
    found = words(text)
    if len(found) > 1 and found[-1] == "ل":
        found = found[:-1]
    return " ".join(found)


def head(text: str) -> str:
    """The first word of a phrase without conjunction or article («والمصدر» -> «مصدر»)."""
    found = words(text)
    return lexicon.bare(found[0]) if found else ""


def speaker_ok(found: str, gold: str) -> bool:
    """Same head word, and the found phrase does not swallow more than a couple of words."""
    return head(found) == head(gold) and len(words(found)) <= len(words(gold)) + SLACK


def via_ok(found: str | None, gold: str | None) -> bool:
    """Both absent, or the found via holds at least half the gold words and little more."""
    if found is None or gold is None:
        return found is None and gold is None
    got, want = words(found), words(gold)
    shared = sum(1 for w in want if w in got)
    return 2 * shared >= len(want) and len(got) <= len(want) + SLACK


def _contains(found: str, part: str) -> bool:
    """Whether the words of ``part`` occur in a row in ``found``."""
    return f" {' '.join(words(part))} " in f" {' '.join(words(found))} "


@dataclass
class Scores:
    """Counts over a gold set; rates as properties."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    def accuracy(self, name: str) -> float:
        """Share of matched statements whose field ``name`` is right."""
        return self.correct[name] / self.matched if self.matched else 0.0

    def summary(self) -> dict[str, float]:
        """Every rate, rounded, for printing and pinning."""
        rates = {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        rates |= {name: self.accuracy(name) for name in FIELDS}
        return {k: round(v, 3) for k, v in rates.items()}


def score(
    gold: Sequence[Mapping[str, Any]], found: Sequence[Mapping[str, Any]], scores: Scores, label: str = ""
) -> None:
    """Add one paragraph's gold and found statements (DESIGN.md's shape) to ``scores``."""
    scores.gold += len(gold)
    scores.found += len(found)
    free = list(range(len(found)))
    for g in gold:
        match = next(
            (
                i
                for i in free
                if cue_key(found[i]["cue"]["text"]) == cue_key(g["cue"])
                and _contains(found[i]["content"]["text"], g["content"])
            ),
            None,
        )
        if match is None:
            scores.misses.append(f"{label}: missed {g['cue']} / {g['content']}")
            continue
        free.remove(match)
        f = found[match]
        scores.matched += 1
        via = f["via"]["text"] if f["via"] is not None else None
        cue, content = f["cue"], f["content"]
        checks = {
            "speaker": speaker_ok(f["speaker"]["text"], g["speaker"]),
            "anonymous": f["speaker"]["anonymous"] == g["anonymous"],
            "via": via_ok(via, g["via"]),
            "direct": f["direct"] == g["direct"],
            # The content does not take in its own cue («... وفقاً لمصدر ...»).
            "content": not (content["start"] <= cue["start"] and cue["end"] <= content["end"]),
        }
        for name, ok in checks.items():
            scores.correct[name] += ok
            if not ok:
                scores.misses.append(
                    f"{label}: {name} of {g['cue']} / {g['content']}: {f[name] if name in f else f['speaker']}"
                )
    for i in free:
        scores.misses.append(f"{label}: extra {found[i]['cue']['text']} / {found[i]['content']['text'][:40]}")
