"""Hostile input: every bad file costs one coded error, never the batch, the memory or the machine.

Everything here is built from code: bombs, cut archives, FIFOs, links and broken
text are generated in temporary folders, never committed.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from marsad.cli import app
from marsad.engines import local
from marsad.engines.local import run
from marsad.engines.sinks import ListSink, StoreSink
from marsad.errors import MarsadError, TooLarge
from marsad.extract import extract
from marsad.pipeline import KEPT_FAILURES, Pipeline
from marsad.record import Article, Source
from marsad.sources import Failure, Limits, RawDocument, read_file, read_paths
from marsad.sources.files import expand
from marsad.sources.valid import valid_text
from marsad.store import Store

STORY = "قال مسؤول في الوزارة إن المفاوضات ستستأنف الأسبوع المقبل في مدينة سوتشي لبحث الوضع في إدلب."
TEXT = f"عنوان تجريبي عن إدلب\n\n{STORY}\n"
PAGE = (
    "<html><head><title>وفد تركي يزور موسكو</title></head><body><article><h1>وفد تركي يزور موسكو</h1>"
    f"<p>{STORY * 4}</p><p>{STORY * 3}</p></article></body></html>"
)


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def codes(items: list[RawDocument | Failure]) -> list[str]:
    return [item.code if isinstance(item, Failure) else "doc" for item in items]


def line(**fields: object) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode() + b"\n"


def warc(records: list[tuple[str, bytes]]) -> bytes:
    """A WARC.gz written by hand: one gzip member per HTML response record."""
    out = b""
    for number, (url, body) in enumerate(records):
        block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
        head = (
            f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
            f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-11-27T10:00:00Z\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
        ).encode()
        out += gzip.compress(head + block + b"\r\n\r\n", mtime=0)
    return out


def gzip_of_repeats(chunk: bytes, times: int, head: bytes = b"") -> bytes:
    """gzip of ``head`` then ``chunk`` ``times`` times, compressed as a stream (no large buffer)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    out = [packer.compress(head)]
    out += [packer.compress(chunk) for _ in range(times)]
    return b"".join(out) + packer.flush()


# -- 1. one repair for invalid text, from every reader ------------------------------------


def test_valid_text_repairs_surrogates_nul_and_controls_and_keeps_line_structure():
    text, changed = valid_text("a\ud800b\x00c\x07d\te\nf\rg\x0bh\x0ci\x85j\x9f")
    assert text == "a\ufffdbcd\te\nf\rg\nh\ni\nj" and changed == 7
    assert valid_text("نص سليم\tمع\nسطور") == ("نص سليم\tمع\nسطور", 0)


def test_lone_surrogate_and_nul_in_json_lines_are_repaired_and_noted(tmp_path):
    feed = write(tmp_path / "feed.jsonl", b'{"title": "t \\ud800", "text": "' + STORY.encode() + b' \\udfff"}\n'
                 + b'{"title": "a\\u0000b", "text": "' + STORY.encode() + b'\\u0000"}\n')
    articles = [extract(item) for item in read_file(feed) if isinstance(item, RawDocument)]
    assert [a.title for a in articles] == ["t \ufffd", "ab"]
    assert all("\x00" not in a.text and a.to_json().encode("utf-8") for a in articles)
    assert [[n.code for n in a.errors] for a in articles] == [["invalid_text"], ["invalid_text"]]


def test_nul_past_the_sniffed_head_of_a_text_file_and_an_html_page(tmp_path):
    text = write(tmp_path / "a.txt", (TEXT * 200).encode() + b"\x00\x01" + STORY.encode())
    page = write(tmp_path / "b.html", PAGE.replace("</article>", f"<p>{STORY}</p>" * 60 + "\x00</article>").encode())
    for name in (text, page):
        (raw,) = list(read_file(name))
        article = extract(raw)
        assert "\x00" not in article.text and "invalid_text" in [n.code for n in article.errors]


