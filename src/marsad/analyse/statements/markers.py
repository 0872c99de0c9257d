"""Statements credited by an attribution marker: «وفقاً للمصدر»، «بحسب مصادر مطلعة، فإن ...»، «نقلت ... عن».

The marker names the source (or a medium and, after «عن», the source it relays);
what was said is the sentence around it: after the marker when it opens the
sentence, before it when the head is the longer part.
"""

from __future__ import annotations

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.candidate import TERMINAL, Candidate, span
from marsad.analyse.statements.clauses import MAX_HEAD, clause_start, complementizer, speaker_fields
from marsad.analyse.statements.documents import issuer_phrase
from marsad.analyse.statements.patterns import Phrase, Unit, speaker_phrase, via_at
from marsad.text.normalize import normalize

# «وفق تعبيره», «بحسب وصفها»: nouns for one's own words, with a pronoun suffix.
CREDIT_NOUNS = tuple(normalize(w) for w in ("تعبير", "قول", "وصف", "كلام"))
POSSESSIVE = frozenset({"ه", "ها", "هم", "هما"})
NORM = frozenset({"norm"})


def _own_words(unit: Unit, phrase: Phrase) -> bool:
    """Whether a marker's phrase is the speaker's own words («وفق تعبيره»): it repeats a credit already given."""
    if phrase.stop - phrase.first != 1:
        return False
    norm = unit.norms[phrase.first]
    return any(norm.startswith(noun) and norm[len(noun) :] in POSSESSIVE for noun in CREDIT_NOUNS)


def _norm(unit: Unit, phrase: Phrase) -> bool:
    """Whether a marker's phrase is a rule or a kind followed, not a source («وفقاً للقانون», «حسب نوع الصك»)."""
    if phrase.empty:
        return False
    return lexicon.words().match((lexicon.bare(unit.norms[phrase.first]),), 0, kinds=NORM) is not None


def marker_statement(unit: Unit, i: int) -> tuple[Candidate, int] | None:
    """A statement credited by an attribution marker at token ``i`` («وفقاً للمصدر»)."""
    norms, tokens, n = unit.norms, unit.tokens, len(unit.tokens)
    marker = lexicon.markers().match(norms, i, ("و",))
    if marker is None or not clause_start(unit, i, marker.prefix != ""):
        return None
    k = i + marker.size
    skip = 1 if marker.joined else 0
    cue_end = tokens[k].start + 1 if marker.joined else tokens[k - 1].end
    via = None
    if marker.kind == "clause":
        verb = lexicon.cues().match(norms, k)
        if verb is None:
            return None
        k += verb.size
        cue_end = tokens[k - 1].end
    phrase = speaker_phrase(unit, k)
    if marker.kind == "medium" and not phrase.empty:
        via = span(unit, phrase.first, phrase.stop)
        if phrase.stop < n and norms[phrase.stop] == "عن":
            phrase = speaker_phrase(unit, phrase.stop + 1)
    if (phrase.empty and marker.kind != "clause") or _own_words(unit, phrase) or _norm(unit, phrase):
        return None
    issuer = issuer_phrase(unit, phrase, skip)
    if issuer is not None:
        phrase, skip = issuer, 0
    fields: dict[str, object] = speaker_fields(unit, phrase, skip) if not phrase.empty else {"speaker": None}
    after = phrase.stop
    verb = lexicon.cues().match(norms, after)
    if verb is not None and verb.kind != "ambiguous":  # «بحسب مصادر تحدثت لموقع ...»
        after += verb.size
    found = via_at(unit, after)
    if found is not None:
        via, after = (found[0], found[1]), found[2]
    while after < n and (tokens[after].text in TERMINAL or complementizer(unit, after)):
        after += 1
    stop = n
    while stop > 0 and tokens[stop - 1].text in TERMINAL:
        stop -= 1
    before = i
    while before > 0 and tokens[before - 1].text in TERMINAL:
        before -= 1
    following = sum(unit.is_word(t) for t in range(after, stop))
    preceding = sum(unit.is_word(t) for t in range(before))
    if before == 0 and after < stop:
        content = span(unit, after, stop)
    elif before > 0 and (following < 2 or preceding > MAX_HEAD and preceding >= following):
        content = span(unit, 0, before)
    elif before > 0 and preceding > MAX_HEAD:
        content = span(unit, after, stop)
    elif before > 0:
        # «وتضمن (البند الثالث)، وفقاً للمصدر، على ...»: a span is one piece, and the
        # short head is the claim's subject, so the whole sentence is the content.
        content = span(unit, 0, stop)
    else:
        return None
    cue = (tokens[i].start + len(marker.prefix), cue_end)
    return Candidate(cue, content, False, joined=bool(skip), via=via, **fields), n  # type: ignore[arg-type]
