"""Provenance of an article: where it appeared, which media it cites, whose word it rests on."""

from __future__ import annotations

from typing import Any, ClassVar

from marsad.analyse.statements import lexicon
from marsad.analyse.statements.patterns import medium_name, overlapping, speaker_phrase, units, via_at
from marsad.pipeline import Stage
from marsad.record import Article
from marsad.text.normalize import normalize


def _media_in_text(text: str) -> list[tuple[int, int]]:
    """Spans of relay phrases with their medium («لصحيفة ...», «نقلت وكالة ...») anywhere in ``text``."""
    spans = []
    for unit in units(text):
        for k in range(len(unit.tokens)):
            found = via_at(unit, k)
            if found is not None:
                spans.append((found[0], found[1]))
                continue
            relay = lexicon.relays().match(unit.norms, k, ("و",)) or lexicon.markers().match(unit.norms, k, ("و",))
            if relay is None or relay.kind not in ("by", "medium"):
                continue
            first = k + relay.size - (1 if relay.kind == "by" else 0)
            phrase = speaker_phrase(unit, first, 5)
            if not phrase.empty and phrase.stop - phrase.first > (1 if relay.kind == "by" else 0):
                spans.append((unit.tokens[phrase.first].start, unit.tokens[phrase.stop - 1].end))
    return spans


def cited_media(article: Article) -> list[dict[str, Any]]:
    """Media the article credits: statements' vias and relay phrases, each once."""
    spans = [(s["via"]["start"], s["via"]["end"]) for s in article.statements if s.get("via")]
    spans += _media_in_text(article.text)
    media: dict[str, dict[str, Any]] = {}
    for start, end in sorted(spans):
        entity = overlapping(article.entities, start, end, ("ORG", "MISC"))
        name = medium_name(article.text[start:end])
        key = entity.id if entity is not None and entity.id else normalize(name)
        if key and key not in media:
            media[key] = {"name": entity.name or name if entity else name, "entity": entity.id if entity else None}
    return list(media.values())


def _kind(article: Article, speaker: dict[str, Any]) -> str:
    """person, institution or anonymous, for a statement's speaker."""
    if speaker.get("anonymous"):
        return "anonymous"
    entity = overlapping(article.entities, speaker["start"], speaker["end"], ("PER", "ORG"))
    if entity is not None:
        return "person" if entity.label == "PER" else "institution"
    norms = normalize(speaker["text"]).split()
    if norms:
        word = lexicon.words().match(norms, 0, ("و",))
        if word is not None and word.kind == "institution":
            return "institution"
    return "person"


def sources(article: Article) -> list[dict[str, Any]]:
    """Whose word the article rests on: each distinct speaker once, typed."""
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for statement in article.statements:
        speaker = statement["speaker"]
        key = (speaker["start"], speaker["end"])
        if key not in found:
            found[key] = {
                "kind": _kind(article, speaker),
                "text": speaker["text"],
                "entity": speaker.get("entity"),
                "affiliation": speaker.get("affiliation"),
            }
    return list(found.values())


def provenance(article: Article) -> dict[str, Any]:
    """``site``, ``outlet``, ``cited_media`` and typed ``sources`` of one article."""
    return {
        "site": article.site,
        "outlet": article.outlet,
        "cited_media": cited_media(article),
        "sources": sources(article),
    }


class ProvenanceStage(Stage):
    """Fill ``article.provenance`` from the statements and entities found before it."""

    name: ClassVar[str] = "provenance"
    requires: ClassVar[tuple[str, ...]] = ("text", "site", "outlet", "entities", "statements")
    provides: ClassVar[tuple[str, ...]] = ("provenance",)

    def process(self, article: Article) -> Article:
        """Add the article's provenance."""
        article.provenance = provenance(article)
        return article
