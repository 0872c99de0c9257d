"""Readers: format sniffing, encodings, compression, containers and broken input."""

from __future__ import annotations

import gzip
import io
import json
import lzma
import random
from pathlib import Path

import pytest

from marsad.errors import DecodeFailed
from marsad.extract import extract
from marsad.sources import Failure, Limits, RawDocument, read_file, read_paths
from marsad.sources.decode import decode

ARTICLE = "عنوان تجريبي عن إدلب\n\nقال مسؤول في الوزارة إن المفاوضات ستستأنف الأسبوع المقبل في مدينة سوتشي.\n"
PAGE = (
    "<html><head><meta charset='{charset}'><title>وفد تركي يزور موسكو | موقع المشرق</title></head>"
    "<body><article><h1>وفد تركي يزور موسكو</h1><p>" + "وصل وفد تركي رفيع إلى موسكو لبحث الوضع في إدلب. " * 6 + "</p>"
    "<p>" + "وقال مصدر دبلوماسي إن المحادثات ستتناول وقف إطلاق النار. " * 5 + "</p></article></body></html>"
)


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def only(items: list) -> RawDocument | Failure:
    assert len(items) == 1, items
    return items[0]


def warc_bytes(records: list[tuple[str, bytes, str]], compress: bool = True) -> bytes:
    """A WARC file written by hand: one gzip member per record, as crawlers write them."""
    out = b""
    for number, (url, body, content_type) in enumerate(records):
        block = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
        head = (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
            f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-11-27T10:00:00Z\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
        ).encode()
        record = head + block + b"\r\n\r\n"
        out += gzip.compress(record, mtime=0) if compress else record
    return out


def test_plain_text_utf8_with_and_without_bom(tmp_path):
    for name, data in (("a.txt", ARTICLE.encode()), ("b.txt", b"\xef\xbb\xbf" + ARTICLE.encode())):
        raw = only(list(read_file(write(tmp_path / name, data))))
        assert isinstance(raw, RawDocument) and raw.kind == "text"
        assert extract(raw).title == "عنوان تجريبي عن إدلب"


def test_utf16_is_decoded(tmp_path):
    raw = only(list(read_file(write(tmp_path / "u.txt", ARTICLE.encode("utf-16")))))
    assert isinstance(raw, RawDocument)
    assert "سوتشي" in extract(raw).text


def test_windows_1256_declared_and_undeclared(tmp_path):
    declared = PAGE.format(charset="windows-1256").encode("cp1256")
    undeclared = PAGE.replace("<meta charset='{charset}'>", "").encode("cp1256")
    for name, data in (("d.html", declared), ("u.htm", undeclared)):
        article = extract(only(list(read_file(write(tmp_path / name, data)))))
        assert article.title == "وفد تركي يزور موسكو"
        assert "إدلب" in article.text
        assert article.site == "موقع المشرق"


def test_valid_utf8_wins_over_a_wrong_declaration():
    data = PAGE.format(charset="windows-1256").encode("utf-8")
    assert decode(data, html=True).encoding == "utf-8"


def test_format_is_sniffed_not_taken_from_the_extension(tmp_path):
    raw = only(list(read_file(write(tmp_path / "page.txt", PAGE.format(charset="utf-8").encode()))))
    assert raw.kind == "html"


@pytest.mark.parametrize("pack", [gzip.compress, lzma.compress])
def test_compressed_files(tmp_path, pack):
    raw = only(list(read_file(write(tmp_path / "a.txt.z", pack(ARTICLE.encode())))))
    assert isinstance(raw, RawDocument) and "سوتشي" in extract(raw).text


