"""The decoding ladder: bytes to text, as carefully as Arabic pages need.

1. A byte-order mark (UTF-8, UTF-16) wins.
2. Strict UTF-8, when the bytes are valid UTF-8: single-byte Arabic text
   (windows-1256, ISO-8859-6) almost never is, while pages that declare
   windows-1256 and serve UTF-8 are common.
3. A declared charset (HTTP header, then ``<meta charset>``/``<meta http-equiv>``
   for HTML) when the bytes decode under it.
4. charset_normalizer's best guess on the bytes (windows-1256 pages land here
   when nothing is declared).
5. Otherwise the document fails with ``decode``: text that decodes only with many
   replacement characters is not worth analysing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from marsad.errors import DecodeFailed
from marsad.sources.sniff import utf16_codec

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels pages declare that Python spells differently or that browsers widen.
_ALIASES = {"iso-8859-6": "iso8859_6", "arabic": "cp1256", "windows-1256": "cp1256", "x-user-defined": "cp1252"}
# Accept a guessed decoding only if replacement characters stay under this share.
_MAX_REPLACED = 0.02


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text and the encoding it was decoded with (``replaced``: bad bytes replaced)."""

    text: str
    encoding: str
    replaced: int = 0


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag in the first 4 KiB declares, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = _ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None, html: bool = False) -> Decoded:
    """Decode ``data`` following the ladder in the module docstring."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, "replace"), encoding)
    wide = utf16_codec(data[:4096])
    if wide:
        return Decoded(data.decode(wide, "replace"), wide)
    for label in ("utf-8", declared, declared_charset(data) if html else None):
        codec = _codec(label)
        if codec:
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                continue
    return _guess(data)


def _guess(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 input needs it

    best = from_bytes(data[:65536]).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, "replace")
        replaced = text.count("\ufffd")
        if replaced <= _MAX_REPLACED * max(len(text), 1):
            return Decoded(text, best.encoding, replaced)
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd")
    if replaced <= _MAX_REPLACED * max(len(text), 1):
        return Decoded(text, "utf-8", replaced)
    raise DecodeFailed(f"cannot decode: {replaced} of {len(text)} characters invalid as UTF-8 and no other encoding fits")
