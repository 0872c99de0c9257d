"""CoNLL-style files, one token per line and a blank line between sentences: read gold, write tags."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.analyse.ner.tagger import Tagger

Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> list[Sentence]:
    """``(words, tags)`` per sentence of a file whose first column is the word and last the tag.

    ANERcorp's ``PERS`` is written ``PER``.
    """
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        words.append(parts[0])
        tags.append(parts[-1].replace("PERS", "PER"))
    if words:
        sentences.append((words, tags))
    return sentences


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
