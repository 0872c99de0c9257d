"""Language identification with py3langid (a model shipped in its wheel)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Enough text to decide; longer samples only cost time.
SAMPLE_CHARS = 1500
MIN_CHARS = 20


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_CHARS:
        return None
    code, _probability = _identifier().classify(sample)
    return str(code)
