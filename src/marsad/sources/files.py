"""Turn paths (files, folders, ``-`` for standard input) into raw documents.

Each file is opened once: compression is sniffed from its magic number and
undone as a stream, then its format is sniffed from the first decompressed bytes
and the file handed to the reader for that format. Every failure becomes a
:class:`Failure` naming the file (and the record inside it) with a reason code.

Only regular files are read: a FIFO, socket or device fails as ``special_file``
(opened without blocking, so a FIFO with no writer cannot stall the batch). In a
folder, a symbolic link that leads outside the folder fails as ``link_outside``
unless :attr:`Limits.follow_links` allows it. What a compressed input inflates to
is checked as it comes, for every format (:class:`_Unpacked`), and a stream cut
short keeps every byte that came before the cut.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Self, cast

from marsad.errors import (
    BinaryInput,
    DocumentError,
    EmptyInput,
    LinkOutside,
    NotFound,
    SpecialFile,
    TooLarge,
    Truncated,
    Unreadable,
)
from marsad.record import Source
from marsad.sources import jsonl, warc
from marsad.sources.raw import Failure, Limits, RawDocument
from marsad.sources.sniff import binary_kind, compression, text_format, utf16_codec

STDIN = "-"
SNIFF_BYTES = 8192
# Read size of the buffer over a decompressed stream: each read is checked against the caps.
UNPACKED_BUFFER = 1 << 16
# Each wraps the open file handle, which read_file closes.
_DECOMPRESSORS: dict[str, Callable[[BinaryIO], io.BufferedIOBase]] = {
    "gzip": lambda handle: gzip.GzipFile(fileobj=handle),
    "xz": lambda handle: lzma.LZMAFile(handle),  # noqa: SIM115
    "bz2": lambda handle: bz2.BZ2File(handle),
}
# What the decompressors raise on damaged or cut-off input.
_STREAM_ERRORS = (EOFError, OSError, lzma.LZMAError, zlib.error)


class Refused(str):
    """An input path found in a folder walk that is not to be read, with the reason (``error``)."""

    error: DocumentError

    def __new__(cls, path: str, error: DocumentError) -> Self:
        value = super().__new__(cls, path)
        value.error = error
        return value

    def __reduce__(self) -> tuple[object, ...]:  # sent to worker processes and Ray actors as is
        return (Refused, (str(self), self.error))


def refused(path: str) -> bool:
    """Whether ``path`` is an input :func:`expand` refused."""
    return isinstance(path, Refused)


def expand(paths: Iterable[str | os.PathLike[str]], follow_links: bool = False) -> Iterator[str]:
    """Every file named or under a named folder, in a stable order (hidden files skipped).

    A path named on the command line is taken as it is, a symbolic link included.
    Under a folder, a link that leads outside the folder comes back :class:`Refused`
    unless ``follow_links``; a link to a folder inside it is passed over (its files
    are reached through the folder itself).
    """
    for entry in paths:
        if isinstance(entry, Refused):
            yield entry
            continue
        name = os.fspath(entry)
        path = Path(name)
        if name == STDIN or not path.is_dir():
            yield name
            continue
        yield from _walk(path, follow_links)


def _walk(root: Path, follow_links: bool) -> Iterator[str]:
    """The files under ``root``, sorted; links checked against the folder's real path."""
    real_root = os.path.realpath(root)
    found: list[tuple[Path, DocumentError | None]] = []
    seen = {real_root}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as e:
            found.append((folder, Unreadable(f"cannot list {folder}: {e.strerror or e}")))
            continue
        for item in entries:
            if item.name.startswith("."):
                continue
            child = Path(item.path)
            if item.is_symlink():
                target = os.path.realpath(child)
                inside = target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)
                if inside and os.path.isdir(target):
                    continue  # its files are reached through the folder itself
                if not inside and not follow_links:
                    found.append((child, LinkOutside(
                        f"{child} is a link to {target}, outside {root}: pass --follow-links to read it")))
                    continue
                if os.path.isdir(target):
                    if target not in seen:  # a link back to a folder already walked would loop
                        seen.add(target)
                        folders.append(child)
                    continue
                found.append((child, None))
            elif item.is_dir(follow_symlinks=False):
                folders.append(child)
            else:  # files, and FIFOs, sockets or devices, which read_file reports
                found.append((child, None))
    for child, error in sorted(found, key=lambda pair: pair[0]):
        yield Refused(str(child), error) if error else str(child)


def read_paths(paths: Iterable[str | os.PathLike[str]], limits: Limits = Limits()) -> Iterator[RawDocument | Failure]:
    """Raw documents from every input file, in order; failures in place of broken ones."""
    for name in expand(paths):
        yield from read_file(name, limits)