def test_truncated_gzip_is_reported(tmp_path):
    data = gzip.compress(ARTICLE.encode() * 50)
    failure = only(list(read_file(write(tmp_path / "cut.txt.gz", data[: len(data) // 2]))))
    assert isinstance(failure, Failure) and failure.code == "truncated"


def test_jsonl_lines_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"url": "https://a.example/1", "title": "خبر أول", "text": "نص الخبر الأول في دمشق.", "published": "2024-11-27", "site": "موقع أ"}, ensure_ascii=False),
        "{not json",
        json.dumps({"html": PAGE.format(charset="utf-8"), "url": "https://b.example/2"}, ensure_ascii=False),
        json.dumps({"title": "بلا نص"}),
        json.dumps([1, 2]),
        "",
    ]
    items = list(read_file(write(tmp_path / "feed.jsonl", "\n".join(lines).encode())))
    kinds = [(type(i).__name__, getattr(i, "code", None), i.source.member) for i in items]
    assert kinds == [
        ("RawDocument", None, "1"),
        ("Failure", "bad_json", "2"),
        ("RawDocument", None, "3"),
        ("Failure", "bad_json", "4"),
        ("Failure", "bad_json", "5"),
    ]
    first = extract(items[0])
    assert (first.title, first.published, first.site, first.source.url) == ("خبر أول", "2024-11-27", "موقع أ", "https://a.example/1")
    assert items[2].kind == "html"


def test_jsonl_line_past_the_limit_fails_alone(tmp_path):
    big = json.dumps({"text": "ن" * 5000})
    small = json.dumps({"text": "نص قصير عن الأخبار."}, ensure_ascii=False)
    items = list(read_file(write(tmp_path / "f.jsonl", f"{big}\n{small}\n".encode()), Limits(max_document_bytes=2000)))
    assert [getattr(i, "code", "ok") for i in items] == ["too_large", "ok"]


@pytest.mark.parametrize("compress", [True, False])
def test_warc_response_records(tmp_path, compress):
    data = warc_bytes(
        [
            ("https://a.example/1", PAGE.format(charset="utf-8").encode(), "text/html; charset=utf-8"),
            ("https://a.example/logo.png", b"\x89PNG\r\n", "image/png"),
            ("https://b.example/2", PAGE.format(charset="x").encode("cp1256"), "text/html; charset=windows-1256"),
        ],
        compress,
    )
    items = list(read_file(write(tmp_path / ("c.warc.gz" if compress else "c.warc"), data)))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument"]
    assert [i.source.url for i in items] == ["https://a.example/1", "https://b.example/2"]
    assert items[1].charset == "windows-1256"
    assert all("إدلب" in extract(i).text for i in items)
    # The page gives no date: the record's WARC-Date places it in time.
    assert extract(items[0]).time == {"value": "2024-11-27T10:00:00+00:00", "from": "crawl"}


def test_truncated_warc_keeps_the_complete_records(tmp_path):
    body = PAGE.format(charset="utf-8").encode()
    data = warc_bytes([(f"https://a.example/{i}", body, "text/html") for i in range(3)], compress=False)
    items = list(read_file(write(tmp_path / "cut.warc", data[:-300])))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "Failure"]
    assert items[-1].code == "truncated"


def test_truncated_gzipped_warc_is_reported(tmp_path):
    body = PAGE.format(charset="utf-8").encode()
    data = warc_bytes([(f"https://a.example/{i}", body, "text/html") for i in range(3)], compress=True)
    items = list(read_file(write(tmp_path / "cut.warc.gz", data[:-100])))
    assert isinstance(items[-1], Failure) and items[-1].code == "truncated"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n" + bytes(range(256)), "binary"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_broken_inputs_fail_with_a_code(tmp_path, data, code):
    failure = only(list(read_file(write(tmp_path / "bad.txt", data))))
    assert isinstance(failure, Failure) and failure.code == code


def test_undecodable_bytes_fail_at_extraction(tmp_path):
    rng = random.Random(7)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    raw = only(list(read_file(write(tmp_path / "noise.txt", noise))))
    assert isinstance(raw, RawDocument)  # bytes without control characters pass the reader
    with pytest.raises(DecodeFailed):
        extract(raw)


def test_size_limit_and_decompression_bomb(tmp_path):
    limits = Limits(max_document_bytes=10_000, max_file_bytes=10_000)
    big = write(tmp_path / "big.txt", ("كلمة " * 5000).encode())
    bomb = write(tmp_path / "bomb.txt.gz", gzip.compress(b"a " * 5_000_000))
    assert [f.code for f in read_file(big, limits)] == ["too_large"]
    assert [f.code for f in read_file(bomb, limits)] == ["too_large"]


def test_folders_are_read_recursively_and_missing_paths_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "a.txt", ARTICLE.encode())
    write(tmp_path / "b.txt", ARTICLE.encode())
    write(tmp_path / ".hidden.txt", ARTICLE.encode())
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    assert [Path(i.source.path).name for i in items] == ["b.txt", "a.txt", "missing.txt"]
    assert items[-1].code == "not_found"


def test_standard_input(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(ARTICLE.encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    raw = only(list(read_file("-")))
    assert isinstance(raw, RawDocument) and raw.source.path == "-"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_json_lines_keep_every_line(tmp_path, encoding):
    lines = [json.dumps({"title": f"خبر {n}", "text": f"نص الخبر رقم {n} عن حلب."}, ensure_ascii=False) for n in range(3)]
    path = write(tmp_path / "feed.jsonl", ("\n".join(lines) + "\n").encode(encoding))
    items = list(read_file(path))
    assert [type(i).__name__ for i in items] == ["RawDocument"] * 3
    assert [extract(i).title for i in items] == ["خبر 0", "خبر 1", "خبر 2"]


def test_deeply_nested_json_line_fails_alone(tmp_path):
    nested = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    good = json.dumps({"text": "نص قصير عن الأخبار."}, ensure_ascii=False)
    items = list(read_file(write(tmp_path / "f.jsonl", f"{nested}\n{good}\n".encode())))
    assert [getattr(i, "code", "ok") for i in items] == ["bad_json", "ok"]


def test_utf16_json_line_past_the_limit_fails_alone(tmp_path):
    big = json.dumps({"text": "ن" * 3000}, ensure_ascii=False)  # 3,000 characters, 6,000 bytes in UTF-8
    small = json.dumps({"text": "نص قصير عن الأخبار."}, ensure_ascii=False)
    path = write(tmp_path / "f.jsonl", f"{big}\n{small}\n".encode("utf-16"))
    items = list(read_file(path, Limits(max_document_bytes=4000)))
    assert [getattr(i, "code", "ok") for i in items] == ["too_large", "ok"]