def test_a_bad_document_never_stops_the_store_or_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "1.jsonl", b'{"title": "t \\ud800", "text": "x \\ud800 ' + STORY.encode() + b'"}\n')
    write(folder / "2.txt", TEXT.encode())
    with Store(str(tmp_path / "s.db")) as store:
        summary = run([str(folder)], Pipeline(), StoreSink(store))
        assert (summary.articles, summary.failed) == (2, 0)
        assert store.count() == 2
        stored = [a.title for a in store.articles()]
    assert stored[0] == "t \ufffd"


def test_process_prints_valid_json_for_a_surrogate_line(tmp_path):
    feed = write(tmp_path / "feed.jsonl", b'{"title": "t \\ud800", "text": "' + STORY.encode() + b'"}\n')
    result = CliRunner().invoke(app, ["process", feed, str(tmp_path / "missing.txt")])
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert result.exit_code == 1 and [r["title"] for r in records] == ["t \ufffd"]


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes")
def test_a_file_name_that_is_not_utf8_is_read_and_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"\xff\xfe.txt"), "wb") as handle:
            handle.write(TEXT.encode())
    except OSError:
        pytest.skip("the file system refuses the name")
    with Store(str(tmp_path / "s.db")) as store:
        summary = run([str(folder)], Pipeline(), StoreSink(store))
        assert summary.articles == 1 and summary.failed == 0
        (article,) = store.articles()
    assert article.source.path and article.source.path.endswith("\ufffd\ufffd.txt")


# -- 2. bounded failure accounting --------------------------------------------------------


def test_a_files_failures_past_the_bound_become_one_counted_entry(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "LISTED_FAILURES", 20)
    feed = write(tmp_path / "bad.jsonl.gz", gzip.compress(b"{}\n" * 150 + b"[1]\n" * 30 + line(text=STORY)))
    other = write(tmp_path / "other.jsonl", b"{}\n" * 3)
    with Store(str(tmp_path / "s.db")) as store:
        summary = run([feed, other], Pipeline(), StoreSink(store))
        rows = store.errors()
    assert summary.failed == 183 and summary.failures_by_code() == {"bad_json": 183}
    assert summary.articles == 1
    first = [r for r in rows if r["path"].endswith("bad.jsonl.gz")]
    assert len(first) == 21 and [r["member"] for r in first[:20]] == [str(n) for n in range(1, 21)]
    assert first[-1]["member"] is None and first[-1]["message"].startswith("160 more documents")
    assert len([r for r in rows if r["path"].endswith("other.jsonl")]) == 3


def test_the_run_summary_keeps_a_bounded_list_and_counts_everything(tmp_path):
    feed = write(tmp_path / "bad.jsonl.gz", gzip.compress(b"{}\n" * (KEPT_FAILURES + 500)))
    summary = run([feed], Pipeline(), ListSink())
    assert summary.failed == KEPT_FAILURES + 500 and len(summary.failures) == KEPT_FAILURES
    assert summary.to_dict()["failed_by_code"] == {"bad_json": KEPT_FAILURES + 500}


def test_the_store_writes_errors_in_batches(tmp_path):
    with Store(str(tmp_path / "s.db"), batch_size=10) as store:
        for number in range(25):
            store.add_error(None, str(number), None, "read", "bad_json", "not JSON")
        assert len(store.errors()) == 20  # two batches written before any input ended
    with Store(str(tmp_path / "s.db")) as store:
        assert len(store.errors()) == 25


# -- 3. decompressed-size caps for every format --------------------------------------------


def test_a_json_lines_gzip_of_blank_lines_stops_quickly_as_too_large(tmp_path):
    bomb = write(tmp_path / "blank.jsonl.gz", gzip_of_repeats(b"\n" * (1 << 20), 64, head=line(text=STORY)))
    assert len(Path(bomb).read_bytes()) < 200_000
    items = list(read_file(bomb))
    assert codes(items) == ["doc", "too_large"]
    assert "compression bomb" in items[-1].error.message


@pytest.mark.parametrize("pack", [gzip.compress, lzma.compress, bz2.compress])
def test_every_compression_and_format_is_capped(tmp_path, pack):
    limits = Limits(max_document_bytes=100_000, max_file_bytes=100_000)
    repeated = (line(text=STORY) * 5_000, b"WARC/1.0\r\n" + b" " * 1_500_000, b"<html><p>" + b"a " * 750_000)
    for number, data in enumerate(repeated):
        name = write(tmp_path / f"bomb{number}", pack(data))
        assert codes(list(read_file(name, limits)))[-1] == "too_large", number


