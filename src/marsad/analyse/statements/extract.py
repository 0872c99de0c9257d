"""Statement candidates in one unit: reporting verbs, postposed attribution, quotations.

These shapes are found, token by token:

- a reporting verb opening a clause, then an optional speaker, relay («لصحيفة ...»)
  and aside («والذي لم تسمه»), then what was said after «أن/إن», «عن», «من» (a
  warning), a colon or a quotation mark («وقال المصدر لصحيفة الشرق الأوسط إن ...»),
  or, for verbs such as «أكد», a noun after the speaker's asides; the speaker may
  also come before the verb («الوزير قال إن ...») or be left out («وأوضح أن ...»);
- a participle going on with the clause's speaker («، مؤكداً أن ...», «مشيراً إلى»);
- a postposed attribution («...، وفقاً للمصدر، ...», «بحسب مصادر مطلعة، فإن ...»);
- a quotation followed by its verb («"..."، قال الوزير»), or an unquoted clause
  followed by a bare «قال» and the like («...، قال الوزير.»), and «صرح بذلك فلان»
  after the sentence it credits;
- a participle after a verb whose own content was not found goes on with that
  verb's subject («أشارت الصحيفة إلى ... قائلة:»);
- a headline or subhead line «فلان: ...» or «فلان يؤكد ...» (:mod:`.lines`, which also
  finds, for the stage, a quotation paragraph after a statement and the list or
  quotation after «وقال فلان:»).

A trailing «، حسبما صرح لموقع "..."» is folded into the statement it ends; a medium's
name, what it relays and a relay before the verb are read by :mod:`.media`; a
speaker or a claim written before the verb by :mod:`.before`.
"""

from __future__ import annotations

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.before import front_speaker, quote_before
from marsad.analyse.statements.candidate import MIN_OBJECT, ON, TERMINAL, Candidate, span
from marsad.analyse.statements.documents import issuer_start
from marsad.analyse.statements.lines import MAX_HEADLINE_SPEAKER, headline
from marsad.analyse.statements.media import is_medium, medium_stop, relayed_by, source_after, via_before
from marsad.analyse.statements.patterns import (
    CLAUSE_PUNCT,
    QUOTES,
    Phrase,
    Unit,
    closing_quote,
    joined_body,
    preposed,
    speaker_phrase,
    via_at,
)
from marsad.text.normalize import normalize

# How many tokens may lie between the speaker and the start of what was said.
MAX_GAP = 40
# Words before a mid-sentence attribution that are only the head of the claim
# («وتستعد الحكومة، وفقاً لمصدر، لطرح ...»), not a claim of their own.
MAX_HEAD = 3
# A participle's content opens at most this many words after it («مشيراً إلى أن»).
MAX_PARTICIPLE_GAP = 2
LEAD = frozenset({"lead"})
OBJECT_VERB = frozenset({"object-verb"})
ANAPHOR = frozenset({"anaphor"})
# Asides between a speaker and a noun content: at most this many tokens each, and one
# of at most this many words counts as an aside whatever it is («، اليوم الأربعاء،»).
MAX_ASIDE = 16
MAX_SHORT_ASIDE = 4
TOPIC = frozenset({"on", "to"})
FROM = frozenset({"from"})
# «وفق تعبيره», «بحسب وصفها»: nouns for one's own words, with a pronoun suffix.
CREDIT_NOUNS = tuple(normalize(w) for w in ("تعبير", "قول", "وصف", "كلام"))
POSSESSIVE = frozenset({"ه", "ها", "هم", "هما"})
DESCRIBE = normalize("وصف")
# A body's quoted name after its head word is at most this many words.
MAX_QUOTED_NAME = 5
INSTITUTION = frozenset({"institution"})
# A prefixed ambiguous verb («وذكر») with a speaker may have this many tokens before «أن».
MAX_AMBIGUOUS_GAP = 8
MAX_AMBIGUOUS_SPEAKER = 5
# «ويذكر أن»: a reporting form that credits nobody when no speaker follows it.
IMPERSONAL = frozenset({(normalize("يذكر"),)})
# A feminine noun with a pronoun suffix after the verb is its object («أعلن مسؤوليته»).
POSSESSED = ("ته", "تها", "تهم", "تهما")
# Verbs that may follow what was said, unquoted, after a comma («...، قال الوزير.»), by lemma.
SAID_AFTER = frozenset(normalize(w) for w in ("قال", "أضاف", "أكد", "أوضح", "تابع"))


