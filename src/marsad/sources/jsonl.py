"""JSON lines: one article per line, with ``text`` or ``html`` and optional metadata.

Recognised keys: ``text`` | ``html`` (one is required), ``url``, ``title``,
``published`` | ``date``, ``site`` | ``source``, ``outlet``. A bad line fails alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Protocol

from marsad.errors import BadJson, TooLarge
from marsad.record import Source
from marsad.sources.raw import Failure, Limits, RawDocument

_META_KEYS = {
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "time"),
    "site": ("site", "source", "sitename"),
    "outlet": ("outlet", "credit"),
}


# Most white space passed over in one step.
_STRIDE = 1 << 16


class LineReader(Protocol):
    """Anything with ``readline``: a binary file, or a wrapper that re-encodes or limits one."""

    def readline(self, size: int = -1, /) -> bytes: ...


def read_lines(
    stream: LineReader, name: str, limits: Limits, lines_before: int = 0
) -> Iterator[RawDocument | Failure]:
    """One raw document (or failure) per non-blank line of ``stream``.

    Lines are numbered from 1, after ``lines_before`` (for a stream that starts
    inside a file).
    """
    cap = limits.max_document_bytes
    number = lines_before
    peek = getattr(stream, "peek", None)
    while True:
        if peek is not None:
            number += _skip_blank(stream, peek)
        line = stream.readline(cap + 1)
        if not line:
            return
        number += 1
        member = str(number)
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = stream.readline(cap + 1)
            yield Failure(Source(name, None, "jsonl", member), TooLarge(f"line {number} is longer than {cap} bytes"))
            continue
        line = line.strip()
        if line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if line:
            yield _document(line, name, member)


def _skip_blank(stream: LineReader, peek: Callable[[int], bytes]) -> int:
    """Pass over white space in buffer-sized strides; return the line breaks passed.

    A megabyte of gzip holds hundreds of millions of blank lines: read one by one
    they would cost minutes before any size cap is reached.
    """
    breaks = 0
    while True:
        buffered = peek(_STRIDE)
        if not buffered[:1].isspace():  # the usual case, a line that starts at once: no copy
            return breaks
        blank = len(buffered) - len(buffered.lstrip())
        if not blank:
            return breaks
        breaks += buffered.count(b"\n", 0, blank)
        stream.read(blank)  # type: ignore[attr-defined]
        if blank < len(buffered):
            return breaks


def _document(line: bytes, name: str, member: str) -> RawDocument | Failure:
    source = Source(name, None, "jsonl", member)
    try:
        item = json.loads(line)
    except (ValueError, RecursionError) as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return Failure(source, BadJson(f"line {member}: not valid JSON ({type(e).__name__}: {str(e)[:200]})"))
    if not isinstance(item, dict):
        return Failure(source, BadJson(f"line {member}: expected a JSON object"))
    body, kind = _body(item)
    if body is None:
        return Failure(source, BadJson(f"line {member}: no 'text' or 'html' string"))
    url = item.get("url") if isinstance(item.get("url"), str) else None
    meta = {key: value for key, names in _META_KEYS.items() if (value := _first_string(item, names))}
    return RawDocument(
        body=body, kind=kind, source=Source(name, url, "jsonl", member), identity=line, meta=meta
    )


def _body(item: dict[str, Any]) -> tuple[str | None, str]:
    if isinstance(item.get("html"), str) and item["html"].strip():
        return item["html"], "html"
    if isinstance(item.get("text"), str) and item["text"].strip():
        return item["text"], "text"
    return None, "text"


def _first_string(item: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for key in names:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


class _Until:
    """Lines of an open file that start before byte ``end``."""

    def __init__(self, handle: BinaryIO, end: int) -> None:
        self.handle = handle
        self.end = end

    def readline(self, size: int = -1) -> bytes:
        return b"" if self.handle.tell() >= self.end else self.handle.readline(size)


def read_byte_range(path: str, start: int, end: int, limits: Limits) -> Iterator[RawDocument | Failure]:
    """The lines of an uncompressed JSON-lines file that start in ``[start, end)``.

    Consecutive ranges cover every line exactly once, numbered as in the whole
    file, so a large file can be read in parts by different workers.
    """
    with open(path, "rb") as handle:
        if start > 0:
            handle.seek(start - 1)
            handle.readline()  # the line running over `start` belongs to the range before
        position = handle.tell()
        lines_before = _newlines_before(handle, position)
        yield from read_lines(_Until(handle, end), path, limits, lines_before)


def _newlines_before(handle: BinaryIO, position: int) -> int:
    """Line breaks in the first ``position`` bytes; leaves the file at ``position``."""
    handle.seek(0)
    count, remaining = 0, position
    while remaining > 0:
        chunk = handle.read(min(1 << 20, remaining))
        if not chunk:
            break
        count += chunk.count(b"\n")
        remaining -= len(chunk)
    handle.seek(position)
    return count
