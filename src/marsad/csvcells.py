"""CSV cells safe to open in a spreadsheet: no live formulas, no NUL characters.

Scraped text is written to CSV by ``marsad export`` and the API's exports. A cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheets as a formula (OWASP, "CSV injection"), so it is prefixed with a single
quote, which they show as text. A NUL, which no CSV reader expects and some stop at,
becomes U+FFFD.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``text`` as a CSV cell: NULs replaced, a formula start neutralised with a leading ``'``."""
    text = text.replace("\x00", "\ufffd")
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> str:
    """Any value as a safe CSV cell: None empty, booleans 1/0, lists joined with «; »."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value if v is not None)
    return safe_text(str(value))
