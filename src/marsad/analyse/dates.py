"""Date mentions in Arabic news text, normalised to ISO values at a grain.

Spans are found with regular expressions built from the month, weekday and
date-word tables in ``data/ar/`` and matched on normalised text (hamza, taa
marbuta, digits and diacritics folded), then mapped back to the original
offsets. Values are computed from the tables directly: ``dateparser.parse`` on
the spans was ~20x slower and, with ``languages=['ar']``, missed «آذار». Dates
that lack a year, weekdays and relative expressions («أمس», «الشهر الماضي») are
resolved against the publication date when one is known, else get value None.
Grains: ``day``, ``week``, ``month``, ``year``, ``weekday`` (unresolved weekday).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from marsad.data import word_list
from marsad.pipeline import Stage
from marsad.record import Article, DateMention
from marsad.text.normalize import extend_over_marks, normalize, normalize_with_map
from marsad.text.patterns import alternation

# A day-and-month without a year is taken as the latest one not after publication + this.
_LOOKAHEAD = dt.timedelta(days=7)
# How far into a text a dateline is looked for.
_DATELINE_CHARS = 400


@dataclass(frozen=True, slots=True)
class _Tables:
    """Normalised name → number tables and the date-word lexicon."""

    months: dict[str, int]
    hijri: dict[str, int]
    weekdays: dict[str, int]
    kinds: dict[str, frozenset[str]]
    offsets: dict[str, tuple[str, int]]


def _rows(relative: str) -> Iterable[tuple[str, list[str]]]:
    """Tab-separated rows of a shipped table, first column normalised."""
    for line in word_list(relative):
        first, *rest = line.split("\t")
        yield normalize(first.strip()), [cell.strip() for cell in rest]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Load the date tables once."""
    kinds: dict[str, set[str]] = {}
    offsets: dict[str, tuple[str, int]] = {}
    for phrase, cells in _rows("ar/date_words.tsv"):
        kinds.setdefault(cells[0], set()).add(phrase)
        if cells[0] in ("day", "week", "month", "year", "today"):
            offsets[phrase] = ("day" if cells[0] == "today" else cells[0], int(cells[1]))
    return _Tables(
        months={name: int(cells[0]) for name, cells in _rows("ar/months.tsv")},
        hijri={name: int(cells[0]) for name, cells in _rows("ar/hijri_months.tsv")},
        weekdays={name: int(cells[0]) for name, cells in _rows("ar/weekdays.tsv")},
        kinds={kind: frozenset(words) for kind, words in kinds.items()},
        offsets=offsets,
    )


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """The compiled span patterns, keyed by kind (built once, lazily)."""
    t = _tables()
    k = t.kinds
    clitics = [c for c in word_list("ar/clitics.txt") if "ال" not in c and c != "لل"]
    pre = rf"(?<!\w){alternation(clitics)}?"
    wd = rf"(?P<wd>{alternation(t.weekdays)})(?!\w)"
    lead = rf"(?:{alternation(k['weekday_lead'])}\s+)?"
    year_word = rf"(?:(?:من\s+)?{alternation(k['year_word'])}\s+)"
    greg_suffix = rf"(?:\s*{alternation(k['greg_suffix'])}(?!\w))?"
    mods = alternation(k["past"] | k["next"] | k["current"])
    day = rf"(?:{lead}{wd}\s*[،,]?\s*)?(?:ال)?(?P<day>\d{{1,2}})(?!\d)\s*(?:من\s+)?"
    month = alternation(t.months)
    rel = alternation(t.offsets)
    day_rel = alternation(p for p, (unit, _) in t.offsets.items() if unit == "day")
    return {
        "greg": re.compile(
            rf"{pre}(?P<core>(?:{day})?(?:(?P<lead>{alternation(k['month_lead'])})\s+)?(?P<m1>{month})(?!\w)"
            rf"(?:\s*[/\\(\-–]\s*(?P<m2>{month})(?!\w)\s*\)?)?"
            rf"(?:\s*{year_word}?(?P<year>\d{{4}})(?!\d){greg_suffix}|\s+(?P<mod>{mods})(?!\w))?)"
        ),
        "hijri": re.compile(
            rf"{pre}(?P<core>{day}(?:{alternation(k['month_lead'])}\s+)?(?P<hm>{alternation(t.hijri)})(?!\w)"
            rf"(?:\s*{year_word}?(?P<year>\d{{4}})(?!\d)(?:\s*{alternation(k['hijri_suffix'])}(?!\w))?)?)"
        ),
        "numeric": re.compile(
            rf"{pre}(?<![/.\-])(?P<core>(?P<day>\d{{1,2}})(?P<sep>[/.\-])(?P<month>\d{{1,2}})(?P=sep)"
            r"(?P<year>\d{4})|(?P<iyear>\d{4})-(?P<imonth>\d{1,2})-(?P<iday>\d{1,2}))(?![\d/\-])(?!\.\d)"
        ),
        "year": re.compile(rf"{pre}(?P<core>{year_word}(?P<year>\d{{4}})(?!\d){greg_suffix})"),
        "weekday": re.compile(
            rf"{pre}(?P<core>(?:(?P<rel>{day_rel})\s+)?{lead}{wd}(?!\s+{alternation(k['weekday_block'])}(?!\w))"
            rf"(?:\s+(?P<mod>{mods})(?!\w))?)"
        ),
        "relative": re.compile(rf"{pre}(?P<core>{lead}(?P<rel>{rel}))(?!\w)"),
        "hijri_after": re.compile(rf"\s*{alternation(k['hijri_suffix'])}(?!\w)"),
        "word": re.compile(r"\w+"),
    }


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not make one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _hijri_date(year: int, month: int, day: int) -> dt.date | None:
    """Gregorian date of a Hijri (Umm al-Qura) date, None when out of range or unknown."""
    try:
        from hijridate import Hijri

        g = Hijri(year, month, day).to_gregorian()
    except (ImportError, ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day)


