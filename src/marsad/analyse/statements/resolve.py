"""From candidates to statements: elided speakers, back-references, anonymity, affiliation.

A left-out speaker («وأوضح أن») continues the nearest earlier speaker that agrees
with its verb in gender and number («وأضافت» a ministry, «وأضافوا» officials). A
definite phrase from ``back_references.tsv`` («المصدر», «المصدر الدبلوماسي») or one
that starts with a title («المحافظ») resolves to the nearest earlier speaker whose
words (with a title apposed to it) include all of its own; so does a lone or titled
surname («البنا», «الدكتور البنا») that ends an earlier named speaker. Either way the
statement carries that speaker, with ``start``/``end`` at the mention it resolves to.
A new speaker phrase that holds a tagged person's name after a title («وزير الخارجية،
سامح شكري،») is given by the name; a medium joined by «ل» to its end is the via.
A headline's speaker is kept only when it reads as one (see :func:`_speaks`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.candidate import ANY, Candidate
from marsad.analyse.statements.patterns import overlapping
from marsad.record import Entity
from marsad.text.normalize import normalize
from marsad.text.tokens import WORD


@lru_cache(maxsize=1)
def _demonym_linker() -> Callable[[str], str | None] | None:
    """The linker's ``demonym_country`` when the linking module is installed."""
    try:
        from marsad.analyse.linking import demonym_country  # type: ignore[attr-defined]
    except ImportError:
        return None
    return demonym_country  # type: ignore[no-any-return]


def demonym_country(word: str) -> str | None:
    """Canonical country id of a nisba adjective («تركي» -> "Q43"), None without a linker."""
    linker = _demonym_linker()
    if linker is None:
        return None
    try:
        return linker(word)
    except Exception:  # a linker failure must not lose the statement
        return None


def _words(text: str, joined: bool) -> list[str]:
    """Normalised words of a speaker phrase; a phrase after a joined «ل» gets its «ال» back."""
    words = WORD.findall(normalize(text))
    if joined and words and words[0].startswith("ل"):
        words[0] = "ا" + words[0]
    return words


def _span_dict(text: str, span: tuple[int, int]) -> dict[str, Any]:
    """``{"start", "end", "text"}`` of a span of ``text``."""
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def _entity_id(entities: list[Entity], span: tuple[int, int], labels: tuple[str, ...]) -> str | None:
    """Id of the entity overlapping ``span`` (None when none, or unlinked)."""
    entity = overlapping(entities, span[0], span[1], labels)
    return entity.id if entity is not None else None


def _affiliation(text: str, candidate: Candidate, entities: list[Entity]) -> str | None:
    """Entity id or text of the speaker's body, or the country of its nisba adjective."""
    if candidate.affiliation is not None:
        start, end = candidate.affiliation
        found = _entity_id(entities, candidate.affiliation, ("ORG", "LOC", "MISC"))
        return found or text[start:end]
    if candidate.demonym is not None:
        word = text[candidate.demonym[0] : candidate.demonym[1]]
        plain = lexicon.bare(normalize(word))
        return demonym_country(word) or demonym_country(plain) or (word[2:] if plain != normalize(word) else word)
    return None


def _anonymous(words: list[str], candidate: Candidate, entities: list[Entity], span: tuple[int, int]) -> bool:
    """Whether the speaker is unnamed: an anonymous head, or a qualifier, and no person named."""
    if overlapping(entities, span[0], span[1], ("PER",)) is not None:
        return False
    if candidate.qualified:
        return True
    head = lexicon.anonymous().match([lexicon.bare(words[0]), *words[1:]], 0) if words else None
    return head is not None and head.kind == "head"


def _key(word: str) -> str:
    """A speaker word as compared across mentions: no article, hamza seat folded."""
    return lexicon.seat(lexicon.bare(word))


def _given(word: str) -> bool:
    """Whether a word before a surname reads as a given name: no article, not a function word."""
    return not word.startswith("ال") and lexicon.words().match((word,), 0) is None


def _title(word: str) -> bool:
    """Whether a normalised word is an honorific or rank («الدكتور», «المحافظ»)."""
    hit = lexicon.words().match((word,), 0, ("و",))
    return hit is not None and hit.kind == "title"


