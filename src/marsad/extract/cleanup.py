"""Republisher clean-up, the same for every format.

Scraped copies of news articles carry the republisher's furniture around the
story: the site's name after the headline («... - It's Over 9000!»), the headline
again as the first line, a short credit line naming the original outlet
(«بلدي نيوز»), share and subscribe lines, and a "related articles" list at the end
(«مقالات ذات صلة» followed by headlines). :func:`clean` removes each of these,
keeps it in ``boilerplate`` with its kind, and fills ``site``, ``outlet`` and
``related``. It works on a :class:`Draft`: a title and the body as lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from marsad import data
from marsad.outlets import registry as outlet_registry
from marsad.record import Boilerplate, Related
from marsad.text.normalize import normalize

# Separators between a headline and the site name appended to it.
TITLE_SEPARATOR = re.compile(r"\s+[-|–—:»«·•]{1,2}\s+|\s+::\s+")
_TERMINAL = re.compile(r"[.!؟?…:»\"”]$")
_PUNCT = re.compile(r"[^\w\s]+")
MAX_SUFFIX_WORDS = 6
MAX_CREDIT_WORDS = 5
# A place of one or two words, a dash, then the credited outlet.
# A dash between a dateline's place and its outlet: hyphen, en or em dash, or a stretched
# tatweel standing alone («القاهرة ـ أ ش أ»).
_PLACE_DASH = re.compile(r"^\S+(?:\s\S+)?\s*(?:[-–—]|\sـ+\s)\s*(\S.*)$")
MAX_HEADLINE_WORDS = 25
MAX_SHARE_WORDS = 12
# Body lines before the first paragraph that may hold a repeated title or credit.
HEAD_LINES = 4


@dataclass
class Draft:
    """An article on its way to being clean: headline, body lines and what is known."""

    title: str | None
    lines: list[str]
    site: str | None = None
    outlet: str | None = None
    related: list[Related] = field(default_factory=list)
    boilerplate: list[Boilerplate] = field(default_factory=list)

    def remove(self, kind: str, text: str) -> None:
        self.boilerplate.append(Boilerplate(kind, text))


def key(text: str) -> str:
    """Comparison key: normalised, punctuation dropped, spaces collapsed."""
    return " ".join(_PUNCT.sub(" ", normalize(text)).split())


@lru_cache(maxsize=1)
def related_headings() -> frozenset[str]:
    return frozenset(key(h) for h in data.word_list("ar/related_headings.txt"))


@lru_cache(maxsize=1)
def _share_patterns() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in data.word_list("ar/share_lines.txt")))


@lru_cache(maxsize=1)
def _credit_prefix() -> re.Pattern[str]:
    rows = [line.split("\t") for line in data.word_list("ar/credit_prefixes.txt")]
    by_rule: dict[str, set[str]] = {"optional": set(), "required": set()}
    for prefix, rule in rows:
        by_rule[rule.strip()].add(key(prefix).lower())
    loose, strict = (
        "|".join(re.escape(p) for p in sorted(by_rule[rule], key=len, reverse=True)) for rule in ("optional", "required")
    )
    return re.compile(rf"^(?:(?:{loose})\s*[:：\-–]?|(?:{strict})\s*[:：\-–])\s*(.+)$")


@lru_cache(maxsize=1)
def _dateline_labels() -> frozenset[str]:
    return frozenset(key(w) for w in data.word_list("ar/dateline_labels.txt"))


# «القاهرة (رويترز) - ...», «عمّان - وكالة الأنباء الأردنية - ...»: a place, then the outlet.
_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^\s()\-–—:]*(?:\s[^\W\d_][^\s()\-–—:]*)?)\s*"
    r"(?:\((?P<paren>[^()]{2,40})\)\s*[-–—:]|[-–—]\s*(?P<dash>[^-–—:.،()]{2,40}?)\s+[-–—:])"
)


def dateline_outlet(line: str) -> str | None:
    """The outlet a dateline at the start of ``line`` credits, if any."""
    match = _DATELINE.match(line)
    if not match:
        return None
    outlet = " ".join((match.group("paren") or match.group("dash") or "").split())
    if not outlet or key(outlet) in _dateline_labels() or any(ch.isdigit() for ch in outlet):
        return None
    # Between dashes, an aside reads like a dateline («ألقى متظاهرون - مشاركون في المسيرة - القبض
    # على ...»): only a medium's name there is a credit.
    if match.group("dash") and not _names_a_medium(outlet, ""):
        return None
    return outlet


@lru_cache(maxsize=1)
def _byline_prefix() -> re.Pattern[str]:
    prefixes = sorted({key(p).lower() for p in data.word_list("ar/byline_prefixes.txt")}, key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(map(re.escape, prefixes))})\b")


def clean(draft: Draft) -> Draft:
    """Apply every clean-up step to ``draft`` (in place) and return it."""
    draft.lines = [" ".join(line.split()) for line in draft.lines]
    draft.lines = [line for line in draft.lines if line]
    _strip_title_suffix(draft)
    _strip_related(draft)
    _strip_head(draft)
    _strip_share_and_credits(draft)
    return draft


def _words(text: str) -> int:
    return len(text.split())


def is_paragraph(line: str) -> bool:
    """Whether a line reads as running text rather than a headline or label."""
    return _words(line) > MAX_HEADLINE_WORDS or (_words(line) >= 8 and bool(_TERMINAL.search(line)))


def _strip_title_suffix(draft: Draft) -> None:
    """Cut « - Site» off the headline; keep it as ``site``."""
    title = draft.title
    if not title:
        return
    title = " ".join(title.split())
    draft.title = title
    parts = list(TITLE_SEPARATOR.finditer(title))
    if not parts:
        return
    last = parts[-1]
    head, suffix = title[: last.start()].strip(), title[last.end() :].strip()
    if not head or not suffix or _words(suffix) > MAX_SUFFIX_WORDS:
        return
    known_site = draft.site and key(draft.site) == key(suffix)
    repeated = any(key(line) == key(head) for line in draft.lines[:HEAD_LINES])
    shaped = _words(head) >= 3 and _words(head) >= 2 * _words(suffix) and not _TERMINAL.search(suffix)
    if known_site or repeated or shaped:
        draft.title = head
        draft.site = draft.site or suffix
        draft.remove("title_suffix", suffix)


def _strip_head(draft: Draft) -> None:
    """Remove a repeated headline and a credit line from the top of the body."""
    title_key = key(draft.title) if draft.title else None
    index = 0
    while index < min(len(draft.lines), HEAD_LINES):
        line = draft.lines[index]
        line_key = key(line)
        if title_key and line_key == title_key:
            if len(draft.lines) == 1:  # a one-line wire flash: its headline is all its text
                break
            draft.remove("repeated_title", draft.lines.pop(index))
            continue
        if is_paragraph(line):
            break
        if (credited := _credit(line)) is not None:
            draft.outlet = draft.outlet or credited
            draft.remove("credit_line", draft.lines.pop(index))
            continue
        if _byline_prefix().search(line_key.lower()) and _words(line) <= MAX_SHARE_WORDS:
            draft.remove("byline", draft.lines.pop(index))
            continue
        if _is_bare_credit(draft, index):
            placed = _PLACE_DASH.match(line)  # «القاهرة - أ ش أ», «غزة- أ.ش.أ»
            credited = (placed.group(1) if placed else line).strip(" :-–()")
            if _names_a_medium(credited, draft.lines[index + 1]):
                draft.outlet = draft.outlet or credited
                draft.remove("credit_line", draft.lines.pop(index))
            else:  # a reporter's name, a caption, a section label: furniture, not an outlet
                draft.remove("label", draft.lines.pop(index))
            continue
        index += 1
    if draft.outlet is None and draft.lines:
        draft.outlet = dateline_outlet(draft.lines[0])


def _is_bare_credit(draft: Draft, index: int) -> bool:
    """A short label line right before the first paragraph, such as «بلدي نيوز»."""
    line = draft.lines[index]
    if _words(line) > MAX_CREDIT_WORDS or len(line) > 40 or _TERMINAL.search(line.rstrip(" :")):
        return False
    if any(ch.isdigit() for ch in line):  # a dateline or a time stamp, not an outlet
        return False
    following = draft.lines[index + 1 : index + 2]
    return bool(following) and is_paragraph(following[0])


@lru_cache(maxsize=1)
def _media_words() -> frozenset[str]:
    return frozenset(key(w).lower() for w in data.word_list("ar/media_words.txt"))


@lru_cache(maxsize=1)
def _known_outlets() -> frozenset[str]:
    """Normalised names and spellings of the outlets in ``data/outlets.tsv``."""
    return frozenset(key(name).lower() for outlet in outlet_registry().outlets
                     for name in (outlet.ar, outlet.en, *outlet.aliases) if name.strip())


def _names_a_medium(label: str, following: str) -> bool:
    """Whether a short label line names a news medium: a media word or agency in it, a known
    outlet, or the outlet the following line's dateline credits."""
    label = key(label).lower()
    media = _media_words()
    if any(w in media for w in label.split()) or any(f" {m} " in f" {label} " for m in media if " " in m):
        return True
    return (label in _known_outlets() or outlet_registry().find(label) is not None
            or (bool(following) and key(dateline_outlet(following) or "").lower() == label))


