"""Publication dates from metadata, normalised to ISO 8601 (the record's contract).

Feeds and JSON lines carry dates in many shapes: ISO with or without a time
zone, RFC 2822 («Mon, 12 Mar 2020 10:00:00 GMT»), «2020/03/12», «12/03/2020».
Each becomes ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[+HH:MM]``; anything else is
rejected (None), so that date filters and orderings compare like with like.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def iso_published(value: str | None) -> str | None:
    """``value`` as an ISO date or datetime, or None when it is not a date."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        parsed: dt.datetime | None = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = _other_forms(value)
    if parsed is None:
        return None
    if parsed.time() == dt.time(0) and parsed.tzinfo is None and len(value) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")


def _other_forms(value: str) -> dt.datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, order in ((_YMD, (1, 2, 3)), (_DMY, (3, 2, 1))):
        match = pattern.match(value)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return dt.datetime(year, month, day)
            except ValueError:
                return None
    return None