def _antecedent(words: list[str], earlier: list[tuple[set[str], dict[str, Any]]]) -> dict[str, Any] | None:
    """The nearest earlier speaker a back-reference phrase, a title or a (titled) surname points to."""
    if not words:
        return None
    own = {_key(w) for w in words}
    if lexicon.back_references().match(words, 0, ("و",)) is not None or (_title(words[0]) and len(words) <= 3):
        found = next((speaker for seen, speaker in reversed(earlier) if own <= seen), None)
        if found is not None or len(words) == 1:
            return found
    while len(words) > 1 and _title(words[0]):  # «الدكتور الشرقاوي» -> «الشرقاوي»
        words = words[1:]
    institution = lexicon.words().match(words, 0)
    if len(words) > 1 or (institution is not None and institution.kind == "institution"):
        return None
    for _, speaker in reversed(earlier):
        named = WORD.findall(normalize(speaker["text"]))
        if not speaker["anonymous"] and len(named) > 1 and _key(named[-1]) == _key(words[0]) and _given(named[-2]):
            return speaker
    return None


# An apposition after a speaker is at most this many characters long («، القيادي السابق بالحزب،»).
MAX_APPOSITION = 80
COMMAS = "،,"


def _apposition(text: str, span: tuple[int, int], entities: list[Entity]) -> tuple[tuple[int, int], str]:
    """The speaker span joined with a person named in apposition, and the words of an apposed title.

    «وزير الخارجية، سامح شكري، إن» -> the span runs to the end of the name;
    «ثروت الخرباوي، القيادي السابق بالحزب، إن» -> the title's text, for later back-references.
    """
    k = span[1]
    while k < len(text) and text[k] == " ":
        k += 1
    if k >= len(text) or text[k] not in COMMAS:
        return span, ""
    k += 1
    while k < len(text) and text[k] in " \n":
        k += 1
    end = min((text.find(c, k) for c in COMMAS if text.find(c, k) >= 0), default=-1)
    if end < 0 or end - k > MAX_APPOSITION or "\n" in text[k:end].strip():
        return span, ""
    person = next((e for e in entities if e.label == "PER" and e.start == k and e.end <= end), None)
    if person is not None and not text[person.end : end].strip():
        return (span[0], person.end), ""
    return span, text[k:end]


