"""Institutions named by a head noun and a definite phrase: «وزارة الداخلية», «مجلس النواب».

ANERcorp, on which the tagger learned, leaves most such names untagged («وزارة
الداخلية» is ``O`` there), while for marsad's readers ministries, courts,
parliaments, parties and companies are organisations. This step finds a head
noun of ``data/ar/institution_heads.txt`` followed by definite words («ال...»,
«وال...», «لل...»: «حزب الحرية والعدالة», «الجهاز المركزي للمحاسبات») and makes
the whole an ORG. A head written with the article («المحكمة», «النيابة») counts
only before an adjective of the kind that names one («المحكمة الدستورية العليا»,
«النيابة العامة»). Phrases whose first definite word makes the head generic
(«مجلس الإدارة», «حركة المرور») are left alone.
"""

from __future__ import annotations

from functools import lru_cache

from marsad import data
from marsad.analyse.ner.common import ARTICLE
from marsad.lru import WORDS
from marsad.text.normalize import normalize
from marsad.text.tokens import Token

MAX_WORDS = 6
# A definite word inside the name: «الداخلية», «والعدالة», «للانتخابات».
_DEFINITE = (ARTICLE, "و" + ARTICLE, "لل", "ولل")
# Adjectives after a head with the article that make it a name («المحكمة الدستورية»).
_NAMING_ENDS = ("ي", "يه")


@lru_cache(maxsize=1)
def _head_clitics() -> tuple[str, ...]:
    """Clitics that may stand before a head («لوزارة», «وبمجلس», «للجنة»), none first, shortest first.

    Those of ``data/ar/clitics.txt`` without the article («ال», «لل»): the head itself carries it.
    """
    clitics = (c for c in data.word_list("ar/clitics.txt") if ARTICLE not in c and not c.endswith("لل"))
    return ("", *sorted(clitics, key=len))


@lru_cache(maxsize=1)
def _qualifiers() -> frozenset[str]:
    """Normalised words after a name that qualify or date it («السابق», «اليوم», «الثلاثاء»)."""
    weekdays = (line.split("\t")[0] for line in data.word_list("ar/weekdays.tsv"))
    return frozenset(normalize(w) for w in (*data.word_list("ar/institution_qualifiers.txt"), *weekdays))


@lru_cache(maxsize=1)
def _naming_words() -> frozenset[str]:
    """Normalised adjectives that make a name of a head with the article («العامه», «العليا»)."""
    return frozenset(normalize(w) for w in data.word_list("ar/institution_naming.txt"))


@lru_cache(maxsize=1)
def heads() -> frozenset[str]:
    """Normalised head nouns of institution names («وزاره», «مجلس», «محكمه»...)."""
    return frozenset(normalize(w) for w in data.word_list("ar/institution_heads.txt"))


@lru_cache(maxsize=1)
def generic() -> frozenset[str]:
    """Normalised first words after a head that make the phrase generic («الاداره», «المرور»)."""
    return frozenset(normalize(w) for w in data.word_list("ar/institution_generic.txt"))


@lru_cache(maxsize=WORDS)
def _head(norm: str) -> tuple[int, bool] | None:
    """(letters of clitics before the head, whether the head has the article) when ``norm`` is a head."""
    names = heads()
    for clitic in _head_clitics():
        if not norm.startswith(clitic):
            continue
        rest = norm[len(clitic) :]
        if rest in names:
            return len(clitic), False
        if rest.startswith(ARTICLE) and rest[len(ARTICLE) :] in names:
            return len(clitic), True
    return None


def _definite(norm: str) -> bool:
    return norm.startswith(_DEFINITE) and len(norm) > 4


def _names_one(norm: str) -> bool:
    """Whether a definite adjective after «المحكمة» makes a name of it («الدستورية», «العامة»)."""
    return norm in _naming_words() or (
        norm.startswith(ARTICLE) and norm.endswith(_NAMING_ENDS) and len(norm) > 5
    )


def _skip(text: str, letters: int) -> int:
    """Characters of ``text`` that hold its first ``letters`` normalised letters (marks included)."""
    if not letters:
        return 0
    for k in range(1, len(text) + 1):
        if len(normalize(text[:k])) >= letters:
            return k
    return len(text)


def may_hold(norms: list[str]) -> bool:
    """Whether any of these normalised words is a head (a cheap test before tokenising)."""
    return any(_head(n) is not None for n in norms)


def merge(tagged: list[tuple[int, int, str]], found: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Tagged spans plus institution spans as ORG; an institution replaces the tagged spans inside it.

    An institution that a tagged span crosses («شركة النفط» inside a longer tagged
    name) is left out: the tagger's reading stands.
    """
    spans = list(tagged)
    for start, end in found:
        inside = [t for t in spans if start <= t[0] and t[1] <= end]
        crossing = [t for t in spans if t[0] < end and start < t[1] and t not in inside]
        if crossing:
            continue
        spans = [t for t in spans if t not in inside] + [(start, end, "ORG")]
    return sorted(spans)


def institutions(
    sentence: str, tokens: list[Token], tagged: list[tuple[int, int, str]] = ()  # type: ignore[assignment]
) -> list[tuple[int, int]]:
    """Character spans (in ``sentence``) of institution names: head noun plus definite words.

    A name the tagger found right after a head without the article is part of the
    institution too («جامعة سوهاج», «حركة حماس»). Trailing words that date or
    qualify the body rather than name it («السابق», «الحالي», «اليوم», «الثلاثاء»)
    stay out.
    """
    found = []
    i = 0
    while i < len(tokens):
        head = _head(tokens[i].norm)
        if head is None:
            i += 1
            continue
        clitics, with_article = head
        j = i + 1
        while j < len(tokens) and j - i < MAX_WORDS:
            if sentence[tokens[j - 1].end : tokens[j].start].strip():
                break  # punctuation between: the name ended
            name = next((t for t in tagged if t[0] <= tokens[j].start < t[1]), None)
            if name and not with_article and j == i + 1:
                while j < len(tokens) and tokens[j].start < name[1]:
                    j += 1
                continue
            if not _definite(tokens[j].norm):
                break
            j += 1
        while j > i + 1 and tokens[j - 1].norm in _qualifiers():
            j -= 1
        first = tokens[i + 1].norm if j > i + 1 else ""
        if not first or first in generic() or (with_article and not _names_one(first)):
            i += 1
            continue
        found.append((tokens[i].start + _skip(tokens[i].text, clitics), tokens[j - 1].end))
        i = j
    return found
