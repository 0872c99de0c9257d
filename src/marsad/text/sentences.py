"""Sentence splitting for Arabic (and English) news text, as offsets into the text.

A sentence ends at «.», «!», «?», «؟» or «…» followed by white space (closing quotes
and brackets stay with the sentence), and at every line break: news bodies are
one paragraph a line. The Arabic comma «،» and semicolon «؛» never end one.
A full stop after a listed abbreviation («د.», «م.», "Dr.") or a single letter
(an initial) does not end a sentence either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from marsad import data

# Terminal punctuation, any closing quotes/brackets, then white space or the end.
_END = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=\s|$)|\n+")
_LAST_WORD = re.compile(r"([^\s(«\"']+)$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(a.rstrip(".") for a in data.word_list("ar/abbreviations.txt"))


# Longest word looked at before a full stop; searching from the start of the text
# for every full stop would make long pages quadratic.
_WORD_WINDOW = 64


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial."""
    match = _LAST_WORD.search(text, max(0, dot - _WORD_WINDOW), dot)
    if not match:
        return False
    word = match.group(1)
    return len(word) == 1 or word in _abbreviations()


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence, white space trimmed, in order."""
    start = 0
    for match in _END.finditer(text):
        if match.group() == "." and _is_abbreviation(text, match.start()):
            continue
        end = match.end() if not match.group().startswith("\n") else match.start()
        yield from _trimmed(text, start, end)
        start = match.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end