def candidates(unit: Unit, previous: Unit | None = None) -> list[Candidate]:
    """Every statement candidate of ``unit``, in order (``previous``: the unit before it)."""
    found: list[Candidate] = []
    i = 0
    found_headline = headline(unit)
    if found_headline is not None:
        found.append(found_headline[0])
        i = found_headline[1]
    starters = lexicon.starters()
    unfound: list[int] = []  # starters since the last statement that gave none: their subjects may go on
    while i < len(unit.tokens):
        norm = lexicon.seat(unit.norms[i])
        if norm not in starters and not (len(norm) > 2 and norm[0] in lexicon.CONJUNCTIONS and norm[1:] in starters):
            i += 1  # no verb, marker or auxiliary starts here
            continue
        result = _verb_statement(unit, i) or _marker_statement(unit, i) or _said_before(unit, i, previous)
        if result is None:
            unfound.append(i)
            i += 1
            continue
        # «وأضافت أن»: the verb tells which earlier speaker goes on; «وقالت «الجبالي»»: the speaker's gender.
        result[0].agreement = "" if result[0].headline or result[0].relayed else _agreement(unit, i)
        if result[0].speaker is None and (silent := _last_silent(unit, unfound)) is not None:
            found.append(silent)  # «أشارت الصحيفة إلى ... قائلة:»: the participle goes on with it
        unfound = []
        found.append(result[0])
        i = max(result[1], i + 1)
    if (silent := _last_silent(unit, unfound)) is not None:
        found.append(silent)  # «كشف الكاتب فلان التفاصيل.» then «وقال ... إن»: the next sentence may go on with it
    return found


def _last_silent(unit: Unit, starts: list[int]) -> Candidate | None:
    """The silent speaker of the last of ``starts`` that has one (looked for only when needed)."""
    return next((c for k in reversed(starts) if (c := _silent_speaker(unit, k)) is not None), None)


def _describer(unit: Unit, k: int, phrase: Phrase) -> Phrase:
    """The speaker of «وصف» whose phrase starts at token ``k``: what is described ends it.

    «ووصف الفنان معرضه بأنه»: a noun with a pronoun suffix is what is described; so is
    the word before «بـ"..."» or «بأنه» («ووصفت الوزارة الاعتداء بـ"الإرهابي"»), and
    when it is the phrase's first word there is no speaker («ووصفت الاعتداء بـ...»).
    """
    cut = next((m for m in range(phrase.first + 1, phrase.stop) if _suffixed(unit, m)), None)
    if cut is not None:
        phrase = speaker_phrase(unit, k, cut - k)
    if phrase.stop > phrase.first + 1 and _suffixed(unit, phrase.first) and unit.norms[phrase.first + 1].startswith("ب"):
        return Phrase(k, k)  # «ووصفت أداءها بالفاشل»
    manner = next((m for m in range(phrase.first + 1, phrase.stop) if _as_what(unit.norms[m])), None)
    if manner is None:
        return phrase
    return speaker_phrase(unit, k, manner - 1 - k) if manner - 1 > k else Phrase(k, k)


def _as_what(norm: str) -> bool:
    """Whether a word opens what something is described as: «بـ"..."», «بأنه» (never «بالمقطم», a place)."""
    return norm == "ب" or norm.startswith("بان")


def _silent_speaker(unit: Unit, i: int) -> Candidate | None:
    """The speaker of a reporting verb at ``i`` whose content was not found, for a participle after it.

    «أشارت صحيفة النهار إلى اقتراح جديد قائلة: "..."»: «أشارت» takes no noun content,
    but its subject is who goes on «قائلة».
    """
    cue = lexicon.cues().match(unit.norms, i, lexicon.CONJUNCTIONS)
    if cue is None or cue.kind.startswith("participle") or cue.kind in ("passive", "ambiguous"):
        return None
    if not _initial(unit, i, cue.prefix != "" or _lead(unit, i)):
        return None
    phrase = speaker_phrase(unit, i + cue.size)
    if lexicon.lemmas().get(cue.words) == DESCRIBE:
        phrase = _describer(unit, i + cue.size, phrase)
    if phrase.empty or preposed(unit, phrase.first):
        return None
    cue_span = (unit.tokens[i].start + len(cue.prefix), unit.tokens[i + cue.size - 1].end)
    end = cue_span[1]
    return Candidate(cue_span, (end, end), False, silent=True, **_speaker_fields(unit, phrase))  # type: ignore[arg-type]


