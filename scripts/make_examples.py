#!/usr/bin/env python3
"""Rebuild the binary / non-UTF-8 files in ``examples/`` from UTF-8 sources.

Sources live in ``scripts/example_sources/`` (one UTF-8 ``.txt``/``.html`` file each).
The output is byte-identical on every run: gzip members carry ``mtime=0`` and no file
name, WARC records carry fixed record ids and dates, and the embedded PNG is generated
deterministically.

Usage::

    python scripts/make_examples.py            # write into examples/
    python scripts/make_examples.py --check    # exit 1 if examples/ differs from a rebuild
"""

from __future__ import annotations

import argparse
import gzip
import io
import struct
import sys
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "example_sources"
EXAMPLES = ROOT / "examples"


def _read(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def gzip_text(text: str) -> bytes:
    buf = io.BytesIO()
    # filename="" and mtime=0 keep the gzip header free of anything run-dependent.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def utf16_text(text: str) -> bytes:
    # Python's "utf-16" codec writes a BOM in native (little-endian here) order; be explicit.
    return b"\xff\xfe" + text.encode("utf-16-le")


def cp1256(text: str) -> bytes:
    # strict: fail loudly if a source uses a character windows-1256 cannot carry
    return text.encode("cp1256")


def tiny_png(width: int = 4, height: int = 4) -> bytes:
    """A small valid RGB PNG (a green/white checkerboard), built without PIL."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b""
    for y in range(height):
        rows += b"\x00"  # filter: none
        for x in range(width):
            rows += b"\x1e\x8c\x3c" if (x + y) % 2 == 0 else b"\xff\xff\xff"
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def warc_bytes() -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.0")

    info = (
        b"software: marsad scripts/make_examples.py\r\n"
        b"format: WARC File Format 1.0\r\n"
        b"description: fictional Arabic news pages for the marsad examples\r\n"
        b"isPartOf: marsad-examples\r\n"
    )
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": "<urn:uuid:6d1c2a3e-0000-4000-8000-000000000001>",
                "WARC-Date": "2025-03-22T08:00:00Z",
                "WARC-Filename": "weekly-crawl.warc.gz",
            },
        )
    )

    responses = [
        (
            "https://atlas-press.example/economy/2025/03/21/march-rains-farmers",
            "text/html; charset=utf-8",
            _read("warc-morocco-rainfall.html").encode("utf-8"),
            "<urn:uuid:6d1c2a3e-0000-4000-8000-000000000002>",
            "2025-03-22T08:00:05Z",
        ),
        (
            "https://carthage-info.example/economy/2025/03/20/gafsa-phosphate-strike",
            "text/html; charset=windows-1256",
            cp1256(_read("warc-tunisia-phosphate.html")),
            "<urn:uuid:6d1c2a3e-0000-4000-8000-000000000003>",
            "2025-03-22T08:00:09Z",
        ),
        (
            "https://atlas-press.example/media/2025/03/fields.png",
            "image/png",
            tiny_png(),
            "<urn:uuid:6d1c2a3e-0000-4000-8000-000000000004>",
            "2025-03-22T08:00:11Z",
        ),
    ]
    for url, ctype, body, rec_id, date in responses:
        http_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", ctype),
                ("Content-Length", str(len(body))),
                ("Date", "Sat, 22 Mar 2025 08:00:00 GMT"),
                ("Server", "nginx"),
            ],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Record-ID": rec_id, "WARC-Date": date},
        )
        writer.write_record(record)
    return buf.getvalue()


def build() -> dict[str, bytes]:
    return {
        "lebanon-municipal-elections.txt.gz": gzip_text(_read("lebanon-municipal-elections.txt")),
        "syria-refugee-returns-utf16.txt": utf16_text(_read("syria-refugee-returns.txt")),
        "nile-water-ministers-cp1256.html": cp1256(_read("nile-water-ministers.html")),
        "iraq-budget-vote-cp1256.htm": cp1256(_read("iraq-budget-vote.htm")),
        "weekly-crawl.warc.gz": warc_bytes(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, do not write")
    args = parser.parse_args(argv)

    outputs = build()
    stale = []
    for name, data in outputs.items():
        path = EXAMPLES / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
