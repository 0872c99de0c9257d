"""Tell what a byte stream is from its first bytes: compression, format, or binary junk.

The file name is only a tie-breaker: a page saved as ``.txt`` is still HTML, and a
JSON-lines export named ``.dat`` is still JSON lines.
"""

from __future__ import annotations

import codecs
import re

GZIP_MAGIC = b"\x1f\x8b"
XZ_MAGIC = b"\xfd7zXZ\x00"
BZIP2_MAGIC = b"BZh"

# Formats marsad does not read, recognised so the error can say what they are.
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x7fELF": "ELF executable",
    b"SQLite format 3": "SQLite database",
    b"RIFF": "RIFF media",
}
_HTML_START = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main|h1|script)\b",
    re.IGNORECASE,
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def compression(head: bytes) -> str | None:
    """``"gzip"``, ``"xz"``, ``"bz2"`` or None, from the magic number."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(XZ_MAGIC):
        return "xz"
    if head.startswith(BZIP2_MAGIC) and len(head) > 3 and head[3:4].isdigit():
        return "bz2"
    return None


def binary_kind(head: bytes) -> str | None:
    """A name for the binary format of ``head``, or None when it looks like text."""
    for magic, name in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return name
    if head.startswith(_UTF16_BOMS) or looks_utf16(head):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "binary data"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.05:
        return "binary data"
    return None


def looks_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: mostly-NUL bytes at every other position."""
    sample = head[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.3 and min(
        even.count(0), odd.count(0)
    ) < 0.05 * len(even)


def utf16_codec(head: bytes) -> str | None:
    """``utf-16`` (with a BOM), ``utf-16-le`` or ``utf-16-be`` for UTF-16 bytes, else None."""
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    if looks_utf16(head):
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    return None


def text_format(head: str, name: str = "") -> str:
    """Format of decoded text: ``"warc"``, ``"jsonl"``, ``"html"`` or ``"text"``."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("WARC/"):
        return "warc"
    if stripped.startswith("{"):
        return "jsonl"
    lowered = name.lower()
    sample = stripped[:4096].encode("utf-8", "replace")
    if _HTML_START.search(sample[:1024]) or (
        lowered.endswith((".html", ".htm", ".xhtml")) and b"<" in sample
    ):
        return "html"
    return "text"
