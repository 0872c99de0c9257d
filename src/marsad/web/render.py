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


def _part(text: str, start: int, end: int, marks: Sequence[Mark]) -> Markup:
    """``text[start:end]`` marked with the marks that lie wholly inside it."""
    inside = [Mark(m.start - start, m.end - start, m.css, m.href, m.title)
              for m in marks if start <= m.start and m.end <= end]
    return marked(text[start:end], inside)


def paragraphs(text: str, marks: Sequence[Mark], focus: tuple[int, int] | None = None) -> list[Markup]:
    """The text's non-empty lines as marked-up paragraphs (marks crossing a line break are dropped).

    ``focus``: a span (a statement's sentence) wrapped in ``<mark class="said" id="said">``
    around the marks inside it, on the first line it touches.
    """
    out: list[Markup] = []
    start = 0
    focused = False
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            if focus and not focused and focus[0] < end and focus[1] > start:
                lo, hi = max(focus[0], start), min(focus[1], end)
                out.append(Markup("").join((
                    _part(text, start, lo, marks), Markup('<mark class="said" id="said">'),
                    _part(text, lo, hi, marks), Markup("</mark>"), _part(text, hi, end, marks))))
                focused = True
            else:
                out.append(_part(text, start, end, marks))
        start = end + 1
    return out


def statement_span(record: dict[str, Any], seq: int | None) -> tuple[int, int] | None:
    """The span of statement ``seq`` of a stored record (cue, relay and content), or None.

    The speaker is left out: an elided speaker («وأوضح أن...») points back to an earlier sentence.
    """
    said = record.get("statements") or []
    if seq is None or not 0 <= seq < len(said):
        return None
    parts = [p for p in (said[seq].get(k) for k in ("cue", "via", "content")) if p and "start" in p]
    return (min(int(p["start"]) for p in parts), max(int(p["end"]) for p in parts)) if parts else None


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
