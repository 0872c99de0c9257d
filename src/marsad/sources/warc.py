"""WARC archives: one raw document per HTML or text response record.

The file reaches this reader already decompressed (gzip members are undone as a
stream by the caller, which ends a cut-off gzip where it was cut, every complete
record before the cut delivered, and reports it). warcio parses records;
a record whose block ends before its declared ``Content-Length`` is reported as
``truncated`` and ends the file, since nothing after it can be trusted.
Responses that are not text (images, scripts, PDFs) are passed over.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.errors import BadWarc, TooLarge, Truncated
from marsad.record import Source
from marsad.sources.raw import Failure, Limits, RawDocument

_RECORD_TYPES = {"response", "resource"}
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_records(stream: BinaryIO, name: str, limits: Limits) -> Iterator[RawDocument | Failure]:
    """Raw documents of the text responses in a WARC stream."""
    records = ArchiveIterator(stream, arc2warc=True)
    offset = "0"
    try:
        for record in records:
            if record.rec_type not in _RECORD_TYPES:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            content_type = _content_type(record)
            if not content_type.startswith(_TEXT_TYPES):
                continue
            # Read the payload before asking for the offset: warcio's offset
            # bookkeeping consumes the record's buffered stream.
            payload = record.content_stream().read(limits.max_document_bytes + 1)
            offset = str(records.get_record_offset())
            source = Source(name, url, "warc", offset)
            if len(payload) > limits.max_document_bytes:
                yield Failure(source, TooLarge(f"record at {offset} is larger than {limits.max_document_bytes} bytes"))
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield Failure(source, Truncated(f"record at {offset} ({url}) is cut off before its declared length"))
                return
            kind = "text" if content_type.startswith("text/plain") else "html"
            yield RawDocument(
                body=payload,
                kind=kind,
                source=source,
                identity=payload,
                charset=_charset(content_type),
                meta=_crawled(record),
            )
    except (ArchiveLoadFailed, ValueError, AttributeError, EOFError) as e:
        # warcio raises AttributeError/ValueError on headers it cannot parse.
        yield Failure(Source(name, None, "warc", offset), BadWarc(f"unreadable WARC record after offset {offset}: {e}"))


def _crawled(record: object) -> dict[str, str]:
    """The record's ``WARC-Date`` as metadata (``crawled``), when it has one."""
    moment = record.rec_headers.get_header("WARC-Date")  # type: ignore[attr-defined]
    return {"crawled": moment} if moment else {}


def _content_type(record: object) -> str:
    http = getattr(record, "http_headers", None)
    header = http.get_header("Content-Type") if http else None
    if not header:
        header = record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
    return (header or "").strip().lower()


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip() == "charset" and value:
            return value.strip().strip("\"'")
    return None
