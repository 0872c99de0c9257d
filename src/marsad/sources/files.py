"""Turn paths (files, folders, ``-`` for standard input) into raw documents.

Each file is opened once: compression is sniffed from its magic number and
undone as a stream, then its format is sniffed from the first decompressed bytes
and the file handed to the reader for that format. Every failure becomes a
:class:`Failure` naming the file (and the record inside it) with a reason code.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

from marsad.errors import BinaryInput, DocumentError, EmptyInput, NotFound, TooLarge, Truncated, Unreadable
from marsad.record import Source
from marsad.sources import jsonl, warc
from marsad.sources.raw import Failure, Limits, RawDocument
from marsad.sources.sniff import binary_kind, compression, text_format, utf16_codec

STDIN = "-"
SNIFF_BYTES = 8192
# Each wraps the open file handle, which read_file closes.
_DECOMPRESSORS: dict[str, Callable[[BinaryIO], object]] = {
    "gzip": lambda handle: gzip.GzipFile(fileobj=handle),
    "xz": lambda handle: lzma.LZMAFile(handle),  # noqa: SIM115
    "bz2": lambda handle: bz2.BZ2File(handle),
}
# What the decompressors raise on damaged or cut-off input.
_STREAM_ERRORS = (EOFError, OSError, lzma.LZMAError, zlib.error)


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Every file named or under a named folder, in a stable order (hidden files skipped)."""
    for entry in paths:
        name = os.fspath(entry)
        path = Path(name)
        if name == STDIN or not path.is_dir():
            yield name
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path).parts
            if child.is_file() and not any(part.startswith(".") for part in relative):
                yield str(child)


def read_paths(paths: Iterable[str | os.PathLike[str]], limits: Limits = Limits()) -> Iterator[RawDocument | Failure]:
    """Raw documents from every input file, in order; failures in place of broken ones."""
    for name in expand(paths):
        yield from read_file(name, limits)


def read_file(name: str, limits: Limits = Limits()) -> Iterator[RawDocument | Failure]:
    """Raw documents of one file (several for JSON lines and WARC)."""
    whole = Source(path=name, format="text")
    if name != STDIN and not Path(name).exists():
        yield Failure(whole, NotFound(f"no such file: {name}"))
        return
    try:
        handle: BinaryIO = sys.stdin.buffer if name == STDIN else open(name, "rb")  # noqa: SIM115
    except OSError as e:
        yield Failure(whole, Unreadable(f"cannot open {name}: {e.strerror or e}"))
        return
    try:
        yield from _read_stream(handle, name, limits)
    except _STREAM_ERRORS as e:
        yield Failure(whole, _stream_error(e))
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def _read_stream(handle: BinaryIO, name: str, limits: Limits) -> Iterator[RawDocument | Failure]:
    stream: BinaryIO = handle
    packed = compression(_peek(handle))
    if packed:
        stream = cast(BinaryIO, _DECOMPRESSORS[packed](handle))
    head = _peek(stream)
    if not head.strip():
        if not stream.read(1):
            yield Failure(Source(name), EmptyInput(f"{name} is empty"))
            return
        head = _peek(stream)
    wide = utf16_codec(head)
    if wide:
        head_text = head.decode(wide, "replace")
    else:
        kind = binary_kind(head)
        if kind:
            yield Failure(Source(name), BinaryInput(f"{name} is {kind}, not a news document"))
            return
        head_text = head.decode("utf-8", "replace")
    fmt = text_format(head_text, _unpacked_name(name))
    if fmt == "warc":
        yield from warc.read_records(stream, name, limits)
    elif fmt == "jsonl":
        yield from _utf16_lines(stream, wide, name, limits) if wide else jsonl.read_lines(stream, name, limits)
    else:
        yield _whole_document(stream, name, fmt, limits)


class _Utf8Lines:
    """Lines of a text stream, handed on as UTF-8 bytes, ``size`` bytes at most per call.

    A line longer than ``size`` once encoded comes back in pieces, as from a binary
    file, so the reader's size check sees it.
    """

    def __init__(self, text: io.TextIOWrapper) -> None:
        self._text = text
        self._rest = b""

    def readline(self, size: int = -1, /) -> bytes:
        line = self._rest or self._text.readline(size).encode("utf-8")
        if 0 <= size < len(line):
            line, self._rest = line[:size], line[size:]
        else:
            self._rest = b""
        return line


def _utf16_lines(stream: BinaryIO, encoding: str, name: str, limits: Limits) -> Iterator[RawDocument | Failure]:
    """JSON lines of a UTF-16 file: split on b"\n" they would be cut mid-character, so re-encode."""
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    try:
        yield from jsonl.read_lines(_Utf8Lines(text), name, limits)
    finally:
        text.detach()  # the caller closes the file


def _whole_document(stream: BinaryIO, name: str, fmt: str, limits: Limits) -> RawDocument | Failure:
    source = Source(path=name, format=fmt)
    cap = min(limits.max_file_bytes, limits.max_document_bytes)
    body = stream.read(cap + 1)
    if len(body) > cap:
        return Failure(source, TooLarge(f"{name} is larger than the {cap}-byte document limit"))
    if not body.strip():
        return Failure(source, EmptyInput(f"{name} holds only white space"))
    return RawDocument(body=body, kind=fmt, source=source, identity=body)


def _peek(stream: BinaryIO) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(SNIFF_BYTES)[:SNIFF_BYTES] if peek else b""


def _unpacked_name(name: str) -> str:
    for suffix in (".gz", ".xz", ".bz2"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _stream_error(error: BaseException) -> DocumentError:
    if isinstance(error, EOFError):
        return Truncated(f"compressed stream ends early: {error}")
    return Unreadable(f"damaged input: {error}")
