"""Who issued the document a lone «البيان» speaks for: the body named where it was first mentioned.

«وأصدرت النقابة بيانا ...» then «وأكد البيان أن ...»: the statement is the union's,
and an analyst looking for the union's words must find it under the union, not
under «البيان». The document's nearest earlier mention decides:

- «بيان صادر عن الوزارة», «بيان أصدرته الوزارة»: the body after the verb;
- «أصدرت الوزارة بيانا»: the body between the issuing verb and the document;
- «بيان للوزارة»: the body after the joined «ل» (never a pronoun: «بيان لها»);
- «الوزارة، في بيان ...»: the speaker of the statement the mention belongs to
  (:func:`occasion_of`), for the resolver to take from its earlier speakers.

When the nearest mention names nobody, the speaker stays «البيان»: a later or an
unrelated body would be a wrong speaker.
"""

from __future__ import annotations

import re
from typing import Any

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.before import ISSUE_VERBS, MAX_FRONT_SPEAKER
from marsad.analyse.statements.patterns import Phrase, Unit, speaker_phrase, units
from marsad.record import Entity
from marsad.text.normalize import normalize
from marsad.text.tokens import WORD

DOCUMENT = frozenset({"document"})
INSTITUTION = frozenset({"institution"})
# How far back, in characters, a document's mention may stand from the statement that refers to it.
MAX_DISTANCE = 3000
# Words before a document that make it the occasion of a statement («في بيان», «عبر بيان»).
OCCASION = frozenset(normalize(w) for w in ("في", "عبر", "خلال", "ضمن"))
# Text between a reporting verb and the document it was said in: no sentence ends there.
SAME_SENTENCE = re.compile(r"[^.!?؟\n]{0,200}")


def lone_document(words: list[str]) -> bool:
    """Whether a speaker phrase is a definite document word alone («البيان», «التقرير»)."""
    if len(words) != 1 or not words[0].startswith(("ال", "وال")):
        return False
    return lexicon.words().match((lexicon.bare(words[0]),), 0, kinds=DOCUMENT) is not None


def _document(norm: str) -> bool:
    """Whether a normalised word is an indefinite document («بيان», «بيانا»), as first mentioned."""
    if norm.startswith("ال"):
        return False
    accusative = norm[:-1] if norm.endswith("ا") else norm
    return any(lexicon.words().match((w,), 0, kinds=DOCUMENT) is not None for w in (norm, accusative))


def _body(word: str) -> bool:
    """Whether a bare normalised word heads a body («وزارة», «مكتب», «حركة»)."""
    return lexicon.words().match((word,), 0, kinds=INSTITUTION) is not None


def _named(text: str, span: tuple[int, int] | None, entities: list[Entity]) -> tuple[int, int] | None:
    """The issuer as named: the body or person tagged where the span starts, else a span a body word heads.

    «أصدرت وزارة الداخلية منذ قليل بيانا»: the tagged «وزارة الداخلية», not the time after it;
    a span that starts with neither («بيان نشرته الأربعاء») names nobody.
    """
    if span is None:
        return None
    tagged = next((e for e in entities if e.label in ("ORG", "PER") and abs(e.start - span[0]) <= 1 and e.end <= span[1]), None)
    if tagged is not None:
        return tagged.start, tagged.end
    words = WORD.findall(normalize(text[span[0] : span[1]]))
    return span if words and _body(lexicon.bare(words[0])) else None


def issuer_before(text: str, position: int, entities: list[Entity]) -> tuple[tuple[int, int] | None, int | None]:
    """The issuer's span at the nearest document mention before ``position``, or that mention's start.

    Returns ``(issuer, None)`` when the mention names its issuer, ``(None, start)``
    when the mention is the occasion of a statement («في بيان») whose speaker
    issued it, and ``(None, None)`` when no mention names anybody.
    """
    for unit in reversed([u for u in units(text) if u.start < position]):
        if unit.end < position - MAX_DISTANCE:
            break
        for k in range(len(unit.tokens) - 1, -1, -1):
            if unit.tokens[k].start >= position or not _document(unit.norms[k]):
                continue
            issuer = _named(text, _named_issuer(unit, k), entities)
            if issuer is not None:
                return issuer, None
            if k > 0 and unit.norms[k - 1] in OCCASION:
                return None, unit.tokens[k].start
            return None, None
    return None, None


