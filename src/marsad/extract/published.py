"""Publication dates from metadata, normalised to ISO 8601 (the record's contract).

Feeds and JSON lines carry dates in many shapes: ISO with or without a time
zone, RFC 2822 («Mon, 12 Mar 2020 10:00:00 GMT»), «2020/03/12», «12/03/2020».
Each becomes ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[+HH:MM]`` (a bare ``YYYY`` or
``YYYY-MM`` stays as it is: ISO at a lower precision); anything else is rejected
(None), so that date filters and orderings compare like with like.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
# ISO 8601 at a lower precision: a year, or a year and month («2020», «2020-03»).
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
_DAY_MONTH_YEAR = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def iso_published(value: str | None) -> str | None:
    """``value`` as an ISO date or datetime, or None when it is not a date."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _YEAR_MONTH.match(value):
        return value
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        timed = len(value) > 10  # «2020-03-12» is a date; anything longer carries a time
    except ValueError:
        found = _other_forms(value)
        if found is None:
            return None
        parsed, timed = found
    return parsed.isoformat(timespec="seconds") if timed else parsed.date().isoformat()


def _other_forms(value: str) -> tuple[dt.datetime, bool] | None:
    """A date in a non-ISO shape, and whether it carries a time of day."""
    try:
        return parsedate_to_datetime(value), True
    except (TypeError, ValueError, IndexError):
        pass
    for layout in _DAY_MONTH_YEAR:
        try:
            return dt.datetime.strptime(value, layout), False
        except ValueError:
            continue
    for pattern, order in ((_YMD, (1, 2, 3)), (_DMY, (3, 2, 1))):
        match = pattern.match(value)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return dt.datetime(year, month, day), False
            except ValueError:
                return None
    return None
