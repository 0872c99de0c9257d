"""From candidates to statements: elided speakers, back-references, anonymity, affiliation.

A left-out speaker («وأوضح أن») continues the nearest earlier speaker that agrees
with its verb in gender and number («وأضافت» a ministry, «وأضافوا» officials), else
the nearest tagged name before it that agrees («التقت وزيرة الصحة هالة سامي ...
وقالت إن»), else the last speaker. A definite phrase from ``back_references.tsv``
(«المصدر», «المصدر الدبلوماسي») or one that starts with a title («المحافظ»)
resolves to the nearest earlier speaker whose words (with a title apposed to it)
include all of its own; so does a lone or titled surname («البنا», «الدكتور البنا»)
that ends an earlier named speaker. Either way the statement carries that speaker,
with ``start``/``end`` at the mention it resolves to. A new speaker is named as
fully as the article allows (:mod:`.naming`): the person in a title and a name or
in apposition («وزير الخارجية، سامح شكري،»), the fullest mention of a lone name,
the person a title alone introduced earlier; a medium joined by «ل» to its end is
the via. One of a group («أحد مساعدي الرئيس») is unnamed, and the group is its
affiliation. A lone «البيان» speaks for the body that issued it (:mod:`.documents`). A headline's speaker is kept only when it reads as one (see :func:`_speaks`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from marsad.analyse.statements import documents, lexicon, naming
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
        # «المتحدثة باسم الوزارة فيكتوريا نولاند»: the body ends where the person's name starts.
        end = min([end, *(e.start for e in entities if e.label == "PER" and start < e.start < end)])
        end = len(text[:end].rstrip())
        found = _entity_id(entities, (start, end), ("ORG", "LOC", "MISC"))
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


def _given(word: str) -> bool:
    """Whether a word before a surname reads as a given name: no article, not a function word."""
    return not word.startswith("ال") and lexicon.words().match((word,), 0) is None


def _institution(word: str) -> bool:
    """Whether a normalised word heads a body or a document («وزارة», «بيان»): no back-reference."""
    hit = lexicon.words().match((lexicon.bare(word),), 0)
    return hit is not None and hit.kind in ("institution", "document")


def _antecedent(words: list[str], earlier: list[tuple[set[str], dict[str, Any]]]) -> dict[str, Any] | None:
    """The nearest earlier speaker a back-reference phrase, a title or a (titled) surname points to.

    A phrase that starts with a title or back-reference word points to the nearest
    earlier speaker whose words include all of its own; so does a longer phrase
    that repeats a named speaker's apposed title («عضو مجلس أمناء التيار»), and a
    lone definite noun that heads an earlier speaker («الحكومة» for «حكومة فنزويلا»).
    """
    if not words:
        return None
    own = {naming.key(w) for w in words}
    titled = lexicon.back_references().match(words, 0, ("و",)) is not None or naming.is_title(words[0])
    if titled and len(words) <= naming.MAX_TITLED:
        found = next((speaker for seen, speaker in reversed(earlier) if own <= seen), None)
        if found is not None or len(words) == 1:
            return found
    elif len(words) > 1 and not _institution(words[0]) and not words[0].startswith("ال"):
        # an indefinite head: a title in construct («عضو مجلس أمناء التيار»), not a body («الجيش الإسرائيلي»)
        found = next((sp for seen, sp in reversed(earlier) if own <= seen and not sp["anonymous"]), None)
        if found is not None:
            return found
    elif len(words) == 1 and words[0].startswith("ال"):  # «الحكومة» after «حكومة فنزويلا»
        head = naming.key(words[0])
        for _, speaker in reversed(earlier):
            named = WORD.findall(normalize(speaker["text"]))
            if not speaker["anonymous"] and len(named) > 1 and naming.key(named[0]) == head:
                return speaker
    while len(words) > 1 and naming.honorific(words[0]):  # «الدكتور الشرقاوي» -> «الشرقاوي»
        words = words[1:]
    institution = lexicon.words().match(words, 0)
    if len(words) > 1 or (institution is not None and institution.kind == "institution"):
        return None
    for _, speaker in reversed(earlier):
        named = WORD.findall(normalize(speaker["text"]))
        if (
            not speaker["anonymous"]
            and len(named) > 1
            and naming.key(named[-1]) == naming.key(words[0])
            and _given(named[-2])
        ):
            return speaker
    return None


# The first words of an unnamed one of a group («أحد مساعدي الرئيس», «بعض قادة الحزب»).
ONE_OF = frozenset(normalize(w) for w in ("أحد", "إحدى", "بعض"))
# Plurals of people that are not sound plurals («قادة», «أعضاء»), normalised without «ال».
PEOPLE = frozenset(
    lexicon.bare(normalize(w))
    for w in ("قادة", "أعضاء", "أفراد", "شهود", "عناصر", "ضباط", "أبناء", "سكان", "أهالي", "رجال", "نواب",
              "وزراء", "قيادات", "كوادر", "زعماء", "مستشاري", "مساعدي", "مسؤولي", "ممثلي", "عمال", "أقارب")
)


def _people(word: str) -> bool:
    """Whether a normalised plural names people («مساعدي», «المحتجزين», «قادة»), not things («الدراسات»)."""
    plain = lexicon.bare(word)
    return plain in PEOPLE or plain.endswith(("ين", "ون")) or (plain.endswith("ي") and len(plain) > 4)


def _one_of(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """For «أحد مساعدي الرئيس الفرنسي», the span of whom they belong to («الرئيس الفرنسي»); else None.

    Such a speaker is unnamed, whatever names follow: those say whose side it speaks
    from. One of a group of things («إحدى الدراسات») is no unnamed source.
    """
    found = list(WORD.finditer(text, span[0], span[1]))
    if len(found) < 2 or normalize(found[0].group()) not in ONE_OF or not _people(normalize(found[1].group())):
        return None
    if len(found) == 2:
        return found[1].start(), found[1].end()  # «أحد المحتجزين»: the group itself
    joined = normalize(found[2].group()).startswith(("بال", "لل"))  # «أحد العاملين بالصحة»: «الصحة»
    return found[2].start() + joined, found[-1].end()


SPEAKER_HEADS = frozenset({"title", "institution", "document"})


def _mention_keys(text: str, span: tuple[int, int], entities: list[Entity]) -> set[str]:
    """Keys of a speaker phrase's words and of the title apposed to it."""
    apposed = naming.apposition(text, span, entities)[1]
    return set(naming.keys(f"{text[span[0] : span[1]]} {apposed}"))


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
    own = {naming.key(w) for w in words}
    return any(own <= keys for keys in named)


