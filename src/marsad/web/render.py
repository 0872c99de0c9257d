"""Safe HTML from scraped text: escape everything, add elements only at computed span boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    """A span of the text to wrap: an entity link (``href``) or a highlight."""

    start: int
    end: int
    css: str
    href: str | None = None
    title: str | None = None


def entity_href(entity_id: str) -> str:
    """The page of an entity (ids such as ``gn:169389`` or ``local:PER:ab12`` quoted whole)."""
    return "/entities/" + quote(entity_id, safe="")


def _open(mark: Mark) -> Markup:
    title = Markup(' title="{}"').format(mark.title) if mark.title else Markup("")
    if mark.href:
        return Markup('<a class="{}" href="{}"{}>').format(mark.css, mark.href, title)
    return Markup('<mark class="{}"{}>').format(mark.css, title)


def _close(mark: Mark) -> Markup:
    return Markup("</a>" if mark.href else "</mark>")


def _non_overlapping(marks: Iterable[Mark], length: int) -> list[Mark]:
    """Marks inside the text, earliest first; a mark overlapping an earlier (or longer) one is dropped."""
    chosen: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if 0 <= mark.start < mark.end <= length and (not chosen or mark.start >= chosen[-1].end):
            chosen.append(mark)
    return chosen


def marked(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` escaped, with each mark's element around its span."""
    pieces: list[str] = []
    last = 0
    for mark in _non_overlapping(marks, len(text)):
        pieces += [escape(text[last:mark.start]), _open(mark), escape(text[mark.start:mark.end]), _close(mark)]
        last = mark.end
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def paragraphs(text: str, marks: Sequence[Mark]) -> list[Markup]:
    """The text's non-empty lines as marked-up paragraphs (marks crossing a line break are dropped)."""
    out: list[Markup] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        inside = [Mark(m.start - start, m.end - start, m.css, m.href, m.title)
                  for m in marks if start <= m.start and m.end <= end]
        if line.strip():
            out.append(marked(line, inside))
        start = end + 1
    return out


def snippet_html(text: str, highlights: Iterable[Sequence[int]]) -> Markup:
    """A search snippet with its matched words in ``<mark>``."""
    return marked(text, (Mark(int(h[0]), int(h[1]), "hit") for h in highlights))


def article_marks(record: dict[str, Any]) -> list[Mark]:
    """Entities (linked when canonical) and statement cues of a stored record."""
    marks: list[Mark] = []
    for e in record.get("entities") or []:
        label = str(e.get("label") or "MISC").lower()
        href = entity_href(e["id"]) if e.get("id") else None
        marks.append(Mark(int(e["start"]), int(e["end"]), f"ent ent-{label}", href, e.get("name") or None))
    for s in record.get("statements") or []:
        cue = s.get("cue") or {}
        if "start" in cue:
            marks.append(Mark(int(cue["start"]), int(cue["end"]), "cue"))
    return marks


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address (never ``javascript:`` and the like), else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None
