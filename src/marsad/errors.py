"""One catalogue of marsad's errors, each with a stable code a user can search for.

Readers and stages raise these; the engine turns them into error records on the
document (``Article.errors``) or into failed-document entries in the run summary.
Third-party exceptions are translated at the boundary with ``raise ... from e``.
"""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: every marsad error carries a short, stable ``code``."""

    code = "error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.__doc__ or self.code)
        self.message = message or (self.__doc__ or self.code).strip()


class UsageError(MarsadError):
    """The command was called with arguments that cannot work."""

    code = "usage"


class QueryTooComplex(UsageError):
    """A search query is past one of the limits on its size (terms, prefixes, length)."""

    code = "query_too_complex"


class QueryTimeout(UsageError):
    """A query ran past its time budget (or its client left) and was stopped."""

    code = "query_timeout"


class ForeignStore(UsageError):
    """The file named as the store is not a marsad store (not SQLite, or another program's database)."""

    code = "foreign_store"


class DocumentError(MarsadError):
    """A single input document could not be turned into an article."""

    code = "document"


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


class StageFailed(MarsadError):
    """An analysis stage raised on this document; the record is kept without its output."""

    code = "stage_failed"


class StoreError(MarsadError):
    """The store could not be opened or written."""

    code = "store"


class WorkersLost(MarsadError):
    """Every worker of the engine died; the shards not done are left for a rerun."""

    code = "workers_lost"
