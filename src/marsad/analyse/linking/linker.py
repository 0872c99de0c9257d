"""Link entity mentions to canonical entities, and add the mentions the tagger missed.

Steps, in order: link each tagged mention by its alias key (a media trigger before it
selects the medium and makes it ORG; a role phrase «الرئيس التركي» selects the role
holder on the article's date); add registry aliases found in the text (longest match,
clitic prefix outside the span) and precise role phrases; give a lone surname the id
of the full name in the same document; give everything still unlinked a stable
``local:<label>:<hash>`` id of its key, so it groups across articles.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from marsad.analyse.linking.context import (
    dateline_credit,
    leading_trigger,
    parse_role,
    role_holder,
    trigger_before,
)
from marsad.analyse.linking.disambiguation import decide
from marsad.analyse.linking.keys import Word, name_key, words
from marsad.analyse.linking.registry import CanonicalEntity, Hit, Registry, registry
from marsad.analyse.ner.common import excluded, is_common, takes_article
from marsad.analyse.ner.features import trigger_label
from marsad.record import Entity
from marsad.text.normalize import extend_over_marks, normalize

MEDIA = "media"
CITY = "city"  # GeoNames places that are not capitals: generated, not checked by hand
APPOSITION_GAP = 3  # characters allowed between «الرئيس الروسي» and «فلاديمير بوتين»


@dataclass
class _Mention:
    """A mention being linked (mutable while the steps run)."""

    start: int
    end: int
    label: str
    key: tuple[str, ...]
    id: str | None = None
    name: str | None = None
    role: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def local_id(label: str, key: tuple[str, ...]) -> str:
    """Stable id of a name outside the registry: ``local:<label>:<12 hex>`` of its key."""
    digest = hashlib.blake2b(" ".join(key).encode("utf-8"), digest_size=6).hexdigest()
    return f"local:{label}:{digest}"


def _choose(
    hits: list[Hit], label: str, media_context: bool, reg: Registry, strict: bool = False, country: str = ""
) -> str | None:
    """The entity a mention names among its alias hits (in ``country`` when given), or None."""
    entities = [(hit, reg.entities[hit.id]) for hit in hits]
    if country:
        entities = [(h, e) for h, e in entities if e.country in ("", country)]
    if media_context:
        media = [e for _, e in entities if e.kind == MEDIA]
        if media:
            return media[0].id
    usable = [e for h, e in entities if not (h.ambiguous and (strict or (e.kind == MEDIA and label != "ORG")))]
    same = [e for e in usable if e.type == label]
    chosen = same or usable
    return chosen[0].id if chosen else None


def _first_word(ws: list[Word], start: int) -> int:
    """Index of the word that holds offset ``start`` (or the next one)."""
    return next((i for i, w in enumerate(ws) if w.end > start), len(ws))


def _link_tagged(m: _Mention, ws: list[Word], text: str, reg: Registry, date: str | None, seen: list[str]) -> None:
    """Link one tagged mention by alias, media context, role phrase or a name inside it."""
    context = trigger_before(ws, _first_word(ws, m.start), text) or dateline_credit(text, m.start, m.end)
    # «وكالة الأنباء الأردنية» is a name of its own; «صحيفة الشرق الأوسط» is a trigger and a name.
    trigger = 0 if reg.lookup(m.key) else leading_trigger(m.key)
    key = m.key[trigger:]
    context = context or len(key) < len(m.key)
    m.id = _choose(reg.lookup(key), m.label, context, reg)
    if m.id is None:
        parsed = parse_role(key, reg)
        if parsed and parsed[2] == len(key):
            m.id, m.role = role_holder(parsed[0], parsed[1], reg, date, seen), True
    while m.id is None and not m.role and len(key) > 1 and (country_id := reg.demonym_country(key[-1])):
        # «إدلب السورية», «سوتشي الروسي»: the place, not the country its adjective names;
        # the place must lie in that country («الجزيرة السورية» is not Algiers).
        key = key[:-1]
        m.key = m.key[: trigger + len(key)]
        m.id = _choose(reg.lookup(key), m.label, context, reg, country=reg.entities[country_id].country)
    for size in range(len(key) - 1, 0, -1):
        if m.id is not None:
            break
        m.id = _choose(reg.lookup(key[-size:]), m.label, False, reg, strict=size == 1)
    if m.id and context and reg.entities[m.id].kind == MEDIA:
        m.label = "ORG"


def _free(start: int, end: int, mentions: list[_Mention]) -> bool:
    return all(m.end <= start or end <= m.start for m in mentions)


def _needs_support(entity: CanonicalEntity, chunk: list[Word], skip: int, text: str) -> bool:
    """Whether a one-word match of a GeoNames city is a word that is mostly not a name («بأنه», «مشهد»).

    Curated entities, countries and capitals are checked by hand instead: their
    aliases that are common words carry the ambiguity mark (``entities/ambiguous.txt``, «~»).
    """
    if len(chunk) != 1 or entity.kind != CITY:
        return False
    return is_common(text[chunk[0].start + skip : chunk[0].end])


def _trigger_support(ws: list[Word], i: int, label: str) -> bool:
    """Whether the word before ``ws[i]`` announces an entity of ``label`` («مدينة مشهد», «الرئيس ...»)."""
    return i > 0 and ws[i].joined and trigger_label(ws[i - 1].key) == label


def _generic(m: _Mention, text: str, ws: list[Word], reg: Registry) -> bool:
    """Whether a one-word tagged mention is a noun («قصر», «مشهد») with nothing to say it is a name.

    Only words written without the article are judged («الأهلي» and «الطيب» are
    names that carry it). A noun by its use (``common.takes_article``) is kept when
    the registry knows it as something other than a GeoNames city (checked by
    hand), or when a trigger of its type stands right before it («مدينة نصر»).
    """
    if len(m.key) != 1 or not takes_article(m.key[0]) or normalize(text[m.start : m.end]).startswith("ال"):
        return False
    if any(reg.entities[hit.id].kind != CITY for hit in reg.lookup(m.key)):
        return False
    return not _trigger_support(ws, _first_word(ws, m.start), m.label)


def _scan(ws: list[Word], text: str, reg: Registry, mentions: list[_Mention]) -> None:
    """Add registry aliases found in the text (token-aligned, longest first).

    A one-word match of a GeoNames place that is a common word («بأنه» read as the
    town «بانه», «مشهد» as Mashhad) needs support: a tagged mention on it, a media
    trigger or dateline, or a trigger word of its type right before it («مدينة مشهد»).
    """
    i = 0
    starts = reg.starts
    while i < len(ws):
        found = None
        # Only aliases that start with one of this word's readings can match here.
        widest = max([starts.get(reading, 0) for _, reading in ws[i].variants])
        for size in range(min(widest, len(ws) - i), 0, -1):
            chunk = ws[i : i + size]
            if not all([w.joined for w in chunk[1:]]):
                continue
            rest = tuple([w.key for w in chunk[1:]])
            for skip, reading in chunk[0].variants:
                hits = reg.lookup((reading, *rest))
                if hits and not (size == 1 and reg.demonym_country(reading)):  # «السورية» is an adjective
                    found = (size, skip, (reading, *rest), hits)
                    break
            if found:
                break
        if found is None:
            i += 1
            continue
        size, skip, key, hits = found
        start, end = ws[i].start + skip, extend_over_marks(text, ws[i + size - 1].end)
        context = trigger_before(ws, i, text) or dateline_credit(text, start, end)
        entity_id = _choose(hits, "", context, reg, strict=not context)
        inside = [m for m in mentions if not (m.end <= start or end <= m.start)]
        contains = all(start <= m.start and m.end <= end and (m.end - m.start) < end - start for m in inside)
        if (
            entity_id
            and not inside
            and not context
            and _needs_support(reg.entities[entity_id], ws[i : i + size], skip, text)
            and not _trigger_support(ws, i, reg.entities[entity_id].type)
        ):
            i += 1
            continue
        if entity_id and (not inside or (contains and (size > 1 or context))):
            for m in inside:
                mentions.remove(m)
            entity = reg.entities[entity_id]
            label = "ORG" if entity.kind == MEDIA else entity.type
            mentions.append(_Mention(start, end, label, key, entity_id))
        i += size


def _scan_roles(ws: list[Word], text: str, reg: Registry, date: str | None, mentions: list[_Mention]) -> None:
    """Add role phrases («الرئيس الروسي», «نظيره التركي») whose holder the registry knows."""
    for i in range(len(ws)):
        chunk = ws[i : i + 5]
        cut = next((n for n in range(1, len(chunk)) if not chunk[n].joined), len(chunk))
        rest = tuple(w.key for w in chunk[1:cut])
        for skip, key in chunk[0].variants:
            parsed = parse_role((key, *rest), reg)
            if not parsed:
                continue
            start, end = ws[i].start + skip, extend_over_marks(text, ws[i + parsed[2] - 1].end)
            if not _free(start, end, mentions):
                break
            seen = [m.id for m in sorted(mentions, key=lambda m: m.start) if m.id and m.start < start]
            holder = role_holder(parsed[0], parsed[1], reg, date, seen)
            if holder:
                mentions.append(_Mention(start, end, "PER", (key, *rest)[: parsed[2]], holder, role=True))
            break


def _corefer(mentions: list[_Mention]) -> None:
    """Give a lone surname the id of the one full name in the document that ends with it."""
    people = [m for m in mentions if m.label == "PER" and not m.role]
    surnames: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for m in people:
        if len(m.key) >= 2 and m.id:
            surnames.setdefault(m.key[-1], set()).add(m.id)
            names.setdefault(m.id, m.name or "")
    for m in people:
        ids = surnames.get(m.key[0], set()) if len(m.key) == 1 else set()
        if len(ids) == 1:
            m.id = next(iter(ids))
            m.name = names[m.id] or m.name


def _agree_labels(mentions: list[_Mention]) -> None:
    """Unlinked mentions of one name take the label most of them have in the document.

    The tagger may call «سوتشي» a place three times and a person once; the name
    should still get one local id, and the right label.
    """
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for m in mentions:
        if m.id is None and m.key:
            votes.setdefault(m.key, Counter())[m.label] += 1
    for m in mentions:
        if m.id is None and m.key in votes:
            m.label = votes[m.key].most_common(1)[0][0]


def _apposition(mentions: list[_Mention], text: str) -> None:
    """«الرئيس السوري بشار الأسد»: a role phrase takes the id of the name right after it."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for m, following in zip(ordered, ordered[1:], strict=False):
        gap = text[m.end : following.start]
        if m.role and following.label == "PER" and following.id and len(gap) <= APPOSITION_GAP and not gap.strip(" ،,"):
            m.id, m.name = following.id, following.name