# An elided speaker looks this many speakers back for one that agrees with its verb.
MAX_AGREEMENT_BACK = 4
# Endings of a sound masculine plural («المسؤولون», «المشاركين»), normalised.
PLURAL_ENDINGS = ("ون", "ين")
FEMININE_ENDING = "ه"  # «ة» after normalisation


def _gender(words: list[str], text: str, span: tuple[int, int], entities: list[Entity]) -> str:
    """Agreement a speaker phrase takes: "f" («الوزارة», «المتحدثة باسم ...»), "p" («المسؤولون») or "m".

    A person's name is masculine unless a feminine title comes before it; a name that
    only looks feminine («أسامة», «ديديه») is a person's, so it stays masculine.
    """
    if not words:
        return "m"
    first = lexicon.bare(words[0])
    person = overlapping(entities, span[0], span[0] + 1, ("PER",))
    if first.endswith(PLURAL_ENDINGS) and len(first) > 4 and person is None:
        return "p"
    # Normalising folds «ة» into «ه»: a bare «ه» ends a feminine noun only after «ال»
    # («الحكومه» typed loosely), never a name («ديديه»).
    raw = WORD.findall(text[span[0] : span[1]])[:1]
    marked = bool(raw) and (raw[0].endswith("ة") or (raw[0].endswith("ه") and words[0].startswith(("ال", "وال"))))
    return "f" if first.endswith(FEMININE_ENDING) and marked and person is None else "m"


