"""The article record: immutable text, standoff annotations, JSON in and out.

This module imports nothing else of marsad. Every ``start``/``end`` indexes into
``Article.text`` (Python code points, end exclusive) and a span's ``text`` always
equals ``article.text[start:end]``: stages add annotations, they never rewrite text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

_T = TypeVar("_T")

FORMATS = ("text", "html", "jsonl", "warc")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from: a path, an optional URL, its format and position."""

    path: str | None = None
    url: str | None = None
    format: str = "text"
    member: str | None = None  # line number in a JSON-lines file, record offset in a WARC


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A piece of the page removed from the clean text, with why (``kind``)."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Related:
    """A headline from a "related articles" list."""

    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Article.text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention, linked to a canonical entity when known."""

    start: int
    end: int
    text: str
    label: str
    id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date the text mentions, normalised to ISO at the given grain."""

    start: int
    end: int
    text: str
    value: str | None
    grain: str


@dataclass(frozen=True, slots=True)
class Point:
    """An enumerated item such as «البند الأول»."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class ErrorNote:
    """A problem met while processing this document; the record is still usable."""

    stage: str
    code: str
    message: str


@dataclass(slots=True)
class Article:
    """One clean article and everything marsad found in it."""

    id: str
    source: Source
    text: str
    title: str | None = None
    lang: str | None = None
    site: str | None = None
    outlet: str | None = None
    published: str | None = None
    # The moment the article is placed in time by: ``{"value": ISO, "from": "published" |
    # "dateline" | "crawl"}``, the best the input gives; null when nothing dates it.
    time: dict[str, str] | None = None
    boilerplate: list[Boilerplate] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    errors: list[ErrorNote] = field(default_factory=list)
    provenance: dict[str, Any] | None = None
    copy_of: str | None = None
    story: str | None = None

    def span(self, start: int, end: int) -> Span:
        """A span of this article's text, checked against its bounds."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.text)}")
        return Span(start, end, self.text[start:end])

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data, fields in contract order."""
        return {
            "id": self.id,
            "source": asdict(self.source),
            "lang": self.lang,
            "title": self.title,
            "text": self.text,
            "site": self.site,
            "outlet": self.outlet,
            "published": self.published,
            "time": self.time,
            "boilerplate": [asdict(b) for b in self.boilerplate],
            "related": [asdict(r) for r in self.related],
            "entities": [asdict(e) for e in self.entities],
            "statements": list(self.statements),
            "dates": [asdict(d) for d in self.dates],
            "points": [asdict(p) for p in self.points],
            "errors": [asdict(e) for e in self.errors],
            "provenance": self.provenance,
            "copy_of": self.copy_of,
            "story": self.story,
        }

    def to_json(self) -> str:
        """One line of JSON, non-ASCII kept as it is."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild a record from :meth:`to_dict` output; unknown keys are ignored at every level.

        Records grow: a reader must accept fields a newer writer added.
        """
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["source"] = _build(Source, data.get("source") or {})
        kwargs["boilerplate"] = [_build(Boilerplate, b) for b in data.get("boilerplate") or []]
        kwargs["related"] = [_build(Related, r) for r in data.get("related") or []]
        kwargs["entities"] = [_build(Entity, e) for e in data.get("entities") or []]
        kwargs["dates"] = [_build(DateMention, d) for d in data.get("dates") or []]
        kwargs["points"] = [_build(Point, p) for p in data.get("points") or []]
        kwargs["errors"] = [_build(ErrorNote, e) for e in data.get("errors") or []]
        return cls(**kwargs)

    @classmethod
    def from_json(cls, line: str) -> Article:
        """Rebuild a record from one line of :meth:`to_json` output."""
        return cls.from_dict(json.loads(line))


def _build(kind: type[_T], data: dict[str, Any]) -> _T:
    """An annotation record from a dict, keeping only the fields ``kind`` knows."""
    names = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    return kind(**{k: v for k, v in data.items() if k in names})


def stable_id(content: bytes, url: str | None = None) -> str:
    """A 16-hex-digit id from the document's bytes and its URL.

    The same input gives the same id on every run and on every machine. The file's
    path and a line's position are left out on purpose: moving a folder or
    reordering a JSON-lines file does not change its articles' ids.
    """
    digest = hashlib.blake2b(digest_size=8)
    digest.update(content)
    digest.update(b"\x00url:" + (url or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
