"""Naming a speaker best: the whole person behind a mention, as a reader would name them.

The extractor cuts a speaker phrase from the words after the verb, which is often
less than the person it stands for:

- the phrase stops inside a name the tagger found whole («الدكتور سامي» of «سامي
  علي منصور», where «علي» reads as the preposition «على»), or at its word limit:
  :func:`through_person` runs it to the name's end;
- a medium is joined to its end by «ل» («المهندس ماجد يوسف للأخبار»):
  :func:`trailing_medium` takes it off as the via;
- a title is followed by the name in apposition («وزير الخارجية، نبيل فهمي، إن»,
  «السفير السابق لدى الأردن، جون سميث خلال ندوة»): :func:`apposition`;
- a lone name («منصور», «عمار») or a title alone («الخبير», «خبير التزييف») stands
  for a person the article names in full elsewhere: :func:`fullest_person` and
  :func:`titled_person` find that mention.
"""

from __future__ import annotations

import re

from marsad.analyse.statements import lexicon
from marsad.outlets import registry
from marsad.record import Entity
from marsad.text.normalize import normalize
from marsad.text.tokens import WORD

# An apposition after a speaker is at most this many characters long («، القيادي السابق بالحزب،»).
MAX_APPOSITION = 80
# Words that may lie between a title and the comma before its apposed name («لدى الأردن»).
MAX_TITLE_TAIL = 3
COMMAS = "،,"
STOP = frozenset({"stop"})
# How many words before a person's name may hold the title that refers back to them.
TITLE_WINDOW = 8
# A title that stands for a person named earlier is at most this many words («وزير الخارجية الأمريكي»).
MAX_TITLED = 6


def key(word: str) -> str:
    """A speaker word as compared across mentions: no article, hamza seat folded."""
    return lexicon.seat(lexicon.bare(word))


def keys(text: str) -> list[str]:
    """Keys of the words of ``text``."""
    return [key(w) for w in WORD.findall(normalize(text))]


def is_title(word: str) -> bool:
    """Whether a normalised word is an honorific, rank or office («الدكتور», «المحافظ», «الخبير»)."""
    definite = word if word.startswith("ال") else "ال" + lexicon.bare(word)
    for form in dict.fromkeys((word, definite)):  # «شيخ المعهد» is titled as «الشيخ» is
        hit = lexicon.words().match((form,), 0, ("و",))
        if hit is not None and hit.kind == "title":
            return True
    return lexicon.back_references().match((definite,), 0) is not None


def persons(entities: list[Entity]) -> list[Entity]:
    """The person mentions among ``entities``."""
    return [e for e in entities if e.label == "PER"]


def through_person(text: str, span: tuple[int, int], entities: list[Entity]) -> tuple[int, int]:
    """The span run on to the end of a tagged name that starts inside it and goes past its end.

    A phrase that ends in an honorific runs on to a name right after it too.
    """
    for person in persons(entities):
        if span[0] <= person.start < span[1] < person.end:
            between = text[span[1] : person.end]
            if all(ch.isalnum() or ch == " " for ch in between):
                return span[0], person.end
    last = WORD.findall(normalize(text[span[0] : span[1]]))[-1:]
    if last and honorific(last[0]):  # «السفير» cut before «علي العشيري» («علي» read as «على»)
        after = next((p for p in persons(entities) if p.start > span[1] and not text[span[1] : p.start].strip()), None)
        if after is not None:
            return span[0], after.end
    return span


def _medium_name(word: str) -> bool:
    """Whether a word written after a joined «ل» names a known outlet («للأخبار», «لرويترز»)."""
    if not word.startswith("ل") or len(word) < 4:
        return False
    name = "ال" + word[2:] if word.startswith("لل") else word[1:]
    return registry().find(name) is not None