def _agreeing(
    earlier: list[tuple[set[str], dict[str, Any]]], genders: dict[int, str], agreement: str
) -> tuple[set[str], dict[str, Any]] | None:
    """The nearest earlier speaker whose agreement is the verb's («وأضافت» -> the ministry), if any."""
    if not earlier:
        return None
    if agreement == ANY:  # a quotation with no verb goes on with the last speaker
        return earlier[-1]
    want = agreement or "m"
    for seen, speaker in reversed(earlier[-MAX_AGREEMENT_BACK:]):
        if want in genders.get(id(speaker), "m"):  # a document's issuer also agrees with the document
            return seen, speaker
    return None


def _names_inside(text: str, span: tuple[int, int], entities: list[Entity]) -> bool:
    """Whether a body, or a person by name (not a title the tagger took for one: «الرئيس الأمريكي»), is in ``span``."""
    for entity in entities:
        if entity.start < span[1] and span[0] < entity.end and entity.label in ("PER", "ORG"):
            first = WORD.findall(normalize(entity.text))[:1]
            if entity.label == "ORG" or not (first and naming.is_title(first[0])):
                return True
    return False


def _new_speaker(
    text: str, candidate: Candidate, entities: list[Entity], span: tuple[int, int], words: list[str], apposed: str
) -> tuple[dict[str, Any], set[str]]:
    """The speaker record of a phrase that refers to no earlier speaker, and its words for later ones.

    An unnamed source keeps its phrase; a lone name or a title is replaced by the
    article's fullest mention of that person (:mod:`.naming`); otherwise the person
    named inside the phrase, or the phrase itself.
    """
    group = _one_of(text, span)
    anonymous = group is not None or _anonymous(words, candidate, entities, span)
    person = None
    if not anonymous:
        person = naming.fullest_person(text, words, entities, candidate.cue[0])
        if person is None and not _names_inside(text, span, entities):
            person = naming.fullest_body(words, entities, candidate.cue[0])  # «التيار» -> «التيار الشعبي»
        if person is None and not _names_inside(text, span, entities):
            # A headline names its speaker before the article does («وزير ألماني: ...»).
            person = naming.titled_person(text, words, entities, candidate.cue[0], forward=candidate.headline)
            if person is not None:  # «وأوضح إبراهيم» may be the mention nearest the title
                person = naming.fullest_person(text, naming.keys(person.text), entities, person.end) or person
    medium = naming.named_medium(text, words, entities, candidate.cue[0]) if not anonymous and person is None else None
    if anonymous:
        chosen, entity = span, None
    elif medium is not None:  # «وأشارت المجلة» after «مجلة "باري ماتش"»
        chosen, entity = medium, _entity_id(entities, medium, ("ORG", "MISC"))
    elif person is not None:
        chosen, entity = (person.start, person.end), person.id
    else:
        chosen, entity = naming.named(text, span, entities), _entity_id(entities, span, ("PER", "ORG", "MISC", "LOC"))
    affiliation: str | None
    if group is not None:  # whose side one of a group speaks from
        affiliation = _entity_id(entities, group, ("ORG", "PER", "LOC", "MISC")) or text[group[0] : group[1]]
    else:
        affiliation = _affiliation(text, candidate, entities)
    speaker = _span_dict(text, chosen) | {
        # An anonymous source is nobody's entity: the body it belongs to
        # (a ministry inside «مصدر في وزارة الخارجية») is its affiliation.
        "entity": entity,
        "anonymous": anonymous,
        "affiliation": affiliation,
    }
    seen = {naming.key(w) for w in [*words, *WORD.findall(normalize(apposed))]}
    if person is not None:
        seen |= set(naming.keys(person.text))
    return speaker, seen


# An elided speaker with nobody quoted before it is the nearest name this many characters back.
MAX_FALLBACK_DISTANCE = 600