def issuer_start(unit: Unit, after: int) -> int | None:
    """The token where an issuing verb at token ``after``, right after a document, names the
    issuer («بيان صادر عن الوزارة», «بيان أصدرته الوزارة»); None when no such verb stands there."""
    norms, n = unit.norms, len(unit.tokens)
    word = lexicon.words().match(norms, after)
    if word is not None and word.kind == "issued" and after + 1 < n and norms[after + 1] == "عن":
        return after + 2
    if word is not None and word.kind == "made":
        return after + 1
    return None


def _named_issuer(unit: Unit, k: int) -> tuple[int, int] | None:
    """The body a document mention at token ``k`` names as its issuer, if any."""
    norms, n = unit.norms, len(unit.tokens)
    after = k + 1
    first = issuer_start(unit, after)
    if first is not None:
        return _phrase_span(unit, first)
    if after < n and norms[after].startswith("ل") and _body(lexicon.bare(norms[after][1:] if norms[after][1:2] != "ل" else norms[after])):
        return _phrase_span(unit, after, 2 if norms[after].startswith("لل") else 1)  # «بيان للوزارة», never «بيان لرفض»
    for s in range(k - 1, max(-1, k - 1 - MAX_FRONT_SPEAKER), -1):
        verb = lexicon.seat(norms[s])
        if verb in ISSUE_VERBS or (verb[:1] in lexicon.CONJUNCTIONS and verb[1:] in ISSUE_VERBS):
            phrase = speaker_phrase(unit, s + 1, k - 1 - s)
            if phrase.empty or phrase.stop != k:
                return None
            return unit.tokens[phrase.first].start, unit.tokens[phrase.stop - 1].end
        if not unit.is_word(s):
            return None
    return None


def _phrase_span(unit: Unit, first: int, skip: int = 0) -> tuple[int, int] | None:
    """Character span of the speaker phrase at token ``first``, ``skip`` characters into it."""
    if first >= len(unit.tokens):
        return None
    phrase = speaker_phrase(unit, first)
    if phrase.empty or len(unit.tokens[first].text) <= skip:
        return None
    return unit.tokens[phrase.first].start + skip, unit.tokens[phrase.stop - 1].end


def occasion_of(text: str, start: int, spoken: list[tuple[int, dict[str, Any]]]) -> dict[str, Any] | None:
    """The speaker of the statement whose verb comes last before a document mentioned at ``start``.

    ``spoken`` holds ``(cue start, speaker)`` of the statements so far; the verb must
    be in the mention's sentence («وأوضح التيار، في بيان أصدره اليوم، ...»).
    """
    before = [(cue, speaker) for cue, speaker in spoken if cue < start]
    if not before or not SAME_SENTENCE.fullmatch(text[before[-1][0] : start]):
        return None
    return before[-1][1]


def issuer_phrase(unit: Unit, phrase: Phrase, skip: int) -> Phrase | None:
    """The body behind a credited document: «بيان صادر عن الوزارة», «بيان أصدرته الشركة», «بيانات المفوضية»."""
    if phrase.empty:
        return None
    word = lexicon.words().match((lexicon.bare(unit.norms[phrase.first][skip:]),), 0)
    if word is None or word.kind != "document":
        return None
    first = issuer_start(unit, phrase.stop)
    if first is not None:
        found = speaker_phrase(unit, first)
        return found if not found.empty else None
    rest = phrase.stop - phrase.first - 1
    if rest > 1 or (rest == 1 and unit.norms[phrase.first + 1].startswith("ال")):
        return speaker_phrase(unit, phrase.first + 1, phrase.stop - phrase.first - 1)
    return None
