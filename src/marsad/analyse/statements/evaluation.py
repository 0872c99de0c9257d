"""Scoring found statements against hand-made gold: detection P/R/F1 and per-field accuracy.

A gold statement gives its speaker as written, the anonymous flag, the cue text, a
short unique substring of its content, the via text (or null) and the direct flag.
A found statement matches a gold one when their cues are the same words and the
found content contains the gold substring; each found statement matches at most once.
Fields are then judged on matched pairs only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

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
class _Tally:
    """Detection counts and per-field hits over a gold set; rates as properties.

    A subclass names its judged fields in ``judged`` and starts ``correct`` at zero for each.
    """

    judged: ClassVar[tuple[str, ...]] = ()
    gold: int = 0
    found: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=dict)
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
        rates |= {name: self.accuracy(name) for name in self.judged}
        return {k: round(v, 3) for k, v in rates.items()}


@dataclass
class Scores(_Tally):
    """Counts over a gold set; rates as properties."""

    judged: ClassVar[tuple[str, ...]] = FIELDS
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))


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


# Scoring against real articles annotated with offsets (tests/gold/statements_real).
#
# A gold statement there gives the character spans of its cue and content, the
# speaker as the text names it best (``speaker``, with acceptable other mentions in
# ``speaker_alt``), the anonymous and direct flags and the relay medium's name or
# null. A found statement matches a gold one when their contents overlap by at least
# half of the shorter of the two, or when their cues overlap; each gold statement
# takes the free found one that overlaps it most, and each found one matches once.
# A via is right when it names the gold medium (a joined «ل» aside: «لرويترز»).
SPAN_FIELDS = ("speaker", "anonymous", "via", "direct")
# A found speaker may run this many words past the gold mention and still count.
SPEAKER_SLACK = 3
MIN_OVERLAP = 0.5


def _overlap(a: Sequence[int], b: Sequence[int]) -> float:
    """Overlap of two ``[start, end)`` spans as a share of the shorter one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared / shorter if shared > 0 and shorter > 0 else 0.0


def _keys(text: str | None) -> list[str]:
    """Words of a name as compared across mentions: no conjunction or article, hamza seat folded."""
    return [lexicon.seat(lexicon.bare(w)) for w in words(text)]


def names_match(found: str | None, gold: str) -> bool:
    """Whether ``found`` holds at least half of the words of ``gold`` and not many more."""
    got, want = _keys(found), _keys(gold)
    if not want or not got:
        return False
    shared = sum(1 for w in set(want) if w in got)
    return 2 * shared >= len(set(want)) and len(got) <= len(want) + SPEAKER_SLACK


def _via_match(found: str | None, gold: str) -> bool:
    """A via against the gold medium's name, a joined «ل» aside («لرويترز» = «رويترز»)."""
    if found is None:
        return False
    return names_match(found, gold) or names_match(re.sub(r"(^|\s)لـ?(?=\w)", r"\1", found), gold)


def _span_of(found: Mapping[str, Any], name: str) -> tuple[int, int]:
    return found[name]["start"], found[name]["end"]


def match_score(gold: Mapping[str, Any], found: Mapping[str, Any]) -> float:
    """How well a found statement matches a gold one (0: not at all)."""
    content = _overlap(gold["content"], _span_of(found, "content"))
    if content >= MIN_OVERLAP:
        return content + 1.0
    return 1.0 if _overlap(gold["cue"], _span_of(found, "cue")) > 0 else 0.0


@dataclass
class SpanScores(_Tally):
    """Counts over real annotated articles; rates as properties."""

    judged: ClassVar[tuple[str, ...]] = SPAN_FIELDS
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SPAN_FIELDS, 0))


def score_spans(
    text: str,
    gold: Sequence[Mapping[str, Any]],
    found: Sequence[Mapping[str, Any]],
    scores: SpanScores,
    label: str = "",
) -> None:
    """Add one article's gold statements (offsets into ``text``) and found statements to ``scores``."""
    scores.gold += len(gold)
    scores.found += len(found)
    free = set(range(len(found)))
    for g in gold:
        cue = text[g["cue"][0] : g["cue"][1]]
        head = text[g["content"][0] : g["content"][0] + 30].replace("\n", " ")
        best = max(free, key=lambda i: match_score(g, found[i]), default=None)
        if best is None or match_score(g, found[best]) == 0.0:
            scores.misses.append(f"{label}: missed {cue} / {head}")
            continue
        free.remove(best)
        f = found[best]
        scores.matched += 1
        via = f["via"]["text"] if f.get("via") else None
        speaker = f["speaker"]["text"]
        checks = {
            "speaker": any(names_match(speaker, name) for name in (g["speaker"], *g.get("speaker_alt", ()))),
            "anonymous": f["speaker"]["anonymous"] == g["anonymous"],
            "via": (via is None and g["via"] is None) or (g["via"] is not None and _via_match(via, g["via"])),
            "direct": f["direct"] == g["direct"],
        }
        for name, ok in checks.items():
            scores.correct[name] += ok
            if not ok:
                got = {"speaker": speaker, "anonymous": f["speaker"]["anonymous"], "via": via, "direct": f["direct"]}
                scores.misses.append(f"{label}: {name} of {cue} / {head}: {got[name]!r}, gold {g[name]!r}")
    for i in sorted(free):
        scores.misses.append(f"{label}: extra {found[i]['cue']['text']} / {found[i]['content']['text'][:30]}")