def _speaker_fields(unit: Unit, phrase: Phrase, skip: int = 0) -> dict[str, object]:
    """Speaker, affiliation and demonym spans of a speaker phrase."""
    affiliation = demonym = None
    if phrase.affiliation is not None:
        first = phrase.affiliation
        offset = 1 if unit.norms[first].startswith("بال") or joined_body(unit.norms[first]) else 0
        affiliation = span(unit, first, phrase.stop, offset)
    if phrase.demonym is not None:
        demonym = span(unit, phrase.demonym, phrase.demonym + 1)
    return {"speaker": span(unit, phrase.first, phrase.stop, skip), "affiliation": affiliation, "demonym": demonym}


def _initial(unit: Unit, i: int, prefixed: bool) -> bool:
    """Whether a clause may start at token ``i`` (also after «، فيما» or «، في حين», or «وكان» before «قد»)."""
    if prefixed or i == 0 or unit.tokens[i - 1].text in CLAUSE_PUNCT or unit.tokens[i - 1].text in QUOTES:
        return True
    before = lexicon.words().match(unit.norms, i - 1, lexicon.CONJUNCTIONS)
    if before is not None and before.kind == "aux" and unit.norms[i] == "قد":  # «وكان قد أكد»
        return _initial(unit, i - 1, before.prefix != "")
    side = lexicon.words().match(unit.norms, i - 2, lexicon.CONJUNCTIONS, kinds=LEAD) if i >= 2 else None
    if side is not None and side.size == 2:  # «ومن جانبه قال ...» with no comma after it
        return i == 2 or unit.tokens[i - 3].text in CLAUSE_PUNCT
    return any(_contrast(unit, c) == i for c in range(max(0, i - 3), i))


def _contrast(unit: Unit, k: int) -> int | None:
    """Token after a connective at ``k`` that joins a second clause after a comma («، فيما»)."""
    if k == 0 or unit.tokens[k - 1].text not in CLAUSE_PUNCT:
        return None
    word = lexicon.words().match(unit.norms, k, ("و",))
    return k + word.size if word is not None and word.kind == "contrast" else None


def _content_end(unit: Unit, first: int) -> tuple[int, tuple[int, int] | None, int]:
    """Token stop of the content from ``first``, the via of a trailing attribution, the token to go on from.

    The content ends before a trailing attribution («، حسبما صرح لموقع ...»), which
    the statement takes in, or before a second reporting clause («، فيما قال ...»),
    which is a statement of its own.
    """
    stop = next_token = len(unit.tokens)
    via = None
    for t in range(first, len(unit.tokens) - 1):
        if t > first and _participle(unit, t):  # «... بالقول إنه ...»: a statement of its own
            stop = next_token = t
            break
        if unit.tokens[t].text not in "،,":
            continue
        second = _contrast(unit, t + 1)
        verb = lexicon.cues().match(unit.norms, second) if second is not None else None
        if second is not None and verb is not None and verb.kind != "passive":
            stop = next_token = t + 1
            break
        if _participle(unit, t + 1):  # «...، مشيراً إلى أن ...»: a statement of its own
            stop = next_token = t + 1
            break
        verb = lexicon.cues().match(unit.norms, t + 1, lexicon.CONJUNCTIONS)
        if verb is not None and verb.prefix and verb.kind not in ("passive", "ambiguous"):
            stop = next_token = t + 1  # «...، وقال: ...»: a new reporting clause
            break
        marker = lexicon.markers().match(unit.norms, t + 1, ("و",))
        if marker is None:
            continue
        stop = t
        k = t + 1 + marker.size
        if marker.kind == "clause" and (verb := lexicon.cues().match(unit.norms, k)) is not None:
            k += verb.size
            k = speaker_phrase(unit, k).stop
        elif marker.kind in ("source", "medium") and k < len(unit.tokens) and is_medium(unit, k):
            phrase = speaker_phrase(unit, k)
            via = span(unit, k, phrase.stop, 1 if marker.joined else 0) if not phrase.empty else None
        found = via_at(unit, k)
        if found is not None:
            via = (found[0], found[1])
        break
    while stop > first and unit.tokens[stop - 1].text in TERMINAL:
        stop -= 1
    return stop, via, next_token


