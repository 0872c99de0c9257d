"""Token-level building blocks: quote-aware units, speaker phrases, media names.

A *unit* is a sentence (``marsad.text.sentences``), or several when a quotation
opened in one closes in a later one. Units are tokenised with offsets into the
article text; matching uses each token's normalised form.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from marsad.analyse.statements import lexicon
from marsad.record import Entity
from marsad.text.normalize import normalize
from marsad.text.sentences import sentence_spans
from marsad.text.tokens import Token, tokenize

# Opening quotation mark -> its closing mark.
QUOTES = {"«": "»", "“": "”", '"': '"', "„": "“"}
CLOSERS = frozenset(QUOTES.values())
# Punctuation after which a new clause (and a reporting verb) may start.
CLAUSE_PUNCT = frozenset("،,؛;:(-–—")
PRONOUN = frozenset({"pronoun"})
INSTITUTION = frozenset({"institution"})
# A headline or subhead line is at most this many characters long.
MAX_LINE = 250
# Longest run of sentences one quotation may span.
MAX_QUOTE_SENTENCES = 8
# Longest speaker phrase and medium name, in tokens.
MAX_SPEAKER = 9
MAX_MEDIUM = 5


@dataclass(frozen=True, slots=True)
class Unit:
    """Tokens of one sentence (or quotation-joined sentences), offsets into the article."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    norms: tuple[str, ...]
    line: bool = False  # the unit starts a short line of the text (a headline or subhead may be)

    def is_word(self, i: int) -> bool:
        """Whether token ``i`` is a word or number (not punctuation)."""
        return 0 <= i < len(self.tokens) and self.tokens[i].text[0].isalnum()


@dataclass(frozen=True, slots=True)
class Phrase:
    """Token range ``[first, stop)`` of a speaker or medium, with what it says of affiliation."""

    first: int
    stop: int
    affiliation: int | None = None  # token index where the affiliated body starts
    demonym: int | None = None  # token index of a nisba adjective («تركي»)

    @property
    def empty(self) -> bool:
        return self.stop <= self.first


def _unbalanced(text: str) -> bool:
    """Whether a quotation opens in ``text`` without closing."""
    return text.count("«") > text.count("»") or text.count("“") > text.count("”") or text.count('"') % 2 == 1


def units(text: str) -> list[Unit]:
    """The article's units, in order."""
    spans = list(sentence_spans(text))
    merged: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i
        while _unbalanced(text[start:end]) and j + 1 < len(spans) and j - i < MAX_QUOTE_SENTENCES:
            j += 1
            end = spans[j][1]
        if _unbalanced(text[start:end]):
            end, j = spans[i][1], i
        merged.append((start, end))
        i = j + 1
    tokens = tokenize(text)  # once for the whole text; each unit takes its slice
    starts = [t.start for t in tokens]
    found = []
    for start, end in merged:
        part = tuple(tokens[bisect_left(starts, start) : bisect_left(starts, end)])
        found.append(Unit(start, end, part, tuple(t.norm for t in part), _whole_line(text, start, end)))
    return found


