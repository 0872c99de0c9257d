"""What readers yield: a raw document (bytes or text plus where it came from) or a failure."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from marsad.errors import DocumentError
from marsad.record import Source
from marsad.sources.valid import valid_text

MIB = 1024 * 1024
GIB = 1024 * MIB


@dataclass(frozen=True, slots=True)
class Limits:
    """Guards on what an input may be, checked before any parsing.

    ``max_document_bytes`` caps one document (a page, a JSON line, a WARC payload);
    ``max_file_bytes`` caps what one input file may decompress to, against
    compression bombs, for files that hold a single document. Every compressed
    input, whatever its format, may decompress to ``max_unpacked_bytes`` at most,
    and past its first ``max_document_bytes`` to no more than ``max_ratio`` times
    the compressed bytes read (news text compresses 4 to 10 times; bombs 100 to
    1,000 times). An HTML page may hold ``max_elements`` elements nested
    ``max_depth`` deep. ``follow_links`` lets a folder's symbolic links lead
    outside it.
    """

    max_document_bytes: int = 8 * MIB
    max_file_bytes: int = 8 * MIB
    max_unpacked_bytes: int = 4 * GIB
    max_ratio: float = 100.0
    max_elements: int = 100_000
    max_depth: int = 200
    follow_links: bool = False


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
        """The stamp of a regular file (None for anything else, which is never marked done)."""
        try:
            status = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        return cls(valid_text(os.path.abspath(path))[0], status.st_size, status.st_mtime_ns)