def _participle(unit: Unit, k: int) -> bool:
    """Whether a participle that opens a statement of its own starts at token ``k`` («مؤكداً أن»)."""
    cue = lexicon.cues().match(unit.norms, k, ("و",))
    if cue is None or not cue.kind.startswith("participle"):
        return False
    return _opening(unit, k + cue.size, cue.kind == "participle-warn", cue.kind == "participle-about") is not None


def _opening(unit: Unit, k: int, warn: bool = False, allow_about: bool = False) -> int | None:
    """Token where what a participle introduces starts, if it opens within a few words of ``k``."""
    if warn and k + 1 < len(unit.tokens) and _from(unit, k):
        return k + 1
    about = lexicon.words().match(unit.norms, k)
    if about is not None and about.kind == "about" and allow_about and unit.is_word(k + 1):
        return k + 1
    topic = _topic(unit, k)
    if topic is not None:
        return topic
    for m in range(k, min(k + MAX_PARTICIPLE_GAP + 1, len(unit.tokens))):
        text = unit.tokens[m].text
        if text == ":":
            return m + 1
        if text in QUOTES:
            return m
        word = lexicon.words().match(unit.norms, m)
        if word is not None and word.kind == "complementizer":
            return m + word.size
        if not unit.is_word(m):
            return None
    return None


def _whole_quote(unit: Unit, first: int) -> int | None:
    """The closing mark of a quotation opened at ``first`` that is all that was said, not its first words.

    «إن "المتسلل" يدعى ...»: the quotation marks one word and the sentence goes on.
    """
    close = closing_quote(unit, first)
    if close is None:
        return None
    after = close + 1
    if after < len(unit.tokens) and unit.is_word(after) and not _participle(unit, after):
        return None
    return close


def _quoted_speaker(unit: Unit, k: int) -> Phrase | None:
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
    opens = _complementizer(unit, after) or (after < len(unit.tokens) and unit.tokens[after].text == ":")
    return Phrase(k + 1, close) if opens else None


def _named_quote(unit: Unit, close: int) -> bool:
    """Whether a quotation names something the sentence goes on about («ندوة «...»، التي نظمتها»)."""
    after = close + 1
    if after < len(unit.tokens) and unit.tokens[after].text in "،,":
        after += 1
    word = lexicon.words().match(unit.norms, after, lexicon.CONJUNCTIONS)
    return word is not None and word.kind == "relative"


def _quoted_name(unit: Unit, phrase: Phrase) -> Phrase:
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


def _suffixed(unit: Unit, k: int) -> bool:
    """Whether token ``k`` is a noun with a pronoun suffix and no article («معرضه», «سياستها»)."""
    word = unit.tokens[k].text
    return len(word) > 3 and word.endswith(("ه", "ها", "هم")) and not unit.norms[k].startswith("ال")


def _possessed(unit: Unit, k: int) -> bool:
    """Whether token ``k`` is a feminine noun with a pronoun suffix («مسؤوليته»), never «المتهم»."""
    word = unit.tokens[k].text
    return word.endswith(POSSESSED) and not unit.norms[k].startswith("ال") and len(word) > 5


def _quoted_aside(unit: Unit, close: int) -> bool:
    """Whether a quotation describes the speaker before what was said («وقال فلان "عضو المكتب"، إن»)."""
    after = close + 1
    if after < len(unit.tokens) and unit.tokens[after].text in "،,":
        after += 1
    return _complementizer(unit, after)


def _aside_at(unit: Unit, phrase: Phrase) -> bool:
    """Whether a comma-delimited aside follows a speaker phrase («وذكر التلفزيون، على موقعه، أن»)."""
    return not phrase.empty and phrase.stop < len(unit.tokens) and unit.tokens[phrase.stop].text in "،,"