def test_the_absolute_cap_holds_whatever_the_ratio(tmp_path):
    lines = b"".join(line(text=f"{STORY} {n}") for n in range(3000))
    name = write(tmp_path / "feed.jsonl.gz", gzip.compress(lines))
    assert codes(list(read_file(name))).count("doc") == 3000
    capped = codes(list(read_file(name, Limits(max_unpacked_bytes=200_000))))
    assert capped[-1] == "too_large" and 0 < capped.count("doc") < 3000


def test_blank_runs_keep_line_numbers(tmp_path):
    data = line(text=STORY) + b"\n" * 70_000 + b"  \r\n" + line(text=STORY) + b"\n\n" + line(text=STORY)
    assert [item.source.member for item in read_file(write(tmp_path / "feed.jsonl", data))] == ["1", "70003", "70006"]


def test_a_gzip_of_nothing_but_blank_lines_is_too_large(tmp_path):
    bomb = write(tmp_path / "blank.gz", gzip_of_repeats(b"\n" * (1 << 20), 64))
    assert codes(list(read_file(bomb))) == ["too_large"]


# -- 4. a structural cap per HTML page -------------------------------------------------------


def test_a_page_of_too_many_tiny_elements_is_too_large_before_parsing():
    html = "<html><body><article><p>" + STORY + "</p>" + "<b>x</b>" * 150_000 + "</article></body></html>"
    raw = RawDocument(body=html.encode(), kind="html", source=Source("p.html", None, "html"), identity=b"p")
    started = time.process_time()
    with pytest.raises(TooLarge, match="elements"):
        extract(raw)
    assert time.process_time() - started < 5  # generous: parsing and extracting it take far longer


def test_element_and_depth_limits_are_configurable():
    raw = RawDocument(body=PAGE.encode(), kind="html", source=Source("p.html", None, "html"), identity=b"p")
    assert "سوتشي" in extract(raw).text
    with pytest.raises(TooLarge):
        extract(raw, Limits(max_elements=5))
    with pytest.raises(TooLarge, match="deep"):
        extract(raw, Limits(max_depth=3))
    deep = "<html><body>" + "<div>" * 230 + f"<p>{STORY}</p>" + "</div>" * 230 + "</body></html>"
    deep_raw = RawDocument(body=deep.encode(), kind="html", source=Source("d.html", None, "html"), identity=b"d")
    with pytest.raises(TooLarge, match="deep"):
        extract(deep_raw)


# -- 5. workers die with their parent ----------------------------------------------------------

CHILD = """
import sys, time
from marsad.engines.pool import ordered_map
for _ in ordered_map(time.sleep, [600] * 8, 2, lambda item: None):
    pass
"""


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != b"Z":
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                if stat.read().rsplit(b")", 1)[1].split()[0] != b"Z":
                    alive.append(pid)
        except OSError:
            pass
    return alive


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
@pytest.mark.timeout(120)
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_pool_workers_and_forkserver_end_with_their_parent(sig):
    parent = subprocess.Popen([sys.executable, "-c", CHILD])
    try:
        deadline = time.monotonic() + 60
        while len(_descendants(parent.pid)) < 3 and time.monotonic() < deadline:  # forkserver, 2 workers
            time.sleep(0.05)
        family = _descendants(parent.pid)
        assert len(family) >= 3
    finally:
        parent.send_signal(sig)
        parent.wait()
    deadline = time.monotonic() + 30
    while _alive(family) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _alive(family)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


# -- 6. a one-line wire flash ---------------------------------------------------------------------


def test_a_one_line_json_flash_is_kept_like_the_same_line_as_text(tmp_path):
    flash = "عاجل: زلزال بقوة ست درجات يضرب جنوب تركيا"
    (raw,) = list(read_file(write(tmp_path / "f.jsonl", line(title=flash, text=flash))))
    (txt,) = list(read_file(write(tmp_path / "f.txt", flash.encode())))
    assert extract(raw).text == extract(txt).text == flash
    assert extract(raw).title == flash