def _credit(line: str) -> str | None:
    """The outlet named by an explicit credit («المصدر: ...»), if the line is one."""
    if _words(line) > MAX_CREDIT_WORDS + 3:
        return None
    match = _credit_prefix().match(" ".join(normalize(line).split()).lower())
    if not match or not key(match.group(1)):
        return None
    # Return the outlet as written, not normalised: take the same number of words.
    count = _words(match.group(1))
    return " ".join(line.split()[-count:]).strip(" .:-–")


def related_heading(line: str) -> tuple[bool, str | None]:
    """Whether ``line`` opens a related list, and an inline headline after it."""
    line_key = key(line)
    if line_key in related_headings():
        return True, None
    for separator in (":", "：", " - ", "…"):
        head, found, rest = line.partition(separator)
        if found and key(head) in related_headings() and rest.strip():
            return True, rest.strip()
    return False, None


def _strip_related(draft: Draft) -> None:
    """Move "related articles" headings and the headlines under them to ``related``."""
    kept: list[str] = []
    in_list = False
    for line in draft.lines:
        heading, inline = related_heading(line)
        if heading:
            draft.remove("related", line)
            if inline:
                _add_related(draft, inline)
            in_list = inline is None
            continue
        if in_list and not is_paragraph(line) and _words(line) <= MAX_HEADLINE_WORDS:
            draft.remove("related", line)
            _add_related(draft, line)
            continue
        in_list = False
        kept.append(line)
    draft.lines = kept


def _add_related(draft: Draft, title: str) -> None:
    if not any(key(r.title) == key(title) for r in draft.related):
        draft.related.append(Related(title, None))


def _strip_share_and_credits(draft: Draft) -> None:
    """Drop share/subscribe lines anywhere and a credit line at the end."""
    kept = []
    for line in draft.lines:
        if _words(line) <= MAX_SHARE_WORDS and _share_patterns().search(key(line).lower()):
            draft.remove("share", line)
        else:
            kept.append(line)
    while kept and (credited := _credit(kept[-1])) is not None:
        draft.outlet = draft.outlet or credited
        draft.remove("credit_line", kept.pop())
    draft.lines = kept