def _occasion_at(unit: Unit, k: int) -> bool:
    """Whether the occasion of what was said opens at token ``k`` («في المؤتمر الصحفي الذي عقده ...»).

    After «وبين فلان» it is an aside however long, and «أن» may come far after it.
    """
    word = lexicon.words().match(unit.norms, k)
    return word is not None and word.kind == "stop" and word.size > 1 and word.words[0] == "في"


def _topic(unit: Unit, k: int) -> int | None:
    """Start of a noun content after «إلى» or «على» («مشيراً إلى ضرورة ...», «مشدداً على أهمية ...»).

    None when «أن» follows (the usual opening then applies) or fewer than two words do.
    """
    if lexicon.words().match(unit.norms, k, kinds=TOPIC) is None:
        return None
    first = k + 1
    if _complementizer(unit, first) or not (unit.is_word(first) and unit.is_word(first + 1)):
        return None
    return first


def _from(unit: Unit, k: int) -> bool:
    """Whether token ``k`` is the «من» that opens what a warning is about."""
    return lexicon.words().match(unit.norms, k, kinds=FROM) is not None and unit.is_word(k + 1)


def _lead(unit: Unit, i: int) -> bool:
    """Whether token ``i`` follows a clause-opening word at a clause start («كما أوضح», «و أكد»)."""
    if i == 0 or lexicon.words().match(unit.norms, i - 1, kinds=LEAD) is None:
        return False
    return i == 1 or unit.tokens[i - 2].text in CLAUSE_PUNCT or unit.tokens[i - 2].text in QUOTES


def _complementizer(unit: Unit, k: int) -> bool:
    """Whether token ``k`` is «أن», «إن», «فإن» and the like."""
    word = lexicon.words().match(unit.norms, k)
    return word is not None and word.kind == "complementizer"


