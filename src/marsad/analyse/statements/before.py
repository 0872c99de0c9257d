"""What comes before a reporting verb: its speaker, or what was said.

- a speaker written ahead of its verb: «الوزير قال إن», «لكن الاتحاد الدولي أكد»,
  «وكانت الهيئة قد أعلنت», «وكان الجهاز القومي، أعلن اليوم، أنه», and the body
  that issued the document a relative «قال فيه» speaks in («وأصدر الجيش بيانا
  قال فيه إن»);
- what was said before the verb: a quotation («"..."، قال الوزير») or, after a bare
  «قال» and the like, the unquoted clause before the comma («...، قال الوزير.»);
- the sentence before, which «صرح بذلك فلان» at a clause start credits.
"""

from __future__ import annotations

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.candidate import MIN_OBJECT, TERMINAL, Candidate, span
from marsad.analyse.statements.clauses import ANAPHOR, clause_start, speaker_fields
from marsad.analyse.statements.patterns import (
    CLAUSE_PUNCT,
    CLOSERS,
    Phrase,
    Unit,
    closing_quote,
    speaker_phrase,
)
from marsad.text.normalize import normalize

# A speaker written before its verb is at most this many words long.
MAX_FRONT_SPEAKER = 6
# Connectives before a speaker written ahead of its verb («لكن الاتحاد أكد»), normalised.
BUT = frozenset({"لكن", "ولكن", "بل"})
DOCUMENT = frozenset({"document"})


def front_speaker(unit: Unit, i: int) -> tuple[Phrase, int] | None:
    """A speaker written before its verb at token ``i`` («الوزير قال»), with its character skip."""
    if i > 1 and unit.norms[i] == "قد" and (found := _front_before_qad(unit, i)) is not None:
        return found
    if i > 2 and unit.tokens[i - 1].text in "،,":
        return _front_after_aux(unit, i - 1)
    if (issuer := _issued_before(unit, i)) is not None:
        return issuer
    s = i
    while s > 0 and unit.is_word(s - 1) and i - s < MAX_FRONT_SPEAKER:
        s -= 1
    if s == i or (s > 0 and unit.tokens[s - 1].text not in CLAUSE_PUNCT):
        return None
    if s + 1 < i and unit.norms[s] in BUT:  # «لكن الاتحاد الدولي أكد»
        s += 1
    norm = unit.norms[s]
    if norm.startswith("و") and not norm.startswith("وال"):
        return None  # «وأصدر الجيش ... قال»: a clause opened by another verb, not a subject
    skip = 1 if norm.startswith("وال") else 0
    head = lexicon.anonymous().match((lexicon.bare(norm),), 0)
    definite = norm[skip:].startswith("ال") or (s + 1 < i and unit.norms[s + 1].startswith("ال"))  # «رئيس الوزراء»
    if not (definite or (head is not None and head.kind == "head")):
        return None
    phrase = speaker_phrase(unit, s, i - s)
    return (phrase, skip) if phrase.stop == i else None


# «وأصدر الجيش بيانا قال فيه إن»: verbs that issue the document a relative «قال فيه» speaks in.
ISSUE_VERBS = frozenset(normalize(w) for w in ("أصدر", "أصدرت", "أصدروا", "نشر", "نشرت", "وزع", "وزعت"))


def _issued_before(unit: Unit, i: int) -> tuple[Phrase, int] | None:
    """The body that issued a document which the verb at ``i`` speaks in («وأصدر الجيش بيانا قال فيه إن»)."""
    if i < 3:
        return None
    noun = lexicon.bare(unit.norms[i - 1])
    accusative = noun[:-1] if noun.endswith("ا") else noun  # «بيانا»
    if all(lexicon.words().match((w,), 0, kinds=DOCUMENT) is None for w in (noun, accusative)):
        return None
    for s in range(i - 2, max(-1, i - 2 - MAX_FRONT_SPEAKER), -1):
        verb = lexicon.seat(unit.norms[s])
        if verb in ISSUE_VERBS or (verb[:1] in lexicon.CONJUNCTIONS and verb[1:] in ISSUE_VERBS):
            phrase = speaker_phrase(unit, s + 1, i - 2 - s)
            return (phrase, 0) if not phrase.empty and phrase.stop == i - 1 else None
        if not unit.is_word(s):
            return None
    return None