def link(text: str, entities: list[Entity], published: str | None = None, reg: Registry | None = None) -> list[Entity]:
    """Linked copies of ``entities`` plus the registry mentions the tagger missed, in text order."""
    reg = reg or registry()
    date = published[:10] if published else None
    ws = words(text)
    # Currencies, «الله» and religious terms are not entities for marsad (README, Entities).
    mentions = [
        _Mention(e.start, e.end, e.label, key)
        for e in entities
        if not excluded(key := name_key(e.text), e.label)
    ]
    mentions = [m for m in mentions if not _generic(m, text, ws, reg)]
    seen: list[str] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if m.key:
            _link_tagged(m, ws, text, reg, date, seen)
        if m.id:
            seen.append(m.id)
    _scan(ws, text, reg, mentions)
    _scan_roles(ws, text, reg, date, mentions)
    for m in mentions:
        # «عمّان» or «عمان -» is Amman, «عمان» near «مسقط» is Oman (data/entities/disambiguation.tsv).
        m.id = decide(m.key, m.id, m.start, m.end, ws, text) or m.id
    for m in mentions:
        if m.id in reg.entities:
            # The registry knows what the entity is; the tagger's label may be wrong («سوتشي» as PER).
            m.name, m.label = reg.entities[m.id].name, reg.entities[m.id].type
        elif m.id is None and len(m.key) > 1:
            m.id, m.name = local_id(m.label, m.key), text[m.start : m.end]
    _corefer(mentions)
    _agree_labels(mentions)
    for m in mentions:
        if m.id is None and m.key:
            m.id, m.name = local_id(m.label, m.key), text[m.start : m.end]
    _apposition(mentions, text)
    return [
        Entity(m.start, m.end, text[m.start : m.end], m.label, m.id, m.name)
        for m in sorted(mentions, key=lambda m: (m.start, m.end))
    ]
