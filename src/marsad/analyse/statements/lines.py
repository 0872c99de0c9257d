"""Whole-line shapes: a headline or subhead «فلان: ...», a list line, a quotation paragraph."""

from __future__ import annotations

from marsad.analyse.points import ordinals
from marsad.analyse.statements import lexicon
from marsad.analyse.statements.candidate import ANY, ON, TERMINAL, Candidate, span
from marsad.analyse.statements.patterns import QUOTES, Unit, closing_quote, speaker_phrase, via_at

# A headline is at most this many tokens; its speaker at most this many words, and a
# label before «|» or a circumstance before the colon («في ختام زيارته») this many.
MAX_HEADLINE = 40
MAX_HEADLINE_SPEAKER = 5
MAX_HEADLINE_LABEL = 4
# «البرادعي معلقا على أحداث المقطم: ...»: a circumstance before the colon, at most this many words.
MAX_HEADLINE_CIRCUMSTANCE = 8
CIRCUMSTANCE = frozenset({"circumstance"})
# A list line opens with a mark, a number and one of these, or «أولاً».
LIST_MARKS = frozenset("-–•*")
LIST_NUMBER_ENDS = frozenset("-–).")


def headline(unit: Unit) -> tuple[Candidate, int] | None:
    """A line «فلان: ...» or «فلان يؤكد ...» (a headline or subhead), and the token after it."""
    tokens, norms, n = unit.tokens, unit.norms, len(unit.tokens)
    if not unit.line or n > MAX_HEADLINE or (tokens[-1].text == "." and n > 1 and tokens[-2].text != "."):
        return None  # a headline has no full stop («..» aside); a body sentence «فلان قال: ...» is a verb statement
    s = next((t + 1 for t in range(min(n, MAX_HEADLINE_LABEL)) if tokens[t].text == "|"), 0)  # «بالفيديو |»
    if s >= n or lexicon.cues().match(norms, s, lexicon.CONJUNCTIONS) is not None:
        return None  # «وقال فلان: ...» is a verb statement
    if tokens[s].text in QUOTES:
        close = closing_quote(unit, s)
        if close is None or close == s + 1 or close - s > MAX_HEADLINE_SPEAKER + 1:
            return None
        speaker, k = span(unit, s + 1, close), close + 1
        if k < n and unit.is_word(k) and lexicon.cues().match(norms, k) is None:  # «"الاتحاد" بدمياط:»
            k = speaker_phrase(unit, k, 2).stop
    else:
        phrase = speaker_phrase(unit, s, MAX_HEADLINE_SPEAKER)
        if phrase.empty:
            return None
        cut = next((m for m in range(phrase.first + 1, phrase.stop) if _circumstance(unit, m)), phrase.stop)
        speaker, k = span(unit, phrase.first, cut), cut
    via = None
    relay = via_at(unit, k)
    if relay is not None:  # «وزير المالية لـ"الشروق": ...»
        via, k = (relay[0], relay[1]), relay[2]
    reach = MAX_HEADLINE_CIRCUMSTANCE if _circumstance(unit, k) else MAX_HEADLINE_LABEL
    colon = next((t for t in range(k, min(k + reach + 1, n)) if tokens[t].text == ":"), None)
    if colon is not None and all(unit.is_word(t) and lexicon.cues().match(norms, t) is None for t in range(k, colon)):
        cue, first = span(unit, colon, colon + 1), colon + 1
    else:
        verb = lexicon.cues().match(norms, k)
        if verb is None or verb.kind.startswith("participle") or verb.kind == "passive":
            return None
        cue, first = span(unit, k, k + verb.size), k + verb.size
        word = lexicon.words().match(norms, first)
        if first < n and (tokens[first].text == ":" or (word is not None and word.kind in ("complementizer", "about"))):
            first += word.size if word is not None and tokens[first].text != ":" else 1
        elif first < n and lexicon.words().match(norms, first, kinds=ON) is not None:
            first += 1  # «تؤكد على مراعاة ...»
    stop = n
    while stop > first and tokens[stop - 1].text in TERMINAL:
        stop -= 1
    if sum(unit.is_word(t) for t in range(first, stop)) < 2:
        return None
    direct = tokens[first].text in QUOTES and closing_quote(unit, first) == stop - 1
    content = span(unit, first + 1, stop - 1) if direct else span(unit, first, stop)
    return Candidate(cue, content, direct, speaker=speaker, headline=True, via=via), n


def _circumstance(unit: Unit, k: int) -> bool:
    """Whether a circumstance of the speaker opens at token ``k`` («معلقا على», «خلال زيارته»)."""
    return lexicon.words().match(unit.norms, k, kinds=CIRCUMSTANCE) is not None


def list_item(unit: Unit) -> bool:
    """Whether a unit is a line of a list: «- ...», «1- ...», «أولاً: ...»."""
    if not unit.line or len(unit.tokens) < 2:
        return False
    first = unit.tokens[0].text
    if first in LIST_MARKS or (first.isdigit() and unit.tokens[1].text in LIST_NUMBER_ENDS):
        return True
    ordinal = ordinals().get(unit.norms[0])
    return ordinal is not None and ordinal[1] == "adverb"


def quoted_paragraph(unit: Unit) -> Candidate | None:
    """A paragraph that is one quotation with no verb of its own: what the last speaker goes on saying."""
    tokens, n = unit.tokens, len(unit.tokens)
    if not unit.line or n < 3 or tokens[0].text not in QUOTES:
        return None
    close = closing_quote(unit, 0)
    if close is None or close < 3 or any(t.text not in TERMINAL for t in tokens[close + 1 :]):
        return None
    return Candidate(span(unit, 0, 1), span(unit, 1, close), True, speaker=None, agreement=ANY)
