"""HTML pages: main text with trafilatura, metadata and related links with lxml.

The page is parsed once. Before trafilatura prunes the tree, the metadata is
read (headline, site name, date via htmldate) and so are the "related articles"
boxes (their headlines and links), since trafilatura drops most of them and the
record keeps them in ``related``. What the ``<title>`` adds after the headline
(« - Site», « | Section | Site») is recorded as a ``title_suffix``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from marsad.errors import NoText, TooLarge
from marsad.extract.cleanup import TITLE_SEPARATOR, Draft, key, related_heading
from marsad.record import Related
from marsad.sources.raw import Limits

_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "b", "header", "section", "li")
_MAX_HEADING_CHARS = 60
_MIN_LINK_WORDS = 2
_START_TAG = re.compile(r"<[A-Za-z]")


@dataclass(frozen=True)
class Page:
    """What the HTML gives besides the draft: the publication date."""

    draft: Draft
    published: str | None


def html_page(html: str, url: str | None = None, limits: Limits = Limits()) -> Page:
    """Draft (title, body lines, site, related links) and date of an HTML page.

    A page with more elements, or nested deeper, than ``limits`` allows fails as
    ``too_large`` before the costly part (trafilatura, htmldate) runs.
    """
    check_elements(html, limits.max_elements)
    tree = load_html(html)
    if tree is None:
        raise NoText("the HTML could not be parsed")
    check_depth(tree, limits.max_depth)
    related = related_links(tree, url)
    meta = page_metadata(tree)
    # Metadata is read above, cheaply; trafilatura's own metadata pass would cost
    # about a third of its extraction time again.
    document = trafilatura.bare_extraction(tree, url=url, include_comments=False, include_tables=False)
    text = getattr(document, "text", None) or ""
    if not text.strip():
        raise NoText("no main text found in the HTML")
    draft = Draft(title=meta.headline, lines=text.split("\n"), site=meta.site)
    draft.related = related
    suffix = _title_suffix(meta.page_title, meta.headline)
    if suffix:
        # «Headline | Section | Site»: everything after the headline is furniture.
        draft.remove("title_suffix", suffix)
        draft.site = draft.site or TITLE_SEPARATOR.split(suffix)[-1].strip()
    if not draft.site and url:
        draft.site = urlsplit(url).hostname
    return Page(draft, meta.published)


def check_elements(html: str, most: int) -> None:
    """Raise ``too_large`` when the page opens more than ``most`` tags; counted before parsing.

    Parsing alone costs about 1.4 µs and 340 bytes per element, and extraction
    many times that: a page of tiny elements under the size cap would pin a core.
    """
    if html.count("<") <= most:  # an upper bound on the tags, found at C speed
        return
    opened = sum(1 for _ in _START_TAG.finditer(html))
    if opened > most:
        raise TooLarge(f"the page has {opened} elements, more than the {most}-element limit")


def check_depth(tree: HtmlElement, most: int) -> None:
    """Raise ``too_large`` when elements nest more than ``most`` deep.

    libxml2 silently drops what lies below depth 256, and trafilatura recurses
    over the tree, so a deeper page is refused rather than read in part.
    """
    if tree.xpath(f"boolean(/{'/'.join(['*'] * (most + 1))})"):
        raise TooLarge(f"the page nests elements more than {most} deep")


@dataclass(frozen=True)
class Metadata:
    """What the page's head and headings say about the article."""

    page_title: str | None
    headline: str | None
    site: str | None
    published: str | None


def page_metadata(tree: HtmlElement) -> Metadata:
    """Title, headline, site name and publication date, from meta tags and headings.

    The headline is the ``<h1>`` that the ``<title>`` (or ``og:title``) starts
    with, else ``og:title``, else the ``<title>`` itself (whose site suffix the
    clean-up removes). The date comes from htmldate's fast, metadata-first search.
    """
    page_title = _first_text(tree.xpath("//head/title/text()"))
    og_title = _first_text(tree.xpath("//meta[@property='og:title']/@content"))
    site = _first_text(tree.xpath(
        "//meta[@property='og:site_name']/@content | //meta[@name='application-name']/@content"
    ))
    headline = og_title or page_title
    for heading in tree.xpath("//h1"):
        text = " ".join(heading.text_content().split())
        if text and any(t and key(t).startswith(key(text)) for t in (page_title, og_title)):
            headline = text
            break
    published = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    return Metadata(page_title, headline, site, published or None)


def _first_text(values: list[object]) -> str | None:
    for value in values:
        text = " ".join(str(value).split())
        if text:
            return text
    return None


def _title_suffix(page_title: str | None, headline: str | None) -> str | None:
    """What the page's ``<title>`` adds after the headline (« - Site», « | Section | Site»)."""
    if not page_title or not headline or not page_title.startswith(headline):
        return None
    rest = page_title[len(headline) :]
    if not TITLE_SEPARATOR.match(rest):
        return None
    return rest.strip(" -|–—:»«·•") or None


def related_links(tree: HtmlElement, base_url: str | None) -> list[Related]:
    """Headlines and links of the page's "related articles" boxes and inline «اقرأ أيضاً»."""
    found: dict[str, Related] = {}
    for element in tree.iter(*_HEADING_TAGS):
        own = " ".join((element.text or "").split())
        if not own or len(own) > _MAX_HEADING_CHARS:
            continue
        heading, inline = related_heading(own)
        if not heading:
            continue
        links = element.xpath(".//a[@href]") if inline is not None or element.tag == "p" else []
        if not links:
            links = _links_after(element)
        for link in links:
            title = " ".join(link.text_content().split())
            if len(title.split()) >= _MIN_LINK_WORDS and key(title) not in found:
                href = link.get("href")
                found[key(title)] = Related(title, urljoin(base_url, href) if base_url else href)
    return list(found.values())


def _links_after(heading: HtmlElement) -> list[HtmlElement]:
    """Links in the heading's own box that come after it in document order."""
    box = heading.getparent()
    if box is None:
        return []
    links = []
    after = False
    for element in box.iter():
        if element is heading:
            after = True
            continue
        if after and element.tag == "a" and element.get("href"):
            links.append(element)
    return links
