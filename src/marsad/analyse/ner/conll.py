"""Tag CoNLL-style input: one token per line, a blank line between sentences."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from marsad.analyse.ner.tagger import Tagger


def tag_conll(lines: Iterable[str], tagger: Tagger | None = None) -> Iterator[str]:
    """Yield ``token<TAB>TAG`` per input token and a blank line after each sentence.

    Only the first whitespace-separated column of a line is read; extra columns
    (gold tags, POS...) are ignored. Runs of blank lines count as one break.
    """
    tagger = tagger or Tagger()
    words: list[str] = []
    for line in lines:
        parts = line.split()
        if parts:
            words.append(parts[0])
            continue
        if words:
            yield from _sentence(tagger, words)
            words = []
    if words:
        yield from _sentence(tagger, words)


def _sentence(tagger: Tagger, words: list[str]) -> Iterator[str]:
    """Tagged lines of one sentence, then a blank line."""
    for word, tag in zip(words, tagger.tag(words), strict=True):
        yield f"{word}\t{tag}"
    yield ""
