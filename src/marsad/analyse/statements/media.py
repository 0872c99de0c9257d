"""The medium in a statement: its whole name as a speaker, and the relay it gives.

- «وقالت صحيفة "الراي" الكويتية إن», «وذكرت صحيفة اليوم أن»: the medium speaks, by
  its whole name (a quoted name and its nisba; a known outlet's name that is also a
  common word);
- «ونقلت وكالة ...، أمس الأحد، عن المتحدث ...»: the medium relays whom it quotes;
- «، نقلت تفاصيله وكالة ...» inside a statement, and «وفي تصريح لـ"الأهرام"، أكد»
  before its verb: the medium is the statement's via.
"""

from __future__ import annotations

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.patterns import (
    CLAUSE_PUNCT,
    MAX_MEDIUM,
    QUOTES,
    Phrase,
    Unit,
    medium_phrase,
    speaker_phrase,
    via_at,
)
from marsad.outlets import registry

# An aside between a medium's name and «عن» is at most this many words («، أمس الأحد،»).
MAX_MEDIUM_ASIDE = 4
# An aside set off by a dash after a medium's name runs at most this many tokens before «عن».
MAX_DASH_ASIDE = 18
DASHES = frozenset("-–—")
# A relay phrase opening the clause before its verb is at most this many tokens.
MAX_RELAY_BEFORE = 12


def is_medium(unit: Unit, k: int) -> bool:
    """Whether token ``k`` starts a medium's name («وكالة», «صحيفة»)."""
    head = lexicon.relays().match((lexicon.bare(unit.norms[k]),), 0)
    return head is not None and head.kind == "head"


# A medium's name that is also a common word («صحيفة اليوم») is at most this many words.
MAX_OUTLET_WORDS = 3


def medium_stop(unit: Unit, phrase: Phrase) -> int:
    """Token stop of a medium's name that starts ``phrase``, a quoted name included («صحيفة "الشرق"»).

    The name runs past where the speaker phrase stopped when the longer name is a
    known outlet's («صحيفة اليوم», where «اليوم» also means «today»); a nisba after
    a quoted name goes with it («صحيفة "الراي" الكويتية»).
    """
    k = phrase.stop
    if k == phrase.first + 1 and k < len(unit.tokens) and unit.tokens[k].text in QUOTES:
        quoted = medium_phrase(unit, k)
        if not quoted.empty:
            k = quoted.stop
            if k < len(unit.tokens) and lexicon.bare(unit.norms[k]) in lexicon.demonyms():
                k += 1
            return k
    first = phrase.first + 1
    for size in range(MAX_OUTLET_WORDS, 0, -1):
        stop = first + size
        if stop <= k or stop > len(unit.tokens) or not all(unit.is_word(t) for t in range(first, stop)):
            continue
        if registry().find(" ".join(t.text for t in unit.tokens[first:stop])) is not None:
            return stop
    return k


def source_after(unit: Unit, k: int) -> int | None:
    """Token of the «عن» that names whom a medium quotes, after its name and a short aside («، أمس الأحد، عن»)."""
    n = len(unit.tokens)
    if k < n and unit.norms[k] == "عن":
        return k
    if k + 1 < n and unit.tokens[k].text in DASHES:  # «ونقلت الصحيفة - في تحليل على موقعها - عن فلان»
        stop = next((t for t in range(k + 1, min(k + 2 + MAX_DASH_ASIDE, n)) if unit.norms[t] == "عن"), None)
        between = range(k + 1, stop) if stop is not None else range(0)
        return stop if stop is not None and all(unit.tokens[t].text not in ".:؛" for t in between) else None
    if k + 1 >= n or unit.tokens[k].text not in "،,":
        return None
    if unit.norms[k + 1] == "عن":
        return k + 1
    close = next((t for t in range(k + 1, min(k + 2 + MAX_MEDIUM_ASIDE, n)) if unit.tokens[t].text in "،,"), None)
    return close + 1 if close is not None and close + 1 < n and unit.norms[close + 1] == "عن" else None


def relayed_by(unit: Unit, m: int) -> tuple[int, int, int] | None:
    """``(start, end, next token)`` of «، نقلت تفاصيله وكالة ...» inside a statement: the medium relays it."""
    if m == 0 or unit.tokens[m - 1].text not in "،,":
        return None
    relay = lexicon.relays().match(unit.norms, m, ("و",))
    if relay is None or relay.kind != "relayed":
        return None
    name = speaker_phrase(unit, m + relay.size, MAX_MEDIUM)
    if name.empty or not is_medium(unit, name.first):
        return None
    return unit.tokens[name.first].start, unit.tokens[name.stop - 1].end, name.stop


def via_before(unit: Unit, i: int) -> tuple[int, int] | None:
    """The medium of a relay phrase that opens the clause before the verb at ``i`` («وفي تصريح لـ"الأهرام"، أكد»)."""
    if i < 2 or unit.tokens[i - 1].text not in "،,":
        return None
    start = i - 2
    while start > 0 and unit.tokens[start - 1].text not in CLAUSE_PUNCT and i - start < MAX_RELAY_BEFORE:
        start -= 1
    if start > 0 and unit.tokens[start - 1].text not in CLAUSE_PUNCT:
        return None
    found = via_at(unit, start)
    return (found[0], found[1]) if found is not None and found[2] == i - 1 else None