def _pick(
    make: Callable[[int], dt.date | None], years: Iterable[int], ref: dt.date, mode: str, grain: str
) -> dt.date | None:
    """The year-less date ``make(year)`` that ``mode`` (past/next/current/plain) picks near ``ref``."""
    found = [d for d in (make(y) for y in years) if d is not None]
    key: Callable[[dt.date], tuple[int, ...]] = (
        (lambda d: (d.year, d.month)) if grain == "month" else (lambda d: (d.year, d.month, d.day))
    )
    if mode == "next":
        return min((d for d in found if key(d) > key(ref)), default=None)
    if mode == "past":
        return max((d for d in found if key(d) < key(ref)), default=None)
    if mode == "current":
        return next((d for d in found if d.year == ref.year), None)
    return max((d for d in found if d <= ref + _LOOKAHEAD), default=None)


def _mode(word: str | None) -> str:
    """past/next/current for a modifier word, plain otherwise."""
    kinds = _tables().kinds
    return next((mode for mode in ("past", "next", "current") if word and word in kinds[mode]), "plain")


def _weekday(iso: int, ref: dt.date, mode: str) -> dt.date:
    """The weekday ``iso`` nearest ``ref`` in the direction ``mode`` says."""
    if mode == "next":
        return ref + dt.timedelta(days=(iso - ref.isoweekday()) % 7 or 7)
    back = (ref.isoweekday() - iso) % 7
    return ref - dt.timedelta(days=back or (7 if mode == "past" else 0))


def _greg(m: re.Match[str], ref: dt.date | None) -> tuple[str | None, str] | None:
    """Value and grain of a month-name date, None when it is not a date."""
    t = _tables()
    month = t.months[re.sub(r"\s+", " ", m["m1"])]
    if m["year"]:
        year = int(m["year"])
        if _patterns()["hijri_after"].match(m.string, m.end("year")):
            return None
        if not m["day"]:
            return f"{year:04d}-{month:02d}", "month"
        day = _safe_date(year, month, int(m["day"]))
        return (day.isoformat(), "day") if day else None
    if not (m["day"] or m["mod"] or m["lead"]):
        return None  # a bare month name («مارس» is also a verb)
    if m["day"] and not 1 <= int(m["day"]) <= 31:
        return None
    grain = "day" if m["day"] else "month"
    if ref is None:
        return None, grain
    years = range(ref.year - 2, ref.year + 3)
    found = _pick(lambda y: _safe_date(y, month, int(m["day"] or 1)), years, ref, _mode(m["mod"]), grain)
    if found is None:
        return None, grain
    return found.isoformat()[: 10 if grain == "day" else 7], grain


def _hijri(m: re.Match[str], ref: dt.date | None) -> tuple[str | None, str] | None:
    """Value and grain of a Hijri date (converted to Gregorian)."""
    month = _tables().hijri[re.sub(r"\s+", " ", m["hm"])]
    day = int(m["day"])
    if m["year"]:
        found = _hijri_date(int(m["year"]), month, day)
        return (found.isoformat() if found else None), "day"
    if ref is None or not 1 <= day <= 30:
        return None, "day"
    approximate = round((ref.year - 622) * 33 / 32)  # Hijri year, give or take one
    years = range(approximate - 2, approximate + 3)
    found = _pick(lambda y: _hijri_date(y, month, day), years, ref, "plain", "day")
    return (found.isoformat() if found else None), "day"


