"""Language identification: a script check for plain Arabic, py3langid for the rest.

Most of marsad's input is Arabic, and Arabic is easy to tell from its script: a
text written in Arabic letters with the letters only Arabic uses (ة، ى، إ) and
none that only Persian or Urdu use (پ، چ، ژ، گ، ی، ے) is Arabic. Only other texts
go to py3langid's model (shipped in its wheel), which costs about 0.7 ms a text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Enough text to decide; longer samples only cost time.
SAMPLE_CHARS = 600
MIN_CHARS = 20
_ARABIC_ONLY = frozenset("ةىإأآؤئ")
_PERSIAN_URDU = frozenset("پچژگیۀےٹڈڑںھکۓ")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def _plainly_arabic(sample: str, letters: int) -> bool:
    arabic = sum("\u0621" <= ch <= "\u064a" for ch in sample)
    if arabic < 0.8 * letters:
        return False
    return any(ch in _ARABIC_ONLY for ch in sample) and not any(ch in _PERSIAN_URDU for ch in sample)


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    if letters < MIN_CHARS:
        return None
    if _plainly_arabic(sample, letters):
        return "ar"
    code, _probability = _identifier().classify(sample)
    return str(code)