# Prepositions after which a name is no one's subject («عبر تويتر»), normalised.
PREPOSITIONS = frozenset(
    normalize(w) for w in ("في", "على", "عبر", "من", "إلى", "عن", "مع", "لدى", "حول", "ضد", "بين", "أمام", "خلال")
)


# Nouns that make the body after them part of someone's description («عضو مجلس الشورى»).
MEMBER_OF = frozenset(normalize(w) for w in ("عضو", "وكيل", "نائب", "أمين", "رئيس", "مدير", "مستشار", "متحدث"))


def _described_body(text: str, body: Entity) -> bool:
    """Whether a body is named in someone's description («عضو مجلس الشورى»), not as a subject."""
    before = WORD.findall(text[max(0, body.start - 30) : body.start])
    return bool(before) and (lexicon.bare(normalize(before[-1])) in MEMBER_OF or naming.is_title(normalize(before[-1])))


def _after_preposition(text: str, start: int) -> bool:
    """Whether the word before offset ``start`` is a preposition (quotation marks aside)."""
    before = WORD.findall(text[max(0, start - 30) : start])
    return bool(before) and normalize(before[-1]) in PREPOSITIONS


# A body this many characters after a person, past a comma, is part of their description.
MAX_DESCRIPTION = 60


def _described_by(text: str, body: Entity, before: list[Entity]) -> Entity | None:
    """The person whose description, after a comma, holds ``body`` («فلان، نائب رئيس المحكمة»)."""
    for person in before:
        between = text[person.end : body.start]
        apposed = between.lstrip().startswith(("،", ",")) and not any(c in between for c in ".\n")
        if person.label == "PER" and person.end <= body.start and len(between) <= MAX_DESCRIPTION and apposed:
            return person
    return None


def _nearest_subject(text: str, entities: list[Entity], cue: int, agreement: str) -> Entity | None:
    """For «وقالت إن ...» with no speaker before it, the nearest person or body that agrees with the verb.

    «التقت وزيرة الصحة هالة سامي بالأطباء. وقالت إن ...»: a feminine verb takes a
    name after a feminine title, or a body whose name is feminine; a masculine verb
    takes the nearest other person or body; a plural one, or a quotation, takes
    nobody. A name after a preposition is no subject («عبر تويتر», «في وزارة
    الصحة»), and a name with figures in it is a tagging slip («سجن ليمان 430»):
    neither is taken. A lone name is given in full where the article has it.
    """
    if agreement in ("p", ANY):
        return None
    before = [
        e
        for e in entities
        if e.label in ("PER", "ORG") and cue - MAX_FALLBACK_DISTANCE <= e.start and e.end <= cue
        and not any(ch.isdigit() for ch in e.text)
    ]
    for entity in sorted(before, key=lambda e: -e.start):
        if _after_preposition(text, entity.start) or (entity.label == "ORG" and _described_body(text, entity)):
            continue
        if entity.label == "ORG":  # «المستشارة تهاني الجبالي، نائب رئيس المحكمة»: the body is in her title
            entity = _described_by(text, entity, before) or entity
        lead = WORD.findall(text[max(0, entity.start - 40) : entity.start])[-1:] if entity.label == "PER" else []
        head = WORD.findall(entity.text)[:1] if entity.label == "ORG" else lead
        feminine = bool(head) and head[0].endswith("ة")
        if feminine == (agreement == "f"):
            return entity
    return None


# A silent verb's subject with no tagged name in it is kept only up to this many words.
MAX_UNTAGGED_SUBJECT = 3


def _subject(text: str, span: tuple[int, int], entities: list[Entity]) -> tuple[int, int] | None:
    """What of a silent verb's phrase names its subject: a body that opens it, or a short phrase; else None.

    «أعلن الجيش حالة الطوارئ»: the phrase runs on into the object, so only the
    tagged body at its start («الجيش») is kept; a person inside it is found later.
    """
    body = next((e for e in entities if e.label == "ORG" and e.start == span[0] and e.end <= span[1]), None)
    if body is not None:
        return body.start, body.end
    if overlapping(entities, span[0], span[1], ("PER",)) is not None:
        return span
    return span if len(WORD.findall(text[span[0] : span[1]])) <= MAX_UNTAGGED_SUBJECT else None