def _verb_statement(unit: Unit, i: int) -> tuple[Candidate, int] | None:
    """A statement opened by a reporting verb at token ``i``, and the token after it."""
    norms, tokens, n = unit.norms, unit.tokens, len(unit.tokens)
    aux = lexicon.words().match(norms, i, lexicon.CONJUNCTIONS)
    j = i + aux.size if aux is not None and aux.kind == "aux" else i
    cue = lexicon.cues().match(norms, j, () if j > i else lexicon.CONJUNCTIONS)
    if cue is None:
        return None
    prefixed = (aux.prefix if j > i and aux is not None else cue.prefix) != ""
    cue_span = (tokens[j].start + len(cue.prefix), tokens[j + cue.size - 1].end)
    k = j + cue.size
    if cue.kind.startswith("participle"):
        return _participle_statement(unit, k, cue_span, cue.kind)
    if j == i and not prefixed and _lead(unit, i):
        prefixed = True
    phrase = speaker_phrase(unit, k)
    if not phrase.empty and preposed(unit, phrase.first):
        if lexicon.words().match(norms, phrase.first, kinds=ANAPHOR) is not None:
            return None  # «صرح بذلك فلان»: :func:`_said_before` reads it
        phrase = Phrase(k, k)  # «وطالبوا بحل الجماعة»: what was asked for, no speaker
    if cue.kind == "warn":  # «حذر الوزير من ...»: what is warned of is not the speaker's body
        cut = next((m for m in range(phrase.first + 1, phrase.stop) if _from(unit, m)), None)
        if cut is not None:
            phrase = speaker_phrase(unit, k, cut - k)
    if lexicon.lemmas().get(cue.words) == DESCRIBE:
        phrase = _describer(unit, k, phrase)
    via, relayed = None, False
    if not phrase.empty and is_medium(unit, phrase.first):
        name = medium_stop(unit, phrase)
        source = source_after(unit, name)
        quoted = speaker_phrase(unit, source + 1) if source is not None else None
        if quoted is not None and not quoted.empty:  # «نقلت وكالة ...، أمس، عن المتحدث ...»: the medium relays
            via, phrase, relayed = span(unit, phrase.first, name), quoted, True
        else:  # the medium speaks, by its whole name («وكشفت المجلة عن أن ...»: «عن» opens what it said)
            phrase = Phrase(phrase.first, name, phrase.affiliation, phrase.demonym)
    issuer = _issuer(unit, phrase, 0) if not phrase.empty and not via else None
    if issuer is not None:  # «وذكر بيان أصدرته الشركة أن»: the body that issued it speaks
        phrase = issuer
    phrase = _quoted_name(unit, phrase)
    via = via or via_before(unit, i)
    quoted = _quoted_speaker(unit, k) if phrase.empty else None
    if quoted is not None:
        phrase = quoted  # «ونقل عن "بوابة الأهرام" أنه ...»
    if not phrase.empty and _possessed(unit, phrase.first):
        return None  # «وأعلن مسؤوليته عن الهجوم»: the verb's object, not a statement
    fields: dict[str, object] = _speaker_fields(unit, phrase) if not phrase.empty else {"speaker": None}
    if phrase.empty and cue.words in IMPERSONAL:
        return None  # «ويذكر أن ...»: nobody is credited
    if phrase.empty and not prefixed and cue.kind != "ambiguous" and (front := front_speaker(unit, i)):
        fields = _speaker_fields(unit, *front)
    elif not _initial(unit, i, prefixed):
        return None
    m, qualified, gap = phrase.stop, False, 0
    if quoted is not None:
        m += 1  # past the mark closing a quoted speaker
    while m < n and gap <= MAX_GAP:
        found = via_at(unit, m) or relayed_by(unit, m)
        if found is not None:
            via = via or (found[0], found[1])
            m = found[2]
            continue
        word = lexicon.words().match(norms, m, lexicon.CONJUNCTIONS)
        aside = lexicon.anonymous().match(norms, m)
        text = tokens[m].text
        if word is not None and word.kind == "complementizer":
            first = m + word.size
            break
        if aside is not None and aside.kind == "qualifier":  # before «عن»: «طلب عدم الكشف عن اسمه»
            qualified = True
            m += aside.size
            continue
        if word is not None and word.kind == "about" and cue.kind == "about":
            first = m
            break
        if cue.kind == "warn" and _from(unit, m):
            first = m + 1
            break
        if word is not None and word.kind == "object" and cue.kind == "deny" and gap == 0:
            first = m  # «نفى الوزير ما تداولته المواقع»: what was denied is the content
            break
        close = closing_quote(unit, m) if text in QUOTES else None
        if close is not None and (_named_quote(unit, close) or _quoted_aside(unit, close)):
            # «ندوة «...»، التي نظمتها»: a name; «فلان "عضو المكتب"، إن»: a description
            gap += close - m
            m = close + 1
            continue
        if text == ":" or (close is not None and close - m > 3):
            first = m + (text == ":")
            break
        if close is not None:  # a short quoted name («شركة "الخليج"»), not what was said
            gap += close - m
            m = close + 1
            continue
        if text in ".!?؟" or (m > phrase.stop and _participle(unit, m)):
            break  # the sentence, or a participle's statement of its own, starts before anything was said
        verb = lexicon.cues().match(norms, m, lexicon.CONJUNCTIONS) if m > phrase.stop else None
        if verb is not None and _initial(unit, m, verb.prefix != ""):
            return None  # a new reporting clause starts before anything was said
        # «وذكر قصر الرئاسة "الإليزيه" في بيان أن»: a short speaker, then a short aside.
        short = not phrase.empty and phrase.stop - phrase.first <= MAX_AMBIGUOUS_SPEAKER
        named_after_prefix = prefixed and short and (gap <= MAX_AMBIGUOUS_GAP or _occasion_at(unit, phrase.stop))
        if cue.kind == "ambiguous" and gap > 2 and not (prefixed and _aside_at(unit, phrase)) and not named_after_prefix:
            return None
        m += 1
        gap += 1
    else:
        m = n
    if m >= n or tokens[m].text in ".!?؟" or _participle(unit, m):
        plain = j == i and not cue.prefix and lexicon.lemmas().get(cue.words) in SAID_AFTER
        found_before = quote_before(unit, i, cue_span, phrase, fields, plain)
        if found_before is not None or phrase.empty or not _takes_object(cue):
            return found_before
        return _object_after_aside(unit, phrase.stop, min(m, n), cue_span, via, fields)
    if fields["speaker"] is None and not prefixed and cue.kind == "ambiguous":
        return None
    if first >= n:  # «وقال الوزير:» with nothing after: a list or a quotation may follow
        if not (n and tokens[n - 1].text == ":"):
            return None
        end = tokens[n - 1].end
        return Candidate(cue_span, (end, end), False, via=via, follows=True, **fields), n  # type: ignore[arg-type]
    if first < n and tokens[first].text in QUOTES and (close := _whole_quote(unit, first)) is not None:
        if close == first + 1:
            return None
        content, direct, next_token = span(unit, first + 1, close), True, close + 1
    else:
        stop, trailing_via, next_token = _content_end(unit, first)
        if stop <= first:
            return None
        content, direct = span(unit, first, stop), False
        via = via or trailing_via
    candidate = Candidate(cue_span, content, direct, qualified=qualified, via=via, relayed=relayed, **fields)  # type: ignore[arg-type]
    return candidate, next_token