# -- 7. regular files only; links that leave the folder ---------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.timeout(30)
def test_a_fifo_on_the_command_line_or_in_a_folder_fails_without_blocking(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.jsonl")
    write(folder / "a.txt", TEXT.encode())
    named = list(read_paths([folder / "pipe.jsonl"]))
    walked = list(read_paths([folder]))
    assert codes(named) == ["special_file"] and "FIFO" in named[0].error.message
    assert codes(walked) == ["doc", "special_file"]
    assert codes(list(read_paths(["/dev/null"]))) == ["special_file"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_links_leaving_an_input_folder_are_refused_unless_asked_for(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    write(outside / "secret.txt", TEXT.encode())
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write(folder / "sub" / "own.txt", TEXT.encode())
    os.symlink(outside / "secret.txt", folder / "leak.txt")
    os.symlink(outside, folder / "leakdir")
    os.symlink(folder / "sub" / "own.txt", folder / "inner.txt")
    os.symlink(folder, folder / "sub" / "loop")
    os.symlink(folder / "sub", folder / "again")
    os.symlink(outside, outside / "back")
    refused = list(read_paths([folder]))
    assert [(Path(i.source.path).name, codes([i])[0]) for i in refused] == [
        ("inner.txt", "doc"), ("leak.txt", "link_outside"), ("leakdir", "link_outside"), ("own.txt", "doc")]
    followed = [Path(p).name for p in expand([folder], follow_links=True)]
    assert sorted(followed) == ["inner.txt", "leak.txt", "own.txt", "secret.txt"]
    assert codes(list(read_paths([folder / "leak.txt"]))) == ["doc"]  # named on the command line


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_refused_link_is_not_remembered_so_following_it_later_reads_it(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(TEXT.encode())
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(outside, folder / "leak.txt")
    with Store(str(tmp_path / "s.db")) as store:
        first = run([str(folder)], Pipeline(), StoreSink(store))
        second = run([str(folder)], Pipeline(), StoreSink(store), Limits(follow_links=True))
    assert (first.articles, first.failures_by_code()) == (0, {"link_outside": 1})
    assert (second.articles, second.failed, second.skipped_inputs) == (1, 0, 0)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_the_ray_planner_never_cuts_a_refused_link_into_byte_ranges(tmp_path):
    from marsad.engines.ray import Shard, plan

    (tmp_path / "big.jsonl").write_bytes(line(text=STORY) * 50)
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(tmp_path / "big.jsonl", folder / "big.jsonl")
    (link,) = expand([folder])
    assert plan(link, shard_bytes=100) == [Shard(link)]
    assert codes(list(read_file(plan(link, shard_bytes=100)[0].path))) == ["link_outside"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_the_command_line_refuses_or_follows_links(tmp_path):
    (tmp_path / "outside.txt").write_bytes(TEXT.encode())
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(tmp_path / "outside.txt", folder / "leak.txt")
    refused = CliRunner().invoke(app, ["process", str(folder)])
    followed = CliRunner().invoke(app, ["process", str(folder), "--follow-links"])
    assert refused.exit_code == 2 and "link_outside" in refused.stderr and not refused.stdout
    assert followed.exit_code == 0 and len(followed.stdout.splitlines()) == 1


# -- 8. a cut WARC.gz keeps every complete record ------------------------------------------------------


def test_a_cut_warc_gz_keeps_every_record_before_the_cut(tmp_path):
    records = [(f"https://a.example/{n}", (PAGE + f"<!-- {n} -->").encode() * 3) for n in range(31)]
    data = warc(records)
    items = list(read_file(write(tmp_path / "cut.warc.gz", data[:-200])))
    assert codes(items) == ["doc"] * 30 + ["truncated"]
    assert [i.source.url for i in items[:30]] == [url for url, _ in records[:30]]


def test_a_cut_json_lines_gzip_keeps_the_lines_before_the_cut(tmp_path):
    data = gzip.compress(b"".join(line(text=f"{STORY} {n}") for n in range(400)))
    got = codes(list(read_file(write(tmp_path / "cut.jsonl.gz", data[: len(data) * 3 // 4]))))
    assert got[-1] == "truncated" and got.count("doc") > 250
    assert set(got[:-1]) <= {"doc", "bad_json"}  # the line the cut falls in, if any, fails alone


# -- 9. what already held -------------------------------------------------------------------------------


@pytest.mark.parametrize("pack", [gzip.compress, lzma.compress, bz2.compress])
def test_single_document_bombs_stay_capped(tmp_path, pack):
    name = write(tmp_path / "bomb.txt.z", pack(b"a " * 1_500_000))
    limits = Limits(max_document_bytes=1_000_000, max_file_bytes=1_000_000, max_ratio=1e9)  # the size cap alone
    assert codes(list(read_file(name, limits))) == ["too_large"]


# -- 10. fuzzing each reader ------------------------------------------------------------------------------

_HEADS = [b"", b"WARC/1.0\r\n", b"{", b'{"text": "', b"<html><body><p>", b"\xef\xbb\xbf", b"\xff\xfe", b"<?xml ", b"\x1f\x8b\x08\x00"]
_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_all(data: bytes, name: str) -> list[Article | Failure]:
    """Read and extract ``data`` as a file: only coded errors may come out, and every record encodes."""
    out: list[Article | Failure] = []
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        limits = Limits(max_document_bytes=20_000, max_file_bytes=20_000)
        for item in read_file(path, limits):
            if isinstance(item, Failure):
                assert isinstance(item.error, MarsadError)
                out.append(item)
                continue
            try:
                article = extract(item, limits)
            except MarsadError:
                continue
            article.to_json().encode("utf-8")  # the store and stdout encode it: it must be valid
            out.append(article)
    return out


@_FUZZ
@given(head=st.sampled_from(_HEADS), body=st.binary(max_size=600), name=st.sampled_from(["x", "x.html", "x.jsonl", "x.warc"]))
def test_fuzz_arbitrary_bytes_into_every_reader(head, body, name):
    _read_all(head + body, name)


@_FUZZ
@given(head=st.sampled_from(_HEADS[:5]), body=st.binary(max_size=400), pack=st.sampled_from([gzip.compress, bz2.compress, lzma.compress]),
       cut=st.integers(min_value=0, max_value=64))
def test_fuzz_compressed_and_cut_streams(head, body, pack, cut):
    data = pack(head + body)
    _read_all(data[: max(len(data) - cut, 2)], "x.gz")


@_FUZZ
@given(fields=st.dictionaries(st.sampled_from(["title", "text", "html", "url", "published", "site", "outlet"]),
                              st.text(max_size=80), min_size=1))
def test_fuzz_json_lines_of_arbitrary_text_surrogates_included(fields):
    data = json.dumps(fields, ensure_ascii=True).encode() + b"\n" + json.dumps(fields, ensure_ascii=True).encode()
    _read_all(data, "x.jsonl")


@_FUZZ
@given(text=st.text(max_size=300))
def test_fuzz_arbitrary_text_through_extraction(text):
    for kind in ("text", "html"):
        raw = RawDocument(body=text, kind=kind, source=Source("-", None, kind), identity=text.encode("utf-8", "surrogatepass"))
        try:
            article = extract(raw)
        except MarsadError:
            continue
        article.to_json().encode("utf-8")


@_FUZZ
@given(records=st.lists(st.tuples(st.binary(max_size=200), st.sampled_from(["text/html", "text/plain", "image/png"])), max_size=4),
       cut=st.integers(min_value=0, max_value=300))
def test_fuzz_warc_records(records, cut):
    data = b""
    for number, (body, kind) in enumerate(records):
        block = f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n\r\n".encode() + body
        data += (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{number}>\r\n"
                 f"Content-Length: {len(block)}\r\n\r\n").encode() + block + b"\r\n\r\n"
    for packed in (data, gzip.compress(data)):
        _read_all(packed[: max(len(packed) - cut, 0)] or b"WARC/1.0\r\n", "x.warc")