def _front_after_aux(unit: Unit, end: int) -> tuple[Phrase, int] | None:
    """«وكان الجهاز القومي، أعلن اليوم، أنه»: a definite subject after «وكان», closed by a comma at ``end``."""
    for s in range(end - 1, max(0, end - MAX_FRONT_SPEAKER) - 1, -1):
        if not unit.is_word(s):
            return None
        aux = lexicon.words().match(unit.norms, s - 1, lexicon.CONJUNCTIONS) if s > 0 else None
        if aux is not None and aux.kind == "aux" and (s == 1 or unit.tokens[s - 2].text in CLAUSE_PUNCT):
            phrase = speaker_phrase(unit, s, end - s)
            definite = any(unit.norms[t].startswith("ال") for t in range(s, end))  # «تحقيقات جهاز الكسب»
            return (phrase, 0) if definite and phrase.stop == end else None
    return None


# «وكانت تحريات جهاز الكسب، برئاسة فلان، قد كشفت»: the subject between «وكانت» and «قد» is this long at most.
MAX_KANA_SUBJECT = 16


def _front_before_qad(unit: Unit, qad: int) -> tuple[Phrase, int] | None:
    """The subject of «وكانت ... قد كشفت»: the speaker phrase after the auxiliary that opens the clause."""
    for s in range(qad - 1, max(-1, qad - MAX_KANA_SUBJECT - 1), -1):
        aux = lexicon.words().match(unit.norms, s, lexicon.CONJUNCTIONS)
        if aux is not None and aux.kind == "aux" and unit.norms[s] != "قد":
            if s > 0 and unit.tokens[s - 1].text not in CLAUSE_PUNCT:
                return None
            phrase = speaker_phrase(unit, s + aux.size, qad - s - aux.size)
            return (phrase, 0) if not phrase.empty else None
    return None


def quote_before(
    unit: Unit, i: int, cue: tuple[int, int], phrase: Phrase, fields: dict[str, object], plain: bool = False
) -> tuple[Candidate, int] | None:
    """A quotation closed just before the verb at ``i`` («"..."، قال الوزير»).

    With ``plain`` (a bare «قال» and the like, nothing said after it), the clause
    before the comma is what was said even unquoted («الحكومة لن تتراجع، قال
    الوزير.»), when it runs from the sentence's start and has no reporting verb.
    """
    k = i - 1
    while k >= 0 and unit.tokens[k].text in "،,":
        k -= 1
    if k < 1 or phrase.empty:
        return None
    if unit.tokens[k].text not in CLOSERS:
        if not plain or k == i - 1 or sum(unit.is_word(t) for t in range(k + 1)) < MIN_OBJECT:
            return None
        if any(lexicon.cues().match(unit.norms, t, lexicon.CONJUNCTIONS) for t in range(k + 1)):
            return None
        return Candidate(cue, span(unit, 0, k + 1), False, **fields), phrase.stop  # type: ignore[arg-type]
    opener = next((o for o in range(k - 1, -1, -1) if closing_quote(unit, o) == k), None)
    if opener is None or opener + 1 == k or (opener > 0 and unit.tokens[opener - 1].text not in CLAUSE_PUNCT):
        return None
    content = span(unit, opener + 1, k)
    return Candidate(cue, content, True, **fields), phrase.stop  # type: ignore[arg-type]


def said_before(unit: Unit, i: int, previous: Unit | None) -> tuple[Candidate, int] | None:
    """«صرح بذلك فلان»: a verb at a clause start pointing back to the sentence before, which is the content."""
    norms, n = unit.norms, len(unit.tokens)
    cue = lexicon.cues().match(norms, i, lexicon.CONJUNCTIONS)
    if previous is None or cue is None or cue.kind in ("passive", "participle") or not clause_start(unit, i, True):
        return None
    k = i + cue.size
    if lexicon.words().match(norms, k, kinds=ANAPHOR) is None:
        return None
    phrase = speaker_phrase(unit, k + 1)
    if phrase.empty:
        return None
    first, stop = 0, len(previous.tokens)
    while stop > first and previous.tokens[stop - 1].text in TERMINAL:
        stop -= 1
    if sum(previous.is_word(t) for t in range(first, stop)) < MIN_OBJECT:
        return None
    content = span(previous, first, stop)
    cue_span = (unit.tokens[i].start + len(cue.prefix), unit.tokens[k].end)
    return Candidate(cue_span, content, False, **speaker_fields(unit, phrase)), min(phrase.stop, n)  # type: ignore[arg-type]