def _participle_statement(unit: Unit, k: int, cue: tuple[int, int], kind: str) -> tuple[Candidate, int] | None:
    """What a participle ending at token ``k`` introduces; its speaker is the clause's («مضيفاً أن»).

    A medium right after it is the via («موضحاً لـ"الوطن" أن»).
    """
    relay = via_at(unit, k)
    if relay is not None:
        k = relay[2]
    first = _opening(unit, k, kind == "participle-warn", kind == "participle-about")
    if first is None or first >= len(unit.tokens):
        return None
    if unit.tokens[first].text in QUOTES and (close := _whole_quote(unit, first)) is not None:
        if close == first + 1:
            return None
        quoted_via = (relay[0], relay[1]) if relay is not None else None
        return Candidate(cue, span(unit, first + 1, close), True, speaker=None, via=quoted_via), close + 1
    stop, via, next_token = _content_end(unit, first)
    if stop <= first:
        return None
    via = (relay[0], relay[1]) if relay is not None else via
    return Candidate(cue, span(unit, first, stop), False, speaker=None, via=via), next_token


def _agreement(unit: Unit, i: int) -> str:
    """Subject agreement of the reporting verb or participle at or just after token ``i``: "m", "f", "p" or "" (none)."""
    for k in range(i, min(i + 2, len(unit.tokens))):  # after an auxiliary («وقد أضافت»)
        cue = lexicon.cues().match(unit.norms, k, lexicon.CONJUNCTIONS)
        if cue is not None:
            return lexicon.agreements().get(cue.words, "") or "m"
    return ""


def _said_before(unit: Unit, i: int, previous: Unit | None) -> tuple[Candidate, int] | None:
    """«صرح بذلك فلان»: a verb at a clause start pointing back to the sentence before, which is the content."""
    norms, n = unit.norms, len(unit.tokens)
    cue = lexicon.cues().match(norms, i, lexicon.CONJUNCTIONS)
    if previous is None or cue is None or cue.kind in ("passive", "participle") or not _initial(unit, i, True):
        return None
    k = i + cue.size
    if lexicon.words().match(norms, k, kinds=ANAPHOR) is None:
        return None
    phrase = speaker_phrase(unit, k + 1)
    if phrase.empty:
        return None
    first, stop = 0, len(previous.tokens)
    while stop > first and previous.tokens[stop - 1].text in TERMINAL:
        stop -= 1
    if sum(previous.is_word(t) for t in range(first, stop)) < MIN_OBJECT:
        return None
    content = span(previous, first, stop)
    cue_span = (unit.tokens[i].start + len(cue.prefix), unit.tokens[k].end)
    return Candidate(cue_span, content, False, **_speaker_fields(unit, phrase)), min(phrase.stop, n)  # type: ignore[arg-type]


def _takes_object(cue: lexicon.Hit) -> bool:
    """Whether a reporting verb may take what was said as a noun («أكد الوزير رفضه ...»)."""
    lemma = lexicon.lemmas().get(cue.words)
    return lemma is not None and lexicon.words().match((lemma,), 0, kinds=OBJECT_VERB) is not None


