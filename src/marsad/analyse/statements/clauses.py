"""Where a reporting clause may open and what its speaker phrase gives: shared by the statement finders.

A clause opens at the start of a unit, after clause punctuation or a quotation
mark, after «، فيما» / «، في حين», or after «وكان» before «قد»; its speaker phrase gives
the speaker's span and those of an affiliation and a demonym in it, and ends before
the verb's object («أعلن مسؤوليته», what «وصف» describes).
"""

from __future__ import annotations

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.candidate import span
from marsad.analyse.statements.patterns import CLAUSE_PUNCT, QUOTES, Phrase, Unit, joined_body, speaker_phrase
from marsad.text.normalize import normalize

# Words before a mid-sentence attribution that are only the head of the claim
# («وتستعد الحكومة، وفقاً لمصدر، لطرح ...»), not a claim of their own.
MAX_HEAD = 3
LEAD = frozenset({"lead"})
# «بذلك», «بهذا»: a word pointing back to what was said before the verb («صرح بذلك فلان»).
ANAPHOR = frozenset({"anaphor"})
DESCRIBE = normalize("وصف")
# A feminine noun with a pronoun suffix after the verb is its object («أعلن مسؤوليته»).
POSSESSED = ("ته", "تها", "تهم", "تهما")


def speaker_fields(unit: Unit, phrase: Phrase, skip: int = 0) -> dict[str, object]:
    """Speaker, affiliation and demonym spans of a speaker phrase."""
    affiliation = demonym = None
    if phrase.affiliation is not None:
        first = phrase.affiliation
        offset = 1 if unit.norms[first].startswith("بال") or joined_body(unit.norms[first]) else 0
        affiliation = span(unit, first, phrase.stop, offset)
    if phrase.demonym is not None:
        demonym = span(unit, phrase.demonym, phrase.demonym + 1)
    return {"speaker": span(unit, phrase.first, phrase.stop, skip), "affiliation": affiliation, "demonym": demonym}


def clause_start(unit: Unit, i: int, prefixed: bool) -> bool:
    """Whether a clause may start at token ``i`` (also after «، فيما» or «، في حين», or «وكان» before «قد»)."""
    if prefixed or i == 0 or unit.tokens[i - 1].text in CLAUSE_PUNCT or unit.tokens[i - 1].text in QUOTES:
        return True
    before = lexicon.words().match(unit.norms, i - 1, lexicon.CONJUNCTIONS)
    if before is not None and before.kind == "aux" and unit.norms[i] == "قد":  # «وكان قد أكد»
        return clause_start(unit, i - 1, before.prefix != "")
    side = lexicon.words().match(unit.norms, i - 2, lexicon.CONJUNCTIONS, kinds=LEAD) if i >= 2 else None
    if side is not None and side.size == 2:  # «ومن جانبه قال ...» with no comma after it
        return i == 2 or unit.tokens[i - 3].text in CLAUSE_PUNCT
    return any(contrast(unit, c) == i for c in range(max(0, i - 3), i))


def contrast(unit: Unit, k: int) -> int | None:
    """Token after a connective at ``k`` that joins a second clause after a comma («، فيما»)."""
    if k == 0 or unit.tokens[k - 1].text not in CLAUSE_PUNCT:
        return None
    word = lexicon.words().match(unit.norms, k, ("و",))
    return k + word.size if word is not None and word.kind == "contrast" else None


def complementizer(unit: Unit, k: int) -> bool:
    """Whether token ``k`` is «أن», «إن», «فإن» and the like."""
    word = lexicon.words().match(unit.norms, k)
    return word is not None and word.kind == "complementizer"


def describer(unit: Unit, k: int, phrase: Phrase) -> Phrase:
    """The speaker of «وصف» whose phrase starts at token ``k``: what is described ends it.

    «ووصف الفنان معرضه بأنه»: a noun with a pronoun suffix is what is described; so is
    the word before «بـ"..."» or «بأنه» («ووصفت الوزارة الاعتداء بـ"الإرهابي"»), and
    when it is the phrase's first word there is no speaker («ووصفت الاعتداء بـ...»).
    """
    cut = next((m for m in range(phrase.first + 1, phrase.stop) if suffixed(unit, m)), None)
    if cut is not None:
        phrase = speaker_phrase(unit, k, cut - k)
    if phrase.stop > phrase.first + 1 and suffixed(unit, phrase.first) and unit.norms[phrase.first + 1].startswith("ب"):
        return Phrase(k, k)  # «ووصفت أداءها بالفاشل»
    manner = next((m for m in range(phrase.first + 1, phrase.stop) if _as_what(unit.norms[m])), None)
    if manner is None:
        return phrase
    return speaker_phrase(unit, k, manner - 1 - k) if manner - 1 > k else Phrase(k, k)


def _as_what(norm: str) -> bool:
    """Whether a word opens what something is described as: «بـ"..."», «بأنه» (never «بالمقطم», a place)."""
    return norm == "ب" or norm.startswith("بان")


def suffixed(unit: Unit, k: int) -> bool:
    """Whether token ``k`` is a noun with a pronoun suffix and no article («معرضه», «سياستها»)."""
    word = unit.tokens[k].text
    return len(word) > 3 and word.endswith(("ه", "ها", "هم")) and not unit.norms[k].startswith("ال")


def possessed(unit: Unit, k: int) -> bool:
    """Whether token ``k`` is a feminine noun with a pronoun suffix («مسؤوليته»), never «المتهم»."""
    word = unit.tokens[k].text
    return word.endswith(POSSESSED) and not unit.norms[k].startswith("ال") and len(word) > 5