def statements(text: str, found: list[Candidate], entities: list[Entity]) -> list[dict[str, Any]]:
    """Statement records (DESIGN.md's shape) for candidates in text order.

    A silent candidate (a reporting verb whose content was not found) only names a
    speaker for the elided ones after it.
    """
    earlier: list[tuple[set[str], dict[str, Any]]] = []
    genders: dict[int, str] = {}  # id of a speaker record -> "f", "p" or "m"
    out: list[dict[str, Any]] = []
    spoken: list[tuple[int, dict[str, Any]]] = []  # cue start and speaker of each candidate so far
    mentioned = [_mention_keys(text, c.speaker, entities) for c in found if c.speaker is not None and not c.headline]
    for candidate in found:
        if candidate.headline and not _speaks(text, candidate, entities, mentioned):
            continue
        relay: tuple[int, int] | None = None
        if candidate.speaker is None:
            # The nearest earlier speaker that agrees with the verb, else the nearest
            # name that does, else the last speaker whatever its agreement.
            agreeing = _agreeing(earlier, genders, candidate.agreement)
            subject = None if agreeing else _nearest_subject(text, entities, candidate.cue[0], candidate.agreement)
            if agreeing is not None:
                seen, speaker = agreeing
            elif subject is not None:
                subject = naming.fullest_person(text, naming.keys(subject.text), entities, subject.end) or subject
                speaker = _span_dict(text, (subject.start, subject.end)) | {
                    "entity": subject.id,
                    "anonymous": False,
                    "affiliation": None,
                }
                seen = set(naming.keys(subject.text))
                genders[id(speaker)] = candidate.agreement or "m"
            elif earlier:
                seen, speaker = earlier[-1]
            else:
                continue
        else:
            span = candidate.speaker
            if candidate.silent:
                named_part = _subject(text, span, entities)
                if named_part is None:
                    continue
                span = named_part
            span = naming.through_person(text, span, entities)
            span, relay = naming.trailing_medium(text, span, entities)
            span, apposed = naming.apposition(text, span, entities)
            words = _words(text[span[0] : span[1]], candidate.joined)
            speaker_or_none = None
            document = documents.lone_document(words)
            if document:  # «وأكد البيان»: whoever issued it speaks
                issuer, mention = documents.issuer_before(text, span[0], entities)
                if issuer is not None:  # the speaker already credited with that mention, else the issuer anew
                    span, apposed = issuer, ""
                    words = _words(text[span[0] : span[1]], False)
                    speaker_or_none = next((sp for _, sp in earlier if sp["start"] < span[1] and span[0] < sp["end"]), None)
                elif mention is not None:
                    speaker_or_none = documents.occasion_of(text, mention, spoken)
            speaker_or_none = speaker_or_none or _antecedent(words, earlier)
            if speaker_or_none is None:
                speaker, seen = _new_speaker(text, candidate, entities, span, words, apposed)
                genders[id(speaker)] = _gender(words, text, span, entities)
            else:
                speaker, seen = speaker_or_none, next(s for s, sp in earlier if sp is speaker_or_none)
            # The verb tells what a name does not («وقالت «الجبالي»»), and a document's verb
            # agrees with the document («وأوضح بيان الجالية»); a verb before a plural subject
            # stays singular («قال المسؤولون»), so a plural phrase keeps its own.
            if document and speaker.get("text") != text[candidate.speaker[0] : candidate.speaker[1]]:
                # the verb agrees with «البيان», the body that issued it keeps its own agreement too
                genders[id(speaker)] = genders.get(id(speaker), "m") + (candidate.agreement or "m")
            elif candidate.agreement in ("f", "p") or (candidate.agreement and genders[id(speaker)] != "p"):
                genders[id(speaker)] = candidate.agreement
        earlier.append((seen, speaker))
        spoken.append((candidate.cue[0], speaker))
        if candidate.silent:
            continue
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