def read_file(name: str, limits: Limits = Limits()) -> Iterator[RawDocument | Failure]:
    """Raw documents of one file (several for JSON lines and WARC)."""
    whole = Source(path=name, format="text")
    if isinstance(name, Refused):
        yield Failure(whole, name.error)
        return
    if name != STDIN and not os.path.lexists(name):
        yield Failure(whole, NotFound(f"no such file: {name}"))
        return
    try:
        handle: BinaryIO = sys.stdin.buffer if name == STDIN else _open_regular(name)
    except DocumentError as e:
        yield Failure(whole, e)
        return
    except OSError as e:
        error = NotFound if isinstance(e, FileNotFoundError) else Unreadable
        yield Failure(whole, error(f"cannot open {name}: {e.strerror or e}"))
        return
    try:
        yield from _read_stream(handle, name, limits)
    except _STREAM_ERRORS as e:
        yield Failure(whole, _stream_error(e))
    except TooLarge as e:  # raised by the decompressed stream's caps, whatever the format
        yield Failure(whole, e)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def _open_regular(name: str) -> BinaryIO:
    """Open a regular file for reading; anything else raises ``special_file``.

    Opened without blocking and checked on the open descriptor: a FIFO with no
    writer would block an ordinary ``open`` for ever, and a check by name before
    opening could be raced.
    """
    descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device or special file"
            raise SpecialFile(f"{name} is {kind}, not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return open(descriptor, "rb")  # noqa: SIM115 - read_file closes it
    except BaseException:
        os.close(descriptor)
        raise


class _Counted:
    """A file read by a decompressor, counting the compressed bytes it takes."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.count += len(data)
        return data


class _Unpacked(io.RawIOBase):
    """The decompressed bytes of a compressed input, checked against the caps as they come.

    Past ``max_unpacked_bytes``, or past the first ``max_document_bytes`` at more
    than ``max_ratio`` times the compressed bytes read, reading raises ``too_large``.
    A damaged or cut-off stream ends where the damage is, every byte before it
    delivered, and the error is kept in ``error`` for the reader to report: a read
    that raised midway would drop what it had already inflated (the last complete
    records before a cut).
    """

    def __init__(self, kind: str, handle: BinaryIO, name: str, limits: Limits) -> None:
        self._packed = _Counted(handle)
        self._stream = _DECOMPRESSORS[kind](cast(BinaryIO, self._packed))
        self._name = name
        self._limits = limits
        self.total = 0
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.error is not None:
            return 0
        try:
            data = self._stream.read1(len(buffer))
        except _STREAM_ERRORS as e:
            self.error = e
            return 0
        self.total += len(data)
        self._check()
        buffer[: len(data)] = data
        return len(data)

    def _check(self) -> None:
        limits = self._limits
        if self.total > limits.max_unpacked_bytes:
            raise TooLarge(f"{self._name} decompresses to more than {limits.max_unpacked_bytes} bytes")
        if self.total > limits.max_document_bytes and self.total > limits.max_ratio * self._packed.count:
            raise TooLarge(
                f"{self._name} decompresses more than {limits.max_ratio:g} times its size"
                f" ({self.total} bytes from {self._packed.count}): a compression bomb"
            )

    def close(self) -> None:
        self._stream.close()  # the decompressor only; read_file closes the file
        super().close()


def _read_stream(handle: BinaryIO, name: str, limits: Limits) -> Iterator[RawDocument | Failure]:
    packed = compression(_peek(handle))
    if not packed:
        yield from _read_format(handle, name, limits, None)
        return
    unpacked = _Unpacked(packed, handle, name, limits)
    stream = cast(BinaryIO, io.BufferedReader(unpacked, UNPACKED_BUFFER))
    last: RawDocument | Failure | None = None
    for last in _read_format(stream, name, limits, unpacked):
        yield last
    if unpacked.error is not None and not (isinstance(last, Failure) and last.code == Truncated.code):
        yield Failure(Source(name), _stream_error(unpacked.error))


def _read_format(
    stream: BinaryIO, name: str, limits: Limits, unpacked: _Unpacked | None
) -> Iterator[RawDocument | Failure]:
    """Sniff the (decompressed) stream's format and hand it to that format's reader."""
    head = _peek(stream)
    if not head.strip():
        if not stream.read(1):
            if unpacked is None or unpacked.error is None:  # else the caller reports the damage
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
        document = _whole_document(stream, name, fmt, limits)
        if unpacked is None or unpacked.error is None:  # a cut-off page is not kept in part
            yield document


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
