"""Arabic-aware full-text search: what is indexed, how queries are read, and snippets.

Title and body are indexed as their word *stems* (normalised, clitics removed:
see :mod:`marsad.text.tokens`) and queries go through the same function, so
«ادلب», «إدلب» and «وبإدلب» all meet. Snippets are cut from the original text,
around the first words whose stems match, so the reader sees the article as
written, diacritics and all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.text.tokens import WORD, stems, tokenize

SNIPPET_WORDS = 14
_PHRASE = re.compile(r'"([^"]+)"|(\S+)')


def index_form(text: str | None) -> str:
    """The string FTS5 indexes for ``text``: its stems, space-separated."""
    return " ".join(stems(text or ""))


@dataclass(frozen=True)
class Query:
    """A parsed query: FTS5 MATCH expression and the stems to highlight."""

    match: str
    stems: frozenset[str]


def parse_query(query: str) -> Query | None:
    """Turn a user's query into an FTS5 expression; None when it holds no word.

    Words are ANDed; a "quoted phrase" must appear as written (in stem form);
    a word ending in ``*`` matches as a prefix; ``OR`` between words is kept.
    """
    parts: list[str] = []
    found: set[str] = set()
    for phrase, word in _PHRASE.findall(query):
        if word == "OR" and parts and parts[-1] != "OR":
            parts.append("OR")
            continue
        prefix = bool(word) and word.endswith("*")
        words = stems(phrase or word.rstrip("*"))
        if not words:
            continue
        found.update(words)
        quoted = '"' + " ".join(words) + '"'
        parts.append(quoted + ("*" if prefix and len(words) == 1 else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    if not parts:
        return None
    return Query(" ".join(parts), frozenset(found))


@dataclass(frozen=True)
class Snippet:
    """A window of the original text and the spans in it that matched."""

    text: str
    highlights: tuple[tuple[int, int], ...]

    def marked(self, left: str = "[", right: str = "]") -> str:
        """The snippet with every highlight wrapped in ``left``/``right``."""
        pieces, last = [], 0
        for start, end in self.highlights:
            pieces += [self.text[last:start], left, self.text[start:end], right]
            last = end
        pieces.append(self.text[last:])
        return "".join(pieces)


def snippet(text: str, query_stems: frozenset[str], words: int = SNIPPET_WORDS) -> Snippet:
    """About ``words`` words of ``text`` around its first match (the start if none)."""
    tokens = [t for t in tokenize(text) if WORD.fullmatch(t.text)]
    if not tokens:
        return Snippet(text[:200], ())
    hits = [i for i, t in enumerate(tokens) if t.stem in query_stems or t.norm in query_stems]
    first = hits[0] if hits else 0
    lo = max(0, min(first - words // 3, len(tokens) - words))
    hi = min(len(tokens), lo + words)
    start, end = tokens[lo].start, tokens[hi - 1].end
    while end < len(text) and not text[end].isspace():  # keep the punctuation after the last word
        end += 1
    window = text[start:end].replace("\n", " ")  # one line to show; offsets stay the same
    marks = tuple((tokens[i].start - start, tokens[i].end - start) for i in hits if lo <= i < hi)
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(tokens) else ""
    shifted = tuple((a + len(prefix), b + len(prefix)) for a, b in marks)
    return Snippet(prefix + window + suffix, shifted)

