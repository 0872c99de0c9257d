"""Arabic normalisation for matching, with a map back to the original offsets.

Normalised text is for comparing and indexing only; the record's text is never
replaced by it. ``normalize`` is the fast path (one ``str.translate``);
``normalize_with_map`` gives the same string plus, for every normalised
character, the offset of the original character it came from.

What is folded:
- diacritics (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks), tatweel,
  zero-width and bidirectional control characters, soft hyphens: removed;
- alef with hamza above/below, madda and wasla: plain alef; alef maqsura: yaa;
- taa marbuta: haa (``fold_taa=True``, the default; «مدينة» = «مدينه»);
- Arabic-Indic and Eastern Arabic-Indic digits: ASCII digits;
- presentation forms (ligatures such as «ﻻ»): their ordinary letters (NFKC);
- Latin and other cased letters: case-folded.

Every character is mapped to a fixed point of the mapping, so normalisation is
idempotent: ``normalize(normalize(s)) == normalize(s)``.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_REMOVED_RANGES = (
    (0x0610, 0x061A),  # Quranic honorifics and small marks
    (0x064B, 0x065F),  # harakat, tanwin, shadda, sukun, hamza marks
    (0x0670, 0x0670),  # dagger alef
    (0x06D6, 0x06DC),  # Quranic annotation signs
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08FF),  # extended Arabic marks
    (0x0640, 0x0640),  # tatweel
    (0x00AD, 0x00AD),  # soft hyphen
    (0x200B, 0x200F),  # zero-width space/joiners, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # byte-order mark / zero-width no-break space
    (0x061C, 0x061C),  # Arabic letter mark
)
_LETTER_FOLDS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",  # alef maqsura and Persian yeh
    "ک": "ك", "ڪ": "ك",  # Persian keheh, swash kaf
    "ۀ": "ه", "ە": "ه", "ھ": "ه",
}
_TAA_MARBUTA = {"ة": "ه"}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_PRESENTATION_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFC))


def _removed(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in _REMOVED_RANGES)


def _step(char: str, fold_taa: bool) -> str:
    """One round of the per-character mapping."""
    code = ord(char)
    if _removed(code):
        return ""
    if any(lo <= code <= hi for lo, hi in _PRESENTATION_RANGES):
        return unicodedata.normalize("NFKC", char)
    if char in _LETTER_FOLDS:
        return _LETTER_FOLDS[char]
    if fold_taa and char in _TAA_MARBUTA:
        return _TAA_MARBUTA[char]
    if char in _DIGITS:
        return _DIGITS[char]
    return char.casefold()


def _fixed_point(char: str, fold_taa: bool) -> str:
    """Apply the mapping until nothing changes, so that the result maps to itself."""
    current = char
    for _ in range(8):
        following = "".join(_step(c, fold_taa) for c in current)
        if following == current:
            return current
        current = following
    return current


@lru_cache(maxsize=2)
def _table(fold_taa: bool) -> dict[int, str]:
    """Translation table of every code point the mapping changes (built once, lazily)."""
    table: dict[int, str] = {}
    # Planes 0 and 1 hold every character that case-folds or is Arabic.
    for code in range(0x20000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        # Only characters that can change need checking: cased letters, Arabic
        # block characters, presentation forms, and the listed controls.
        if not (
            char.casefold() != char
            or 0x0600 <= code <= 0x08FF
            or 0xFB50 <= code <= 0xFEFF
            or _removed(code)
            or code == 0x00AD
        ):
            continue
        mapped = _fixed_point(char, fold_taa)
        if mapped != char:
            table[code] = mapped
    return table


def normalize(text: str, fold_taa: bool = True) -> str:
    """Normalised form of ``text`` for matching (see module docstring)."""
    return text.translate(_table(fold_taa))


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text with ``offsets[i]``: the original index of normalised char ``i``.

    ``offsets`` has one extra entry, the original length, so that a normalised
    span ``[a, b)`` maps back to ``[offsets[a], offsets[b - 1] + 1)`` and an empty
    span at the end maps to the end.
    """

    text: str
    offsets: Sequence[int]
    original_length: int

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` covering normalised ``[start, end)``."""
        if start >= end:
            position = self.offsets[start] if start < len(self.text) else self.original_length
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=2)
def _changing(fold_taa: bool) -> re.Pattern[str]:
    """A pattern matching every character the mapping changes."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_table(fold_taa))) + "]")


@lru_cache(maxsize=2)
def normalize_with_map(text: str, fold_taa: bool = True) -> Normalized:
    """Like :func:`normalize`, keeping the offset of each output character's origin.

    Cached for the last two texts: several stages normalise the same article.
    Offsets are a compact integer array (8 bytes a character), since a page may
    run to megabytes. Only the characters that change are visited one by one;
    the stretches between them map to themselves.
    """
    table = _table(fold_taa)
    pieces: list[str] = []
    offsets = array("q")
    last = 0
    for match in _changing(fold_taa).finditer(text):
        position = match.start()
        pieces.append(text[last:position])
        offsets.extend(range(last, position))
        mapped = table[ord(text[position])]
        pieces.append(mapped)
        offsets.extend([position] * len(mapped))
        last = position + 1
    pieces.append(text[last:])
    offsets.extend(range(last, len(text) + 1))
    return Normalized("".join(pieces), offsets, len(text))


def extend_over_marks(text: str, end: int) -> int:
    """Move a span end past the combining marks (tanwin, shadda) and tatweel that follow it.

    A match found on normalised text ends before the marks normalisation removed;
    the original span should still cover the whole written word.
    """
    while end < len(text) and (unicodedata.category(text[end]) == "Mn" or text[end] == "\u0640"):
        end += 1
    return end