def trailing_medium(
    text: str, span: tuple[int, int], entities: list[Entity]
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """A speaker phrase without a medium joined to its end by «ل», and that medium («مصدر طبي لرويترز»).

    The medium is a body the tagger found, or an outlet of the shipped registry.
    """
    cut = text.rfind(" ", span[0], span[1]) + 1
    if cut <= span[0] or text[cut] != "ل":
        return span, None
    tagged = any(e.label == "ORG" and e.start == cut + 1 and e.end == span[1] for e in entities)
    if not tagged and not _medium_name(text[cut : span[1]]):
        return span, None
    return (span[0], len(text[: cut - 1].rstrip())), (cut, span[1])


def _next_comma(text: str, k: int, limit: int) -> int:
    """Offset of the first comma at or after ``k`` within ``limit`` characters (-1: none)."""
    stop = min(len(text), k + limit)
    return min((i for c in COMMAS if (i := text.find(c, k, stop)) >= 0), default=-1)


def apposition(text: str, span: tuple[int, int], entities: list[Entity]) -> tuple[tuple[int, int], str]:
    """The speaker span joined with a person named in apposition, and the words of an apposed title.

    «وزير الخارجية، سامح شكري، إن» -> the span runs to the end of the name, also
    when a short tail comes before the comma («السفير السابق لدى الأردن، جون سميث»)
    or the name is not closed by a second comma; «ثروت الخرباوي، القيادي السابق
    بالحزب، إن» -> the title's text, for later back-references.
    """
    comma = _next_comma(text, span[1], MAX_APPOSITION)
    if comma < 0 or "\n" in text[span[1] : comma]:
        return span, ""
    tail = WORD.findall(text[span[1] : comma])
    if len(tail) > MAX_TITLE_TAIL or (tail and not is_title(normalize(WORD.findall(text[span[0] : span[1]])[0]))):
        return span, ""
    k = comma + 1
    while k < len(text) and text[k] == " ":
        k += 1
    person = next((e for e in persons(entities) if e.start == k), None)
    if person is not None and "\n" not in text[k : person.end]:
        return (span[0], person.end), ""
    end = _next_comma(text, k, MAX_APPOSITION + 1)
    if tail or end < 0 or "\n" in text[k:end].strip():
        return span, ""
    first = WORD.findall(normalize(text[k:end]))[:1]
    circumstance = lexicon.words().match(first, 0, kinds=STOP) if first else None
    return span, "" if circumstance is not None else text[k:end]  # «، اليوم الاثنين،» is no title


def named(text: str, span: tuple[int, int], entities: list[Entity]) -> tuple[int, int]:
    """The person named inside a speaker phrase, when the phrase is a title and a name («وزير الخارجية سامح شكري»).

    A name the tagger ran past the phrase's end is cut at it.
    """
    inside = [(e.start, min(e.end, span[1])) for e in persons(entities) if span[0] <= e.start < span[1]]
    if not inside:
        return span
    words = WORD.findall(normalize(text[span[0] : span[1]]))
    head = lexicon.words().match([lexicon.bare(w) for w in words[:1]], 0)
    if head is not None and head.kind in ("institution", "document"):
        return span  # «مكتب الرئيس عمر البشير»: the office speaks, not the person
    first_word = next(iter(WORD.finditer(text, span[0], span[1])), None)
    if words and len(words[0]) > 2 and lexicon.bare(words[0]) == words[0] and first_word is not None:
        after_head = text.find(" ", first_word.end()) + 1
        if any(start == after_head for start, _ in inside):
            return span  # «محامي محمود شعبان»: a noun in construct with the name is someone else
    # A name over a title the tagger took for one («الرئيس الفلسطيني محمود عباس»), then the longest.
    def rank(found: tuple[int, int]) -> tuple[bool, int, int]:
        words = text[found[0] : found[1]].split()
        return not is_title(normalize(words[0])), len(words), -found[0]

    return max(inside, key=rank)


def honorific(word: str) -> bool:
    """Whether a normalised word is a title written before a name («الدكتور», «المستشار»).

    Only a definite title is: an indefinite one heads a construct with what follows
    («مستشار مرسي» is Morsi's adviser, not Morsi).
    """
    return lexicon.bare(word) != word and not word.startswith(("بال", "لل")) and is_title(word)


def _untitled(words: list[str]) -> list[str]:
    """A phrase's words without the titles before the name («الدكتور البنا» -> «البنا»)."""
    k = 0
    while k < len(words) and honorific(words[k]):
        k += 1
    return words[k:]


def fullest_person(text: str, words: list[str], entities: list[Entity], cue: int) -> Entity | None:
    """The fullest tagged name in the article that a lone (titled) name stands for («منصور»).

    Among the names of two words or more that hold the word, the longest; of those,
    the nearest before the cue, else the first after it.
    """
    rest = _untitled(words)
    if len(rest) != 1:
        return None
    own = key(rest[0])
    if len(own) < 3 or lexicon.words().match((rest[0],), 0) is not None or own in lexicon.demonyms():
        return None  # a function word, or a nisba after a title («الرئيس الأمريكي»), is no name
    found = [
        e
        for e in persons(entities)
        if len(parts := keys(e.text)) > 1 and own in parts and not is_title(normalize(e.text.split()[0]))
    ]
    if not found:
        return None
    return max(found, key=lambda e: (len(keys(e.text)), e.end <= cue, e.start if e.end <= cue else -e.start))


def medium_head(word: str) -> bool:
    """Whether a normalised word heads a medium's name («الصحيفة», «مجلة»)."""
    head = lexicon.relays().match((lexicon.bare(word),), 0)
    return head is not None and head.kind == "head"


def named_medium(text: str, words: list[str], entities: list[Entity], cue: int) -> tuple[int, int] | None:
    """The medium a lone «الصحيفة» or «المجلة» refers back to: its nearest earlier mention by name.

    «نشرت مجلة "باري ماتش" الفرنسية ... وأشارت المجلة إلى أن»: the head word
    before the cue with a quoted name or a tagged body right after it.
    """
    if len(words) != 1 or not words[0].startswith("ال") or not medium_head(words[0]):
        return None
    head = lexicon.bare(words[0])
    for found in reversed(list(WORD.finditer(text, 0, cue))):
        if lexicon.bare(normalize(found.group())) != head or normalize(found.group()).startswith("ال"):
            continue
        rest = text[found.end() : found.end() + 60]
        quoted = re.match(r'\s*(["«“])([^"»”\n]{2,40})(["»”])', rest)
        if quoted is not None:
            return found.start(), found.end() + quoted.end()
        body = next((e for e in entities if e.label == "ORG" and 0 < e.start - found.end() <= 2), None)
        if body is not None:
            return found.start(), body.end
    return None


def fullest_body(words: list[str], entities: list[Entity], cue: int) -> Entity | None:
    """The tagged body a lone definite noun stands for («التيار» for «التيار الشعبي المصري»).

    The body's name must start with that noun and have more words; the nearest
    before the cue, else the first after it.
    """
    if len(words) != 1 or not words[0].startswith("ال") or is_title(words[0]):
        return None
    head = key(words[0])
    found = [e for e in entities if e.label == "ORG" and len(parts := keys(e.text)) > 1 and parts[0] == head]
    before = [e for e in found if e.end <= cue]
    if before:
        return max(before, key=lambda e: e.start)
    return min(found, key=lambda e: e.start) if found else None


def titled_person(
    text: str, words: list[str], entities: list[Entity], cue: int, forward: bool = False
) -> Entity | None:
    """The nearest name before the cue that a title alone stands for («الخبير» -> «الخبير محمد إبراهيم»).

    With ``forward`` (a headline), the names after it are tried too, nearest first.
    The title's head word, and at least half of the words that qualify it, must be
    among the words just before the name or in its apposition («خبير مصلحة التزييف
    والتزوير بالإسكندرية محمد إبراهيم»; «القيادي الإخواني» for «القيادي بجماعة
    الإخوان»); a nisba ending is folded for the comparison.
    """
    if not words or len(words) > MAX_TITLED or not is_title(words[0]) or medium_head(words[0]):
        return None
    head, rest = _loose(words[0]), {_loose(w) for w in words[1:]}
    earlier = sorted((e for e in persons(entities) if e.end <= cue), key=lambda e: -e.start)
    later = sorted((e for e in persons(entities) if e.start >= cue), key=lambda e: e.start) if forward else []
    for person in [*earlier, *later]:
        lead = text[max(0, person.start - 120) : person.start]
        lead = lead[max(lead.rfind(mark) for mark in ".!?؟\n") + 1 :]  # the name's own sentence
        before = WORD.findall(normalize(lead))[-TITLE_WINDOW:]
        around = {_loose(w) for w in before} | {_loose(w) for w in WORD.findall(_described(text, person.end))}
        if head in around and 2 * len(rest & around) >= len(rest):
            return person
    return None


def _loose(word: str) -> str:
    """A word's key with a nisba ending folded («الإخواني» ~ «الإخوان», «السورية» ~ «السوري»)."""
    found = key(normalize(word))
    if found.startswith("ال") and len(found) > 4:  # «ألماني» normalises to look definite
        found = found[2:]
    for ending in ("يه", "ي"):
        if found.endswith(ending) and len(found) - len(ending) >= 3:
            return found[: -len(ending)]
    return found


# Marks that end the description after a name.
DESCRIPTION_ENDS = "،,:«»\".\n"


def _described(text: str, end: int) -> str:
    """What follows a name and describes it: «، شيخ الأزهر،» or «شيخ الأزهر،», up to a comma, colon or quote."""
    comma = _next_comma(text, end, 3)
    start = comma + 1 if comma >= 0 else end
    part = text[start : start + MAX_APPOSITION]
    stop = next((i for i, ch in enumerate(part) if ch in DESCRIPTION_ENDS), len(part))
    return " ".join(WORD.findall(part[:stop])[:TITLE_WINDOW])
