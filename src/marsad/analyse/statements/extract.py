"""Statement candidates in one unit: reporting verbs, postposed attribution, quotations.

These shapes are found, token by token:

- a reporting verb opening a clause, then an optional speaker, relay («لصحيفة ...»)
  and aside («والذي لم تسمه»), then what was said after «أن/إن», «عن», «من» (a
  warning), a colon or a quotation mark («وقال المصدر لصحيفة الشرق الأوسط إن ...»),
  or, for verbs such as «أكد», a noun after the speaker's asides; the speaker may
  also come before the verb («الوزير قال إن ...») or be left out («وأوضح أن ...»);
- a participle going on with the clause's speaker («، مؤكداً أن ...», «مشيراً إلى»);
- a postposed attribution («...، وفقاً للمصدر، ...», «بحسب مصادر مطلعة، فإن ...»;
  :mod:`.markers`);
- a quotation followed by its verb («"..."، قال الوزير»), or an unquoted clause
  followed by a bare «قال» and the like («...، قال الوزير.»), and «صرح بذلك فلان»
  after the sentence it credits (:mod:`.before`);
- a participle after a verb whose own content was not found goes on with that
  verb's subject («أشارت الصحيفة إلى ... قائلة:»);
- a headline or subhead line «فلان: ...» or «فلان يؤكد ...» (:mod:`.lines`, which also
  finds, for the stage, a quotation paragraph after a statement and the list or
  quotation after «وقال فلان:»).

A trailing «، حسبما صرح لموقع "..."» is folded into the statement it ends; a medium's
name, what it relays and a relay before the verb are read by :mod:`.media`; a
speaker or a claim written before the verb by :mod:`.before`; quotation marks around
a speaker's name or description by :mod:`.quotes`; where a clause may open and where
its speaker phrase ends by :mod:`.clauses`.
"""

from __future__ import annotations

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.before import front_speaker, quote_before, said_before
from marsad.analyse.statements.candidate import MIN_OBJECT, ON, TERMINAL, Candidate, span
from marsad.analyse.statements.clauses import (
    ANAPHOR,
    DESCRIBE,
    LEAD,
    clause_start,
    complementizer,
    contrast,
    describer,
    possessed,
    speaker_fields,
)
from marsad.analyse.statements.documents import issuer_phrase
from marsad.analyse.statements.lines import headline
from marsad.analyse.statements.markers import marker_statement
from marsad.analyse.statements.media import is_medium, medium_stop, relayed_by, source_after, via_before
from marsad.analyse.statements.patterns import (
    CLAUSE_PUNCT,
    QUOTES,
    Phrase,
    Unit,
    closing_quote,
    preposed,
    speaker_phrase,
    via_at,
)
from marsad.analyse.statements.quotes import (
    MAX_SHORT_ASIDE,
    named_quote,
    quoted_aside,
    quoted_name,
    quoted_speaker,
)
from marsad.text.normalize import normalize

# How many tokens may lie between the speaker and the start of what was said.
MAX_GAP = 40
# A participle's content opens at most this many words after it («مشيراً إلى أن»).
MAX_PARTICIPLE_GAP = 2
OBJECT_VERB = frozenset({"object-verb"})
# Asides between a speaker and a noun content: at most this many tokens each, and one
# of at most MAX_SHORT_ASIDE words counts as an aside whatever it is («، اليوم الأربعاء،»).
MAX_ASIDE = 16
TOPIC = frozenset({"on", "to"})
FROM = frozenset({"from"})
# A prefixed ambiguous verb («وذكر») with a speaker may have this many tokens before «أن».
MAX_AMBIGUOUS_GAP = 8
MAX_AMBIGUOUS_SPEAKER = 5
# «ويذكر أن»: a reporting form that credits nobody when no speaker follows it.
IMPERSONAL = frozenset({(normalize("يذكر"),)})
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
        result = _verb_statement(unit, i) or marker_statement(unit, i) or said_before(unit, i, previous)
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


def _silent_speaker(unit: Unit, i: int) -> Candidate | None:
    """The speaker of a reporting verb at ``i`` whose content was not found, for a participle after it.

    «أشارت صحيفة النهار إلى اقتراح جديد قائلة: "..."»: «أشارت» takes no noun content,
    but its subject is who goes on «قائلة».
    """
    cue = lexicon.cues().match(unit.norms, i, lexicon.CONJUNCTIONS)
    if cue is None or cue.kind.startswith("participle") or cue.kind in ("passive", "ambiguous"):
        return None
    if not clause_start(unit, i, cue.prefix != "" or _lead(unit, i)):
        return None
    phrase = speaker_phrase(unit, i + cue.size)
    if lexicon.lemmas().get(cue.words) == DESCRIBE:
        phrase = describer(unit, i + cue.size, phrase)
    if phrase.empty or preposed(unit, phrase.first):
        return None
    cue_span = (unit.tokens[i].start + len(cue.prefix), unit.tokens[i + cue.size - 1].end)
    end = cue_span[1]
    return Candidate(cue_span, (end, end), False, silent=True, **speaker_fields(unit, phrase))  # type: ignore[arg-type]


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
        second = contrast(unit, t + 1)
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
    if complementizer(unit, first) or not (unit.is_word(first) and unit.is_word(first + 1)):
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
        phrase = describer(unit, k, phrase)
    via, relayed = None, False
    if not phrase.empty and is_medium(unit, phrase.first):
        name = medium_stop(unit, phrase)
        source = source_after(unit, name)
        quoted = speaker_phrase(unit, source + 1) if source is not None else None
        if quoted is not None and not quoted.empty:  # «نقلت وكالة ...، أمس، عن المتحدث ...»: the medium relays
            via, phrase, relayed = span(unit, phrase.first, name), quoted, True
        else:  # the medium speaks, by its whole name («وكشفت المجلة عن أن ...»: «عن» opens what it said)
            phrase = Phrase(phrase.first, name, phrase.affiliation, phrase.demonym)
    issuer = issuer_phrase(unit, phrase, 0) if not phrase.empty and not via else None
    if issuer is not None:  # «وذكر بيان أصدرته الشركة أن»: the body that issued it speaks
        phrase = issuer
    phrase = quoted_name(unit, phrase)
    via = via or via_before(unit, i)
    quoted = quoted_speaker(unit, k) if phrase.empty else None
    if quoted is not None:
        phrase = quoted  # «ونقل عن "بوابة الأهرام" أنه ...»
    if not phrase.empty and possessed(unit, phrase.first):
        return None  # «وأعلن مسؤوليته عن الهجوم»: the verb's object, not a statement
    fields: dict[str, object] = speaker_fields(unit, phrase) if not phrase.empty else {"speaker": None}
    if phrase.empty and cue.words in IMPERSONAL:
        return None  # «ويذكر أن ...»: nobody is credited
    if phrase.empty and not prefixed and cue.kind != "ambiguous" and (front := front_speaker(unit, i)):
        fields = speaker_fields(unit, *front)
    elif not clause_start(unit, i, prefixed):
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
        if close is not None and (named_quote(unit, close) or quoted_aside(unit, close)):
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
        if verb is not None and clause_start(unit, m, verb.prefix != ""):
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


