"""Make text from any reader valid before anything encodes it.

Readers hand on what they were given: a JSON line may carry a lone surrogate
escape (``"\\ud800"``: valid JSON, but not encodable as UTF-8), a page may hold NUL
bytes past the sniffed head, a file name may not be UTF-8 (Python keeps its bytes
as lone surrogates). Any of these would crash the first ``str.encode`` down the
line (the store, standard output, a native tagger). :func:`valid_text` is the one
repair, applied where documents leave the readers: to a document's text and
metadata in extraction, to a failure's path and message, to an input's stamp.

The repair: a lone surrogate becomes U+FFFD; vertical tab, form feed and NEL
become line breaks (as ``str.splitlines`` reads them); NUL and every other
control character (C0 but tab, line feed and carriage return; DEL; C1) is
removed.
"""

from __future__ import annotations

import re

# Characters no article text should hold; tab, \n and \r are kept.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BREAKS = frozenset("\x0b\x0c\x85")
REPLACEMENT = "\ufffd"


def _repair(match: re.Match[str]) -> str:
    char = match.group()
    if char in _BREAKS:
        return "\n"
    return REPLACEMENT if "\ud800" <= char <= "\udfff" else ""


def valid_text(text: str) -> tuple[str, int]:
    """``text`` made encodable and free of control characters, and how many characters were changed."""
    if _INVALID.search(text) is None:
        return text, 0
    repaired, count = _INVALID.subn(_repair, text)
    return repaired, count


def valid(text: str | None) -> str | None:
    """:func:`valid_text` without the count, passing None through (for paths, URLs, messages)."""
    return None if text is None else valid_text(text)[0]
