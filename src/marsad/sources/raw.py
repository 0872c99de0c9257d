"""What readers yield: a raw document (bytes or text plus where it came from) or a failure."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from marsad.errors import DocumentError
from marsad.record import Source

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Size guards, checked before any parsing.

    ``max_document_bytes`` caps one document (a page, a JSON line, a WARC payload);
    ``max_file_bytes`` caps what one input file may decompress to, against
    compression bombs, for files that hold a single document.
    """

    max_document_bytes: int = 8 * MIB
    max_file_bytes: int = 8 * MIB


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as read: its body still to be decoded (bytes) or already text.

    ``kind`` is how to extract it ("text" or "html"); ``source.format`` is the
    container it came in. ``meta`` carries what the container said about it
    (title, published, site, outlet) and ``charset`` an HTTP-declared encoding.
    ``identity`` is the byte string the stable id is computed from.
    """

    body: bytes | str
    kind: str
    source: Source
    identity: bytes
    charset: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Failure:
    """A document, or a whole input, that could not be read; the batch goes on."""

    source: Source
    error: DocumentError

    @property
    def code(self) -> str:
        return self.error.code


@dataclass(frozen=True)
class InputStamp:
    """Size and modification time of an input file, to tell whether it changed."""

    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str) -> InputStamp | None:
        try:
            status = os.stat(path)
        except OSError:
            return None
        return cls(os.path.abspath(path), status.st_size, status.st_mtime_ns)