# A label before «..» at the head of a line («فيديو.. فلان: ...») is at most this many characters.
MAX_LABEL = 25


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts a short line («فلان: ...» split at «..» still counts).

    A short label and «..» before it on its line («فيديو.. فلان: ...») still leave it a line's start.
    """
    k = start
    while k > 0 and text[k - 1] == " ":
        k -= 1
    stop = text.find("\n", start)
    if (stop if stop >= 0 else len(text)) - start > MAX_LINE:
        return False
    if k == 0 or text[k - 1] == "\n":
        return True
    head = text[text.rfind("\n", 0, k) + 1 : k]
    return len(head) <= MAX_LABEL and head.endswith("..") and "\n" not in head


def _unit(text: str, start: int, end: int, line: bool = False) -> Unit:
    """Tokenise ``text[start:end]`` with offsets into ``text``."""
    tokens = tuple(
        Token(t.start + start, t.end + start, t.text, t.norm, t.stem) for t in tokenize(text[start:end])
    )
    return Unit(start, end, tokens, tuple(t.norm for t in tokens), line)


def closing_quote(unit: Unit, i: int) -> int | None:
    """Index of the mark closing the quotation opened at token ``i``, if in the unit."""
    closer = QUOTES.get(unit.tokens[i].text)
    if closer is None:
        return None
    for k in range(i + 1, len(unit.tokens)):
        if unit.tokens[k].text == closer:
            return k
    return None


@lru_cache(maxsize=4096)
def _is_stop_word(norm: str) -> bool:
    """Whether a single normalised word ends a speaker phrase on its own."""
    hit = lexicon.words().match((norm,), 0, lexicon.CONJUNCTIONS)
    return hit is not None and hit.size == 1 and hit.kind in ENDS_SPEAKER


# Kinds of statement words that end a speaker phrase.
ENDS_SPEAKER = frozenset(
    {"complementizer", "about", "aux", "relative", "filler", "stop", "contrast", "object", "issued", "made"}
)


def boundary(unit: Unit, k: int, first: int) -> bool:
    """Whether token ``k`` cannot belong to a speaker phrase that starts at ``first``."""
    norms = unit.norms
    if not unit.is_word(k) or _is_stop_word(norms[k]):
        return True
    if k > first and (unit.tokens[k].text[0].isdigit() or norms[k] in lexicon.weekdays()):
        return True  # a date or figure: «في 16 آذار», «وول ستريت جورنال السبت»
    word = lexicon.words().match(norms, k, lexicon.CONJUNCTIONS)
    if word is not None and word.kind in ("stop", "contrast"):
        return True
    relay = lexicon.relays().match(norms, k, ("و",))
    if relay is not None and relay.kind in ("to", "by"):
        return True
    if lexicon.markers().match(norms, k, ("و",)) is not None:
        return True
    anonymous = lexicon.anonymous().match(norms, k)
    if anonymous is not None and anonymous.kind == "qualifier":
        return True
    cue = lexicon.cues().match(norms, k, lexicon.CONJUNCTIONS)
    if cue is not None and k == first and cue.kind.startswith("participle"):
        return True  # «وأضاف قائلا:»: the speaker is left out
    # «مصادر مطلعة تحدثت لموقع ...»: an unambiguous verb ends the phrase even unprefixed.
    return k > first and cue is not None and (cue.prefix != "" or cue.kind not in ("ambiguous", "passive"))


def _dangling(norm: str) -> bool:
    """Whether a word cannot end a speaker phrase: a preposition left without its object."""
    hit = lexicon.words().match((norm,), 0)
    return hit is not None and hit.kind == "affiliation"


# «ووصف هذا الالتزام بأنه ...»: what is described, where a speaker would stand.
DEMONSTRATIVES = frozenset({"هذا", "هذه", "ذلك", "تلك", "هؤلاء"})
# «تحدث فيه مرسي»: where it was said, between the verb and its speaker.
IN_IT = frozenset({"فيه", "فيها", "فيهم"})
# «وقال لهم إن»: whom it was said to, where a speaker would stand.
TO_PRONOUNS = frozenset({"له", "لها", "لهم", "لهما", "لهن", "لنا", "لي", "لكم"})


def _circumstance(unit: Unit, first: int) -> bool:
    """Whether a circumstance opens at ``first`` where a speaker would («وقال في شهادته إن», «وقال لهم إن»).

    No speaker phrase starts with «في», with «ل» and a pronoun, or with a
    demonstrative («ووصف هذا الالتزام بأنه»): the speaker is then left out, and
    goes on from one named before.
    """
    norm = unit.norms[first]
    return (norm == "في" and unit.is_word(first + 1)) or norm in TO_PRONOUNS or norm in DEMONSTRATIVES


# Pronoun suffixes that make «في استقالته», «في كلمتها» the speaker's circumstance, not their body.
POSSESSIVE_ENDINGS = ("ه", "ها", "هم", "هما")


def _own_circumstance(unit: Unit, k: int) -> bool:
    """Whether «في» and a noun with a pronoun suffix start at ``k`` («وأضاف ربيع في استقالته أن»)."""
    if unit.norms[k] != "في" or not unit.is_word(k + 1):
        return False
    word = unit.tokens[k + 1].text
    return len(word) > 3 and word.endswith(POSSESSIVE_ENDINGS)


PREPOSITION = frozenset({"preposition"})
# A speaker's own word with a pronoun suffix, not an object («الرئيس نفسه»).
SELF = frozenset(normalize(w) for w in ("نفسه", "نفسها", "نفسهم", "أنفسهم", "ذاته", "ذاتها", "كله", "كلهم", "جميعهم"))
SUFFIXES = ("ه", "ها", "هم", "هما")


def preposed(unit: Unit, k: int) -> bool:
    """Whether token ``k`` opens a prepositional phrase, which no speaker starts with.

    «وطالبوا بحل الجماعة», «وقال من العيب», «وحذرت بشدة», «وقالت لفرانس برس»: what
    was asked for, a manner or whom it was said to stands where a speaker would.
    """
    if lexicon.words().match(unit.norms, k, kinds=PREPOSITION) is not None:
        return True
    return joined_preposition(unit.norms[k])


@lru_cache(maxsize=8192)
def joined_preposition(norm: str) -> bool:
    """Whether a word reads as «ب» or «ل» joined to a noun («بحل», «لفرانس», «للمكتب»), not as a name.

    The word after the preposition is more common in the corpus on its own or with
    the article than with the preposition («حل», «الحل» against «بحل»; a two-letter
    rest with the article only); a person name of the gazetteer («بشار», «لطفي») never
    reads so.
    """
    if len(norm) < 3 or norm[0] not in "بل" or norm in lexicon.given_names():
        return False
    if norm.startswith(("بال", "لل")):
        return True
    counts = lexicon.word_counts()
    rest = norm[1:]
    if len(rest) == 2:  # «بحل»: only the article form counts, «ان» alone would make «بان» a preposition
        return counts.get("ال" + rest, 0) > counts.get(norm, 0)
    return counts.get(rest, 0) + counts.get("ال" + rest, 0) > counts.get(norm, 0)


def _object_start(unit: Unit, k: int) -> bool:
    """Whether token ``k``, after a definite word, starts the verb's object, not more of its speaker.

    «أكد الأزهر تمسكه بـ...», «شددت الأجهزة الأمنية إجراءاتها»: a noun with a pronoun
    suffix cannot follow a definite noun inside one name; nor can «ب» and a verbal noun
    («طالب الحزب المصري باستقالة الوزير»), unless it joins the speaker's body or
    place («بوزارة», «بالسويس», «بمصر», «باسم»).
    """
    if k == 0 or not unit.norms[k - 1].startswith(("ال", "وال")):
        return False
    norm, text = unit.norms[k], unit.tokens[k].text
    if norm in lexicon.given_names() or norm in SELF or norm.startswith("ال"):
        return False
    if norm.startswith("ب"):
        base = next((norm[: -len(end)] for end in SUFFIXES if norm.endswith(end) and len(norm) - len(end) > 3), norm)
        if norm.startswith("بال") or joined_body(norm) or (base == norm and norm[1:] in lexicon.places()):
            return False  # «بالسويس», «بوزارة», «بمصر»: where the speaker is
        if lexicon.words().match((base,), 0) is not None:
            return False  # «باسم», «باسمه»: whom the speaker speaks for
        return joined_preposition(norm)
    return len(text) > 3 and text.endswith(SUFFIXES) and norm[0] not in "وفل"


def speaker_phrase(unit: Unit, first: int, limit: int = MAX_SPEAKER) -> Phrase:
    """The speaker phrase starting at token ``first`` (empty when none starts there)."""
    if first < len(unit.tokens) and _circumstance(unit, first):
        return Phrase(first, first)
    if first + 1 < len(unit.tokens) and unit.norms[first] in IN_IT and unit.is_word(first + 1):
        first += 1  # «تحدث فيه مرسي عن ...»: the speaker comes after «فيه»
    k = first
    affiliation = demonym = None
    while k < len(unit.tokens) and k - first < limit and not boundary(unit, k, first) and not _own_circumstance(unit, k):
        if k > first and _object_start(unit, k):
            break  # «أكد الأزهر تمسكه بـ...»: the verb's object
        word = lexicon.words().match(unit.norms, k)
        if k > first and affiliation is None and word is not None and word.kind == "affiliation":
            if k + 1 < len(unit.tokens) and unit.is_word(k + 1):
                affiliation = k + 1
        elif k > first and affiliation is None and unit.norms[k].startswith("بال") and len(unit.norms[k]) > 4:
            affiliation = k
        elif k > first and affiliation is None and joined_body(unit.norms[k]):
            affiliation = k  # «مصدر أمني بمطار القاهرة», «مصدر برئاسة مجلس الوزراء»
        elif k > first and demonym is None and lexicon.bare(unit.norms[k]) in lexicon.demonyms():
            demonym = k
        k += 1
    while k > first + 1 and _dangling(unit.norms[k - 1]):  # «وزارة الخارجية في» + a date
        k -= 1
    if affiliation is not None and affiliation >= k:
        affiliation = None
    return Phrase(first, k, affiliation, demonym)


def joined_body(norm: str) -> bool:
    """Whether a word is «ب» joined to an institution's name («بوزارة», «برئاسة», «بمطار»)."""
    return norm.startswith("ب") and not norm.startswith("بال") and lexicon.words().match(
        (norm[1:],), 0, kinds=INSTITUTION
    ) is not None


