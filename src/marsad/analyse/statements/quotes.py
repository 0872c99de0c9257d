"""Quotation marks around a speaker's name or description, not around what was said.

«وقالت «الجبالي» لـ«الوطن»: إن ...» (a quoted speaker), «ندوة «...»، التي نظمتها»
(a quoted name the sentence goes on about), «منظمة «هيومن رايتس ووتش» ومقرها ...»
(a body's quoted name), «وقال فلان "عضو المكتب"، إن» (a quoted aside).
"""

from __future__ import annotations

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.clauses import complementizer
from marsad.analyse.statements.lines import MAX_HEADLINE_SPEAKER
from marsad.analyse.statements.patterns import QUOTES, Phrase, Unit, closing_quote, speaker_phrase, via_at

# A short aside: a description after a quoted name («وقال «محسن دياب» مشرف القطارات إن»), or any
# comma-delimited aside before a noun content (``extract``), is at most this many tokens.
MAX_SHORT_ASIDE = 4
# A body's quoted name after its head word is at most this many words.
MAX_QUOTED_NAME = 5
INSTITUTION = frozenset({"institution"})


def quoted_speaker(unit: Unit, k: int) -> Phrase | None:
    """A quoted name right after the verb, as its speaker: what follows the quotation is «أن» or a colon.

    A medium («وقالت «الجبالي» لـ«الوطن»: إنها ...») or a short description («وقال
    «محسن دياب» مشرف القطارات إن») may come between.
    """
    if k >= len(unit.tokens) or unit.tokens[k].text not in QUOTES:
        return None
    close = closing_quote(unit, k)
    if close is None or close == k + 1 or close - k > MAX_HEADLINE_SPEAKER + 1:
        return None
    after = close + 1
    relay = via_at(unit, after)
    if relay is not None:
        after = relay[2]
    else:  # «وقال «محسن دياب» مشرف القطارات إن»: a short description after the name
        described = speaker_phrase(unit, after, MAX_SHORT_ASIDE)
        after = described.stop if not described.empty else after
    opens = complementizer(unit, after) or (after < len(unit.tokens) and unit.tokens[after].text == ":")
    return Phrase(k + 1, close) if opens else None


def named_quote(unit: Unit, close: int) -> bool:
    """Whether a quotation names something the sentence goes on about («ندوة «...»، التي نظمتها»)."""
    after = close + 1
    if after < len(unit.tokens) and unit.tokens[after].text in "،,":
        after += 1
    word = lexicon.words().match(unit.norms, after, lexicon.CONJUNCTIONS)
    return word is not None and word.kind == "relative"


def quoted_name(unit: Unit, phrase: Phrase) -> Phrase:
    """A body's head word with its quoted name after it («منظمة «هيومن رايتس ووتش» ومقرها ...»).

    The quotation is a name, not what was said, when it is short and the sentence
    goes on after it.
    """
    k = phrase.stop
    if phrase.stop != phrase.first + 1 or k >= len(unit.tokens) or unit.tokens[k].text not in QUOTES:
        return phrase
    head = lexicon.words().match((lexicon.bare(unit.norms[phrase.first]),), 0, kinds=INSTITUTION)
    close = closing_quote(unit, k)
    if head is None or close is None or close - k - 1 > MAX_QUOTED_NAME or not unit.is_word(close + 1):
        return phrase
    return Phrase(phrase.first, close + 1, phrase.affiliation, phrase.demonym)


def quoted_aside(unit: Unit, close: int) -> bool:
    """Whether a quotation describes the speaker before what was said («وقال فلان "عضو المكتب"، إن»)."""
    after = close + 1
    if after < len(unit.tokens) and unit.tokens[after].text in "،,":
        after += 1
    return complementizer(unit, after)