def _relative(unit: str, offset: int, ref: dt.date | None) -> tuple[str | None, str]:
    """Value and grain of «أمس», «الأسبوع الماضي» and the like."""
    if ref is None:
        return None, unit
    if unit == "day":
        return (ref + dt.timedelta(days=offset)).isoformat(), "day"
    if unit == "week":
        year, week, _ = (ref + dt.timedelta(weeks=offset)).isocalendar()
        return f"{year:04d}-W{week:02d}", "week"
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + offset
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{ref.year + offset:04d}", "year"


def _is_today_adverb(norm: str, start: int, end: int) -> bool:
    """Whether «اليوم» at ``norm[start:end]`` means today and is not part of a name."""
    kinds = _tables().kinds
    words = _patterns()["word"]
    before = words.findall(norm[max(0, start - 30) : start])
    after = words.match(norm, end + 1) if norm[end : end + 1].isspace() else None
    if before and {before[-1], before[-1][1:]} & kinds["today_block_before"]:
        return False
    return not (after and (after[0] in kinds["today_block_after"] or after[0].startswith("ال")))


def _value(kind: str, m: re.Match[str], ref: dt.date | None) -> tuple[str | None, str] | None:
    """Value and grain for a match of pattern ``kind``, None to drop it."""
    t = _tables()
    if kind == "greg":
        return _greg(m, ref)
    if kind == "hijri":
        return _hijri(m, ref)
    if kind == "numeric":
        parts = (m["year"], m["month"], m["day"]) if m["year"] else (m["iyear"], m["imonth"], m["iday"])
        day = _safe_date(*(int(p) for p in parts))
        return (day.isoformat(), "day") if day else None
    if kind == "year":
        if _patterns()["hijri_after"].match(m.string, m.end("year")):
            return None
        return m["year"], "year"
    if kind == "weekday":
        if m["rel"]:
            return _relative("day", t.offsets[re.sub(r"\s+", " ", m["rel"])][1], ref)
        if ref is None:
            return None, "weekday"
        return _weekday(t.weekdays[m["wd"]], ref, _mode(m["mod"])).isoformat(), "day"
    phrase = re.sub(r"\s+", " ", m["rel"])
    if phrase in t.kinds["today"] and not _is_today_adverb(m.string, m.start("rel"), m.end("rel")):
        return None
    return _relative(*t.offsets[phrase], ref)


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date mention in ``text``, in order; overlapping matches keep the longest."""
    norm = normalize_with_map(text)
    found: list[tuple[int, int, int, str | None, str]] = []
    for priority, (kind, pattern) in enumerate(_patterns().items()):
        if kind in ("hijri_after", "word"):
            continue
        for m in pattern.finditer(norm.text):
            result = _value(kind, m, published)
            if result is not None:
                found.append((m.start("core"), m.end("core"), priority, *result))
    found.sort(key=lambda f: (f[0] - f[1], f[0], f[2]))
    kept: list[tuple[int, int, int, str | None, str]] = []
    for item in found:
        if all(item[1] <= k[0] or item[0] >= k[1] for k in kept):
            kept.append(item)
    mentions = []
    for start, end, _, value, grain in sorted(kept):
        o_start, o_end = norm.original_span(start, end)
        o_end = extend_over_marks(text, o_end)
        mentions.append(DateMention(o_start, o_end, text[o_start:o_end], value, grain))
    return mentions


def parse_published(value: str | None) -> dt.date | None:
    """The date part of an ISO date or datetime string, None when absent or malformed."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def publication_date_from_dateline(text: str) -> str | None:
    """ISO date of a full dated dateline near the top of ``text`` («دمشق - 12 آذار/مارس 2023»)."""
    for mention in find_dates(text[:_DATELINE_CHARS]):
        if mention.grain == "day" and mention.value is not None:
            return mention.value
    return None


class DateStage(Stage):
    """Fill ``article.dates``, resolving relative dates against the publication date.

    Without ``published`` from the page's metadata, a full date in the dateline
    («الأربعاء 27 نوفمبر 2024») becomes the publication date. ``time`` says which
    of the two dates the article, or else keeps the crawl time the reader found
    (a WARC record's date); with none of them it stays null, and stories place the
    article by its order of arrival.
    """

    name: ClassVar[str] = "dates"
    requires: ClassVar[tuple[str, ...]] = ("text", "published", "time")
    provides: ClassVar[tuple[str, ...]] = ("dates", "published", "time")

    def process(self, article: Article) -> Article:
        """Add the date mentions of ``article.text``; date an undated article by its dateline."""
        origin = "published"
        if article.published is None:
            article.published = publication_date_from_dateline(article.text)
            origin = "dateline"
        if article.published is not None:
            article.time = {"value": article.published, "from": origin}
        article.dates = find_dates(article.text, parse_published(article.published))
        return article
