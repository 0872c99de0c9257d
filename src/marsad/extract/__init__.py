"""RawDocument to Article: decode, extract main text and metadata, clean up, identify language."""

from __future__ import annotations

from marsad.errors import BAD_DATE, INVALID_TEXT, REPLACED_BYTES, NoText
from marsad.extract.cleanup import MAX_HEADLINE_WORDS, Draft, clean, key
from marsad.extract.html import html_page
from marsad.extract.lang import language
from marsad.extract.published import iso_published
from marsad.record import Article, ErrorNote, Related, Source, stable_id
from marsad.sources.decode import decode
from marsad.sources.raw import Limits, RawDocument
from marsad.sources.valid import valid, valid_text

__all__ = ["extract", "text_draft"]


def extract(raw: RawDocument, limits: Limits = Limits()) -> Article:
    """The clean article of one raw document; raises a coded error when there is none.

    ``limits`` bounds the structure of an HTML page (elements, depth).
    """
    notes: list[ErrorNote] = []
    if isinstance(raw.body, bytes):
        decoded = decode(raw.body, raw.charset, html=raw.kind == "html")
        text = decoded.text
        if decoded.replaced:
            notes.append(ErrorNote("decode", REPLACED_BYTES, f"{decoded.replaced} undecodable bytes replaced ({decoded.encoding})"))
    else:
        text = raw.body
    # Whatever the reader was given, nothing invalid goes further (see sources.valid).
    text, invalid = valid_text(text)
    meta = {}
    for name, value in raw.meta.items():
        meta[name], changed = valid_text(value)
        invalid += changed
    source = Source(valid(raw.source.path), valid(raw.source.url), raw.source.format, valid(raw.source.member))
    if invalid:
        notes.append(ErrorNote("read", INVALID_TEXT, f"{invalid} invalid characters (lone surrogates, NUL or other"
                               " control characters) replaced or removed"))
    published = iso_published(meta.get("published"))
    if meta.get("published") and published is None:
        notes.append(ErrorNote("extract", BAD_DATE, f"published {meta['published']!r} is not a date"))
    # A crawl's own date (a WARC record's) dates an article whose page gives none;
    # the dates stage prefers a publication date or dateline when there is one.
    crawled = iso_published(meta.get("crawled"))
    if raw.kind == "html":
        page = html_page(text, source.url, limits)
        draft = page.draft
        published = published or page.published
        if meta.get("title"):
            draft.title = meta["title"]
    else:
        draft = text_draft(text, meta.get("title"))
    draft.site = meta.get("site") or draft.site
    draft.outlet = meta.get("outlet") or draft.outlet
    html_related = list(draft.related)
    draft.related = []
    clean(draft)
    body = "\n".join(draft.lines)
    if not body.strip():
        raise NoText("the document has no article text once boilerplate is removed")
    return Article(
        id=stable_id(raw.identity, raw.source.url),  # as read: ids never change with the repair
        source=source,
        text=body,
        title=draft.title,
        lang=language(f"{draft.title or ''}\n{body}"),
        site=draft.site,
        outlet=draft.outlet,
        published=published,
        time={"value": crawled, "from": "crawl"} if crawled else None,
        boilerplate=draft.boilerplate,
        related=_merge_related(draft.related, html_related),
        errors=notes,
    )


def text_draft(text: str, title: str | None = None) -> Draft:
    """Draft of a plain-text page: the first line is the headline unless it reads as prose."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if title is None and len(lines) > 1 and _headline_shaped(lines[0]):
        title = lines.pop(0)
    return Draft(title=title, lines=lines)


def _headline_shaped(line: str) -> bool:
    """A headline is short and, unlike prose, does not end with a full stop or comma."""
    return len(line.split()) <= MAX_HEADLINE_WORDS and not line.rstrip().endswith((".", "،", ","))


def _merge_related(from_text: list[Related], from_html: list[Related]) -> list[Related]:
    """Related headlines found in the text, given URLs from the page's links, then the rest."""
    by_key = {key(r.title): r for r in from_html}
    merged = [by_key.pop(key(r.title), r) for r in from_text]
    return merged + list(by_key.values())
