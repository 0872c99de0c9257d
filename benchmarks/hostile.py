"""What hostile inputs cost `marsad process`, against one ordinary article in the same run.

Run by hand (never in the tests):

    python benchmarks/hostile.py [--keep DIR]

Each input is generated here (nothing is downloaded or committed) and read by a
fresh `python -m marsad process` with the default pipeline; the script prints each
run's wall time, peak memory (the child's own maximum RSS, from wait4), both
relative to the baseline (a one-article text file, the peer), and the failures by
code. The issue's bar: no single input more than 10 s or 500 MB above the baseline.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

STORY = "قال مسؤول في الوزارة إن المفاوضات ستستأنف الأسبوع المقبل في مدينة سوتشي لبحث الوضع في إدلب."


def repeated_gzip(path: Path, chunk: bytes, times: int, head: bytes = b"") -> None:
    """gzip of ``head`` then ``chunk`` repeated, compressed as a stream."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    with path.open("wb") as out:
        out.write(packer.compress(head))
        for _ in range(times):
            out.write(packer.compress(chunk))
        out.write(packer.flush())


def baseline(path: Path) -> None:
    path.write_text(f"عنوان تجريبي عن إدلب\n\n{STORY}\n", encoding="utf-8")


def empty_objects(lines: int) -> Callable[[Path], None]:
    return lambda path: repeated_gzip(path, b"{}\n" * 1000, lines // 1000)


def blank_lines(path: Path) -> None:
    repeated_gzip(path, b"\n" * (1 << 20), 256)  # 256 MiB of blank lines


def tiny_elements(path: Path) -> None:
    path.write_text(f"<html><body><article><p>{STORY}</p>" + "<b>x</b>" * 900_000 + "</article></body></html>")


def surrogate_line(path: Path) -> None:
    path.write_bytes(b'{"title": "t \\ud800", "text": "' + STORY.encode() + b' \\u0000"}\n')


def cut_warc(path: Path) -> None:
    page = f"<html><body><article><p>{STORY * 5}</p></article></body></html>".encode()
    data = b""
    for number in range(31):
        block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page + str(number).encode()
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{number}>\r\n"
                f"WARC-Target-URI: https://a.example/{number}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
        data += gzip.compress(head + block + b"\r\n\r\n", mtime=0)
    path.write_bytes(data[:-200])


CASES: list[tuple[str, str, Callable[[Path], None]]] = [
    ("baseline: one text article", "one.txt", baseline),
    ("1,000,000 '{}' lines, gzip", "objects-1m.jsonl.gz", empty_objects(1_000_000)),
    ("5,000,000 '{}' lines, gzip", "objects-5m.jsonl.gz", empty_objects(5_000_000)),
    ("256 MiB of blank lines, gzip", "blank.jsonl.gz", blank_lines),
    ("900,000 tiny elements, one page", "tiny.html", tiny_elements),
    ("lone surrogate and NUL in JSON", "surrogate.jsonl", surrogate_line),
    ("WARC.gz of 31 records cut in the last", "cut.warc.gz", cut_warc),
]


def measure(path: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and the summary's failure line of one `marsad process`."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "marsad", "process", str(path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read().decode("utf-8", "replace")
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    seconds = time.perf_counter() - started
    codes = next((line for line in errors.splitlines() if line.startswith("failed by code")), "no failure")
    return seconds, usage.ru_maxrss / 1024, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="write the inputs here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="marsad-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    base_seconds = base_mb = 0.0
    warm = folder / "warm-up.txt"
    baseline(warm)
    measure(warm)  # the first run pays for cold caches: not the peer
    warm.unlink()
    print(f"{'input':40} {'bytes':>10} {'s':>6} {'x base':>7} {'MB':>6} {'+MB':>6}  failures")
    for label, name, make in CASES:
        path = folder / name
        make(path)
        seconds, mb, codes = measure(path)
        if not base_seconds:
            base_seconds, base_mb = seconds, mb
        print(f"{label:40} {path.stat().st_size:>10} {seconds:>6.1f} {seconds / base_seconds:>7.2f}"
              f" {mb:>6.0f} {mb - base_mb:>6.0f}  {codes}")
        if not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()
