"""Enumerated items in a text: «البند الأول», «أولاً:», numbered list lines «1-».

Markers are matched on normalised text with patterns built from
``data/ar/ordinals.tsv`` and ``data/ar/point_heads.txt``, then mapped back to
original offsets; a point's ``label`` and ``text`` are the marker as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from marsad.data import word_list
from marsad.pipeline import Stage
from marsad.record import Article, Point
from marsad.text.normalize import extend_over_marks, normalize, normalize_with_map
from marsad.text.patterns import alternation


@lru_cache(maxsize=1)
def ordinals() -> dict[str, tuple[int, str]]:
    """Normalised ordinal form → (number, kind) where kind is ``ordinal`` or ``adverb``."""
    table: dict[str, tuple[int, str]] = {}
    for line in word_list("ar/ordinals.tsv"):
        form, number, kind = (cell.strip() for cell in line.split("\t"))
        table[normalize(form)] = (int(number), kind)
    return table


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled marker patterns: head + ordinal, stand-alone adverb, numbered line."""
    table = ordinals()
    adjectives = alternation(f for f, (_, kind) in table.items() if kind == "ordinal")
    adverbs = alternation(f for f, (_, kind) in table.items() if kind == "adverb")
    heads = alternation(normalize(h) for h in word_list("ar/point_heads.txt"))
    clitics = alternation(c for c in word_list("ar/clitics.txt") if "ال" not in c and c != "لل")
    return (
        re.compile(rf"(?<!\w){clitics}?(?P<core>{heads}\s+{adjectives})(?!\w)"),
        re.compile(rf"(?<!\w){clitics}?(?P<core>{adverbs})(?!\w)(?=[ \t]*[:،,\-–—])"),
        re.compile(r"^[ \t]*(?P<core>\(\d{1,2}\)|\d{1,2}[ \t]*[-.)–])(?=[ \t]*[^\s\d])", re.MULTILINE),
    )


def find_points(text: str) -> list[Point]:
    """Every enumeration marker in ``text``, in order of appearance."""
    norm = normalize_with_map(text)
    spans: set[tuple[int, int]] = set()
    for pattern in _patterns():
        for m in pattern.finditer(norm.text):
            spans.add(m.span("core"))
    points: list[Point] = []
    last_end = -1
    for start, end in sorted(spans):
        if start < last_end:
            continue
        o_start, o_end = norm.original_span(start, end)
        o_end = extend_over_marks(text, o_end)
        marker = text[o_start:o_end]
        points.append(Point(o_start, o_end, marker, marker))
        last_end = end
    return points


class PointStage(Stage):
    """Fill ``article.points`` with the enumeration markers of the text."""

    name: ClassVar[str] = "points"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("points",)

    def process(self, article: Article) -> Article:
        """Add the points of ``article.text``."""
        article.points = find_points(article.text)
        return article