def _object_after_aside(
    unit: Unit, k: int, end: int, cue: tuple[int, int], via: tuple[int, int] | None, fields: dict[str, object]
) -> tuple[Candidate, int] | None:
    """What was said as a noun after the speaker's asides («وأكد فلان، الذي ...، رفض الحوار»).

    The content starts after the comma that closes the asides that follow the speaker:
    a time or place («، اليوم الأربعاء،»), a relative clause («، الذي يشغل ...،») or a
    circumstance («، خلال مداخلة ...،»); «على» after «أكد» is left out.
    """
    tokens, norms = unit.tokens, unit.norms
    comma = next((t for t in range(k, min(k + MAX_ASIDE, end)) if tokens[t].text in "،,"), None)
    relative = lexicon.words().match(norms, k, lexicon.CONJUNCTIONS)
    if comma is not None and comma > k and (relative is None or relative.kind != "relative"):
        return None  # only an aside or a relative clause may stand between the speaker and the comma
    while comma is not None:
        after = next((t for t in range(comma + 1, min(comma + 1 + MAX_ASIDE, end)) if tokens[t].text in "،,"), None)
        if after is None:
            break
        if lexicon.words().match(norms, comma + 1, kinds=ON) is not None:
            break  # «، على ضرورة ...»: the content itself
        word = lexicon.words().match(norms, comma + 1, lexicon.CONJUNCTIONS)
        aside = word is not None and word.kind in ("relative", "stop")
        if not (aside or sum(unit.is_word(t) for t in range(comma + 1, after)) <= MAX_SHORT_ASIDE):
            break
        comma = after
    if comma is None:
        return None
    first = comma + 1
    if lexicon.words().match(norms, first, kinds=ON) is not None:
        first += 1
    stop, trailing, next_token = _content_end(unit, first)
    stop = min(stop, end)
    if sum(unit.is_word(t) for t in range(first, stop)) < MIN_OBJECT:
        return None
    return Candidate(cue, span(unit, first, stop), False, via=via or trailing, **fields), min(next_token, end)  # type: ignore[arg-type]


def _issuer(unit: Unit, phrase: Phrase, skip: int) -> Phrase | None:
    """The body behind a credited document: «بيان صادر عن الوزارة», «بيان أصدرته الشركة», «بيانات المفوضية»."""
    if phrase.empty:
        return None
    word = lexicon.words().match((lexicon.bare(unit.norms[phrase.first][skip:]),), 0)
    if word is None or word.kind != "document":
        return None
    first = issuer_start(unit, phrase.stop)
    if first is not None:
        found = speaker_phrase(unit, first)
        return found if not found.empty else None
    rest = phrase.stop - phrase.first - 1
    if rest > 1 or (rest == 1 and unit.norms[phrase.first + 1].startswith("ال")):
        return speaker_phrase(unit, phrase.first + 1, phrase.stop - phrase.first - 1)
    return None


def _own_words(unit: Unit, phrase: Phrase) -> bool:
    """Whether a marker's phrase is the speaker's own words («وفق تعبيره»): it repeats a credit already given."""
    if phrase.stop - phrase.first != 1:
        return False
    norm = unit.norms[phrase.first]
    return any(norm.startswith(noun) and norm[len(noun) :] in POSSESSIVE for noun in CREDIT_NOUNS)


NORM = frozenset({"norm"})


def _norm(unit: Unit, phrase: Phrase) -> bool:
    """Whether a marker's phrase is a rule or a kind followed, not a source («وفقاً للقانون», «حسب نوع الصك»)."""
    if phrase.empty:
        return False
    return lexicon.words().match((lexicon.bare(unit.norms[phrase.first]),), 0, kinds=NORM) is not None


def _marker_statement(unit: Unit, i: int) -> tuple[Candidate, int] | None:
    """A statement credited by an attribution marker at token ``i`` («وفقاً للمصدر»)."""
    norms, tokens, n = unit.norms, unit.tokens, len(unit.tokens)
    marker = lexicon.markers().match(norms, i, ("و",))
    if marker is None or not _initial(unit, i, marker.prefix != ""):
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
    issuer = _issuer(unit, phrase, skip)
    if issuer is not None:
        phrase, skip = issuer, 0
    fields: dict[str, object] = _speaker_fields(unit, phrase, skip) if not phrase.empty else {"speaker": None}
    after = phrase.stop
    verb = lexicon.cues().match(norms, after)
    if verb is not None and verb.kind != "ambiguous":  # «بحسب مصادر تحدثت لموقع ...»
        after += verb.size
    found = via_at(unit, after)
    if found is not None:
        via, after = (found[0], found[1]), found[2]
    while after < n and (tokens[after].text in TERMINAL or _complementizer(unit, after)):
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
