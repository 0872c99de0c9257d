"""Arabic-aware full-text search: what is indexed, how queries are read, and snippets.

Title and body are indexed as their word *stems* (normalised, clitics removed:
see :mod:`marsad.text.tokens`) and queries go through the same function, so
«ادلب», «إدلب» and «وبإدلب» all meet. Snippets are cut from the original text,
around the first words whose stems match, so the reader sees the article as
written, diacritics and all.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

from marsad.errors import QueryTooComplex
from marsad.text.tokens import WORD, Token, iter_tokens, stems

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


@dataclass(frozen=True)
class SearchLimits:
    """What one query may ask of the index: refused beyond these, with the limit named.

    ``max_terms`` counts every word, inside phrases too; ``max_prefixes`` the
    ``word*`` terms, each of which FTS5 expands into every indexed stem it starts
    (``ا*`` is most of the vocabulary); ``max_chars`` the query as typed.
    """

    max_terms: int = 32
    max_prefixes: int = 4
    max_chars: int = 2000


DEFAULT_LIMITS = SearchLimits()
# The limits of the request being served (set by the server per request); the defaults elsewhere.
LIMITS: ContextVar[SearchLimits] = ContextVar("search_limits", default=DEFAULT_LIMITS)


def _refuse(what: str, found: int, limit: int, name: str) -> QueryTooComplex:
    return QueryTooComplex(f"the query has {found} {what}; at most {limit} are allowed ({name} = {limit})")


def parse_query(query: str, limits: SearchLimits | None = None) -> Query | None:
    """Turn a user's query into an FTS5 expression; None when it holds no word.

    Words are ANDed; a "quoted phrase" must appear as written (in stem form);
    a word ending in ``*`` matches as a prefix; ``OR`` between words is kept.
    A query past ``limits`` (by default those of :data:`LIMITS`) raises
    :class:`~marsad.errors.QueryTooComplex`. A term repeated in the same
    alternative, or an alternative repeated whole, is kept once: FTS5 ranks each
    row by walking the positions of every phrase against every other (the cost
    of ``x OR x OR ...`` grows with the square of its length), and the repeat
    changes no result.
    """
    limits = limits or LIMITS.get()
    if len(query) > limits.max_chars:
        raise _refuse("characters", len(query), limits.max_chars, "max_chars")
    groups: list[list[str]] = [[]]  # alternatives (OR) of terms (AND)
    found: set[str] = set()
    terms = prefixes = 0
    for phrase, word in _PHRASE.findall(query):
        if word == "OR" and groups[-1]:
            groups.append([])
            continue
        prefix = bool(word) and word.endswith("*")
        words = stems(phrase or word.rstrip("*"))
        if not words:
            continue
        terms += len(words)
        prefixes += prefix
        found.update(words)
        quoted = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
        term = quoted + ("*" if prefix and len(words) == 1 else "")
        if term not in groups[-1]:
            groups[-1].append(term)
    if terms > limits.max_terms:
        raise _refuse("terms", terms, limits.max_terms, "max_terms")
    if prefixes > limits.max_prefixes:
        raise _refuse("prefix terms (word*)", prefixes, limits.max_prefixes, "max_prefixes")
    alternatives = list(dict.fromkeys(" ".join(group) for group in groups if group))
    if not alternatives:
        return None
    return Query(" OR ".join(alternatives), frozenset(found))


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
    """About ``words`` words of ``text`` around its first match (the start if none).

    Tokens are read only as far as the window needs: a long article costs no more
    than its first match.
    """
    tokens: list[Token] = []
    hits: list[int] = []
    for token in iter_tokens(text):
        if not WORD.fullmatch(token.text):
            continue
        if token.stem in query_stems or token.norm in query_stems:
            hits.append(len(tokens))
        tokens.append(token)
        # One token past the window tells whether the text goes on.
        if len(tokens) > (hits[0] if hits else (words if not query_stems else len(text))) + words:
            break
    if not tokens:
        return Snippet(text[:200], ())
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
