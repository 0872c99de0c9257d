"""One catalogue of marsad's errors, each with a stable code a user can search for.

Readers and stages raise these; the engine turns them into error records on the
document (``Article.errors``) or into failed-document entries in the run summary.
Third-party exceptions are translated at the boundary with ``raise ... from e``.

:data:`CATALOGUE` lists every code marsad records or reports, with its meaning and
whether the batch goes on: the coded exception classes below, and the codes the
engine writes itself (:data:`EXTRACT_FAILED`, :data:`WORKER_DIED`, the notes). Code
that records a code names one of these, never a bare string; the README's table is
generated from the catalogue (``python scripts/error_table.py --write``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

# What a code stands for, and so what happens next.
DOCUMENT = "document"  # one document (or input) yields no record; the batch goes on
NOTE = "note"  # the record is kept, with a note in its ``errors``
REQUEST = "request"  # the server refuses one request (422) and serves the next
RUN = "run"  # the command stops


class MarsadError(Exception):
    """Base class: every marsad error carries a short, stable ``code``."""

    code: ClassVar[str] = "error"
    kind: ClassVar[str] = RUN

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.__doc__ or self.code)
        self.message = message or (self.__doc__ or self.code).strip()


class UsageError(MarsadError):
    """The command was called with arguments that cannot work."""

    code = "usage"


class QueryTooComplex(UsageError):
    """A search query is past one of the limits on its size (terms, prefixes, length)."""

    code = "query_too_complex"
    kind = REQUEST


class QueryTimeout(UsageError):
    """A query ran past its time budget (or its client left) and was stopped."""

    code = "query_timeout"
    kind = REQUEST


class ForeignStore(UsageError):
    """The file named as the store is not a marsad store (not SQLite, or another program's database)."""

    code = "foreign_store"


class DocumentError(MarsadError):
    """A single input document could not be turned into an article."""

    code = "document"
    kind = DOCUMENT


class NotFound(DocumentError):
    """The input path does not exist."""

    code = "not_found"


class Unreadable(DocumentError):
    """The input could not be read from disk."""

    code = "unreadable"


class SpecialFile(DocumentError):
    """The input is a FIFO, a socket or a device, not a regular file."""

    code = "special_file"


class LinkOutside(DocumentError):
    """A symbolic link inside an input folder leads outside it (allowed with --follow-links)."""

    code = "link_outside"


class EmptyInput(DocumentError):
    """The input holds no bytes, or only whitespace."""

    code = "empty"


class BinaryInput(DocumentError):
    """The input is binary data, not text, HTML, JSON lines or WARC."""

    code = "binary"


class TooLarge(DocumentError):
    """The document, or its decompressed size, is past the configured limit."""

    code = "too_large"


class Truncated(DocumentError):
    """A compressed stream or archive ends before its declared end."""

    code = "truncated"


class DecodeFailed(DocumentError):
    """The bytes cannot be decoded as text in any plausible encoding."""

    code = "decode"


class BadJson(DocumentError):
    """A JSON-lines line is not a JSON object with a text or html field."""

    code = "bad_json"


class BadWarc(DocumentError):
    """A WARC record is malformed."""

    code = "bad_warc"


class NoText(DocumentError):
    """Extraction found no article text in the document."""

    code = "no_text"


class StoreError(MarsadError):
    """The store could not be opened or written."""

    code = "store"


class WorkersLost(MarsadError):
    """Every worker of the engine died; the shards not done are left for a rerun."""

    code = "workers_lost"


# Codes the engine and the extractor write without raising a class of their own.
EXTRACT_FAILED = "extract_failed"
WORKER_DIED = "worker_died"
REPLACED_BYTES = "replaced_bytes"
INVALID_TEXT = "invalid_text"
BAD_DATE = "bad_date"
STAGE_FAILED = "stage_failed"


@dataclass(frozen=True)
class Code:
    """One entry of the catalogue: a code, what it means, and whether the batch goes on."""

    code: str
    kind: str
    meaning: str

    @property
    def goes_on(self) -> bool:
        """True when the batch (or the server) goes on past it; False when the command stops."""
        return self.kind != RUN


def _entry(error: type[MarsadError]) -> Code:
    return Code(error.code, error.kind, " ".join((error.__doc__ or "").split()))


# Table order: document failures, notes on kept records, server refusals, stops.
CATALOGUE: tuple[Code, ...] = (
    *map(_entry, (NotFound, Unreadable, SpecialFile, LinkOutside, EmptyInput, BinaryInput, TooLarge,
                  Truncated, DecodeFailed, BadJson, BadWarc, NoText)),
    Code(EXTRACT_FAILED, DOCUMENT, "The extractor crashed on the document (a parser bug); the message names the exception."),
    Code(WORKER_DIED, DOCUMENT, "With --workers, the worker process died on this document, alone, twice (killed for memory or a crash"
         " in native code); on Ray, the shard it was in."),
    Code(REPLACED_BYTES, NOTE, "A few bytes could not be decoded and were replaced with U+FFFD."),
    Code(INVALID_TEXT, NOTE, "Invalid characters (lone surrogates, NUL or other control characters) were replaced"
         " or removed."),
    Code(BAD_DATE, NOTE, "The document's published date is not a date; the record has none from it."),
    Code(STAGE_FAILED, NOTE, "An analysis stage raised on this document; the record is kept without that stage's"
         " output."),
    *map(_entry, (QueryTooComplex, QueryTimeout, UsageError, ForeignStore, StoreError, WorkersLost)),
)

CODES: dict[str, Code] = {entry.code: entry for entry in CATALOGUE}

# Classes that only group others: never raised themselves, so not in the catalogue.
ABSTRACT: tuple[type[MarsadError], ...] = (MarsadError, DocumentError)