def _trailing_medium(
    text: str, span: tuple[int, int], entities: list[Entity]
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """A speaker phrase without a medium joined to its end by «ل», and that medium («مصدر طبي لرويترز»)."""
    cut = text.rfind(" ", span[0], span[1]) + 1
    if cut <= span[0] or text[cut] != "ل":
        return span, None
    medium = next((e for e in entities if e.label == "ORG" and e.start == cut + 1 and e.end == span[1]), None)
    if medium is None:
        return span, None
    return (span[0], len(text[: cut - 1].rstrip())), (cut, span[1])


def _named(text: str, span: tuple[int, int], entities: list[Entity]) -> tuple[int, int]:
    """The person named inside a speaker phrase, when the phrase is a title and a name («وزير الخارجية سامح شكري»)."""
    inside = [e for e in entities if e.label == "PER" and span[0] <= e.start and e.end <= span[1]]
    if not inside:
        return span
    head = lexicon.words().match([lexicon.bare(w) for w in WORD.findall(normalize(text[span[0] : span[1]]))[:1]], 0)
    if head is not None and head.kind in ("institution", "document"):
        return span  # «مكتب الرئيس عمر البشير»: the office speaks, not the person
    best = max(inside, key=lambda e: (len(e.text.split()), -e.start))
    return best.start, best.end


SPEAKER_HEADS = frozenset({"title", "institution", "document"})


def _mention_keys(text: str, span: tuple[int, int], entities: list[Entity]) -> set[str]:
    """Keys of a speaker phrase's words and of the title apposed to it."""
    apposed = _apposition(text, span, entities)[1]
    return {_key(w) for w in WORD.findall(normalize(f"{text[span[0] : span[1]]} {apposed}"))}


def _speaks(text: str, candidate: Candidate, entities: list[Entity], named: list[set[str]]) -> bool:
    """Whether a headline's «فلان» reads as a speaker, not a topic («الانتخابات الإيطالية: ...»).

    A place before a colon is a topic; before a verb it speaks. Otherwise it does
    when it names a person or body the tagger found, starts with an
    anonymous-source word, a title or an institution, or is part of a speaker the
    article names elsewhere («الأوراق المالية» for «شعبة الأوراق المالية»).
    """
    span = candidate.speaker
    assert span is not None
    place = overlapping(entities, span[0], span[1], ("LOC",))
    colon = text[candidate.cue[0] : candidate.cue[1]] == ":"
    if colon and place is not None and place.start <= span[0] and span[1] <= place.end:
        return False  # «تونس: ...», «دمشق: ...»: a place heads the headline as its topic
    if not colon and place is not None:
        return True  # «السودان يعلن ...»: a country speaks through its verb
    if overlapping(entities, span[0], span[1], ("PER", "ORG")) is not None:
        return True
    words = WORD.findall(normalize(text[span[0] : span[1]]))
    if not words:
        return False
    head = lexicon.anonymous().match([lexicon.bare(words[0]), *words[1:]], 0)
    if head is not None and head.kind == "head":
        return True
    first = lexicon.bare(words[0])
    if any(lexicon.words().match((w,), 0, kinds=SPEAKER_HEADS) for w in (first, "ال" + first)):
        return True
    own = {_key(w) for w in words}
    return any(own <= keys for keys in named)


# An elided speaker looks this many speakers back for one that agrees with its verb.
MAX_AGREEMENT_BACK = 4
# Endings of a sound masculine plural («المسؤولون», «المشاركين»), normalised.
PLURAL_ENDINGS = ("ون", "ين")
FEMININE_ENDING = "ه"  # «ة» after normalisation


def _gender(words: list[str], text: str, span: tuple[int, int], entities: list[Entity]) -> str:
    """Agreement a speaker phrase takes: "f" («الوزارة», «المتحدثة باسم ...»), "p" («المسؤولون») or "m".

    A person's name is masculine unless a feminine title comes before it; a name that
    only looks feminine («أسامة») is a person's, so it stays masculine.
    """
    if not words:
        return "m"
    first = lexicon.bare(words[0])
    person = overlapping(entities, span[0], span[0] + 1, ("PER",))
    if first.endswith(PLURAL_ENDINGS) and len(first) > 4 and person is None:
        return "p"
    return "f" if first.endswith(FEMININE_ENDING) and person is None else "m"


def _agreeing(
    earlier: list[tuple[set[str], dict[str, Any]]], genders: dict[int, str], agreement: str
) -> tuple[set[str], dict[str, Any]]:
    """The nearest earlier speaker whose agreement is the verb's («وأضافت» -> the ministry), else the last."""
    if agreement == ANY:  # a quotation with no verb goes on with the last speaker
        return earlier[-1]
    want = agreement or "m"
    for seen, speaker in reversed(earlier[-MAX_AGREEMENT_BACK:]):
        if genders.get(id(speaker), "m") == want:
            return seen, speaker
    return earlier[-1]


def statements(text: str, found: list[Candidate], entities: list[Entity]) -> list[dict[str, Any]]:
    """Statement records (DESIGN.md's shape) for candidates in text order."""
    earlier: list[tuple[set[str], dict[str, Any]]] = []
    genders: dict[int, str] = {}  # id of a speaker record -> "f", "p" or "m"
    out: list[dict[str, Any]] = []
    mentioned = [_mention_keys(text, c.speaker, entities) for c in found if c.speaker is not None and not c.headline]
    for candidate in found:
        if candidate.headline and not _speaks(text, candidate, entities, mentioned):
            continue
        relay: tuple[int, int] | None = None
        if candidate.speaker is None:
            if not earlier:
                continue
            seen, speaker = _agreeing(earlier, genders, candidate.agreement)
        else:
            span, relay = _trailing_medium(text, candidate.speaker, entities)
            span, apposed = _apposition(text, span, entities)
            words = _words(text[span[0] : span[1]], candidate.joined)
            speaker_or_none = _antecedent(words, earlier)
            if speaker_or_none is None:
                anonymous = _anonymous(words, candidate, entities, span)
                named = span if anonymous else _named(text, span, entities)
                speaker = _span_dict(text, named) | {
                    # An anonymous source is nobody's entity: the body it belongs to
                    # (a ministry inside «مصدر في وزارة الخارجية») is its affiliation.
                    "entity": None if anonymous else _entity_id(entities, span, ("PER", "ORG", "MISC", "LOC")),
                    "anonymous": anonymous,
                    "affiliation": _affiliation(text, candidate, entities),
                }
                seen = {_key(w) for w in [*words, *WORD.findall(normalize(apposed))]}
                genders[id(speaker)] = _gender(words, text, span, entities)
            else:
                speaker, seen = speaker_or_none, next(s for s, sp in earlier if sp is speaker_or_none)
        earlier.append((seen, speaker))
        via = None
        via_span = candidate.via or relay
        if via_span is not None:
            via = _span_dict(text, via_span) | {"entity": _entity_id(entities, via_span, ("ORG", "MISC"))}
        out.append({
            "speaker": dict(speaker),
            "cue": _span_dict(text, candidate.cue),
            "content": _span_dict(text, candidate.content),
            "direct": candidate.direct,
            "via": via,
        })
    return out