def medium_phrase(unit: Unit, first: int) -> Phrase:
    """A medium's name at token ``first``: a quotation or a few words."""
    if first < len(unit.tokens) and unit.tokens[first].text in QUOTES:
        close = closing_quote(unit, first)
        if close is not None and close - first <= MAX_MEDIUM + 3:
            return Phrase(first, close + 1)
        return Phrase(first, first)
    phrase = speaker_phrase(unit, first, MAX_MEDIUM)
    stop = phrase.first
    while stop < phrase.stop and not (stop > first and unit.norms[stop].startswith("و")):
        stop += 1
    return Phrase(first, stop)


def via_at(unit: Unit, k: int) -> tuple[int, int, int] | None:
    """``(start, end, next token)`` of a relay phrase and medium name at token ``k``."""
    relay = lexicon.relays().match(unit.norms, k, ("و",))
    if relay is None or relay.kind != "to":
        return None
    after = k + relay.size
    if relay.joined and lexicon.words().match((unit.norms[after][1:],), 0, kinds=PRONOUN) is not None:
        return None  # «في تصريح له»: the medium, if any, comes later («... لوكالة الأنباء»)
    name = medium_phrase(unit, after)
    if name.empty:
        return None
    if name.stop == name.first + 1 and name.stop < len(unit.tokens) and unit.tokens[name.stop].text in QUOTES:
        quoted = medium_phrase(unit, name.stop)  # «مع برنامج "هنا العاصمة"»: the head and its quoted name
        if not quoted.empty:
            name = Phrase(name.first, quoted.stop)
    word = "ال" + lexicon.bare(unit.norms[after]) if relay.joined else unit.norms[after]  # «للصحفيين»
    audience = lexicon.relays().match((word, *unit.norms[after + 1 : name.stop]), 0)
    if audience is not None and audience.kind == "audience":
        return None  # «في تصريحات للصحفيين»: who heard it, not a medium
    # The via starts at the relay's last word: «في تصريح خاص لـ"الوطن"» -> «لـ"الوطن"».
    last = after if relay.joined else after - 1
    start = unit.tokens[k].start + len(relay.prefix) if last == k else unit.tokens[last].start
    return start, unit.tokens[name.stop - 1].end, name.stop


def medium_name(text: str) -> str:
    """The name in a via phrase: «لصحيفة الشرق الأوسط» -> «الشرق الأوسط»."""
    unit = _unit(text, 0, len(text))
    k, offset = 0, 0
    relay = lexicon.relays().match(unit.norms, 0, ("و",))
    if relay is not None and relay.kind in ("to", "by"):
        k = relay.size
        offset = 1 if relay.joined else 0
    if k < len(unit.tokens):
        head = lexicon.relays().match((unit.norms[k][offset:],), 0)
        if head is not None and head.kind == "head" and k + 1 < len(unit.tokens):
            k, offset = k + 1, 0
    start = unit.tokens[k].start + offset if k < len(unit.tokens) else 0
    return text[start:].strip().strip("".join(QUOTES) + "".join(CLOSERS)).strip() or text


def overlapping(entities: list[Entity], start: int, end: int, labels: tuple[str, ...] = ()) -> Entity | None:
    """The first entity overlapping ``[start, end)``, preferring the order of ``labels``."""
    found = [e for e in entities if e.start < end and start < e.end and (not labels or e.label in labels)]
    if labels:
        found.sort(key=lambda e: labels.index(e.label))
    return found[0] if found else None
