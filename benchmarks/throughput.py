"""Throughput of `marsad process` on HTML and on JSON-lines text, against trafilatura alone.

Run by hand (never in the tests), on one core:

    python benchmarks/throughput.py [--rounds 5] [--jsonl-articles 2000]

HTML: the extraction gold pages and the HTML examples, as written (6-8 KB) and
with a real site's furniture added (~90 KB, the weight of real news pages), each
processed `--rounds` times by `trafilatura.extract()` alone, by marsad's extraction
and clean-up (decode, metadata, trafilatura, clean-up, language), and by marsad's
whole per-article path with every default stage, in the same run; the ratios are
marsad / trafilatura (target for extraction and clean-up: at least 0.8). JSON lines: articles of the unlabelled news corpus when
`../shared` is present (else the examples repeated) through the full engine into a
null sink (target: at least 300 articles/s).
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from pathlib import Path

import trafilatura
from news import jsonl_lines, source_name

from marsad.engines.local import process_document, run
from marsad.engines.sinks import JsonLinesSink
from marsad.extract import extract
from marsad.library import default_pipeline
from marsad.pipeline import Pipeline
from marsad.record import Source
from marsad.sources import RawDocument

ROOT = Path(__file__).resolve().parents[1]


def html_pages() -> list[bytes]:
    pages = sorted((ROOT / "tests" / "gold" / "extraction" / "pages").glob("*.html"))
    pages += sorted((ROOT / "examples").glob("*.htm*"))
    return [p.read_bytes() for p in pages]


def furnished(page: bytes) -> bytes:
    """The page with the weight of a real news site's furniture added (~100 KB).

    The gold pages are 6-8 KB skeletons; real Arabic news pages weigh 80-200 KB,
    mostly menus, "most read" lists, scripts, ads and footers. Extraction cost
    grows with that weight while marsad's clean-up does not, so both sizes are timed.
    """
    words = ["الأخبار", "السياسة", "الاقتصاد", "الرياضة", "الثقافة", "المنوعات", "التكنولوجيا", "الصحة", "العالم", "المحليات"]
    links = "".join(f'<li><a href="/section/{i}">{words[i % 10]} {words[(i * 7) % 10]} {i}</a></li>' for i in range(300))
    lists = "".join(
        '<aside class="most-read"><h3>الأكثر قراءة</h3><ol>'
        + "".join(f'<li><a href="/news/{b}{i}">{" ".join(words[(i + j) % 10] for j in range(9))}</a></li>' for i in range(20))
        + "</ol></aside>"
        for b in range(3)
    )
    scripts = "".join(
        '<script type="application/json">{"ads": [' + ",".join(f'{{"slot": {i}, "size": "300x250"}}' for i in range(60)) + "]}</script>"
        for _ in range(15)
    )
    ads = "".join(f'<div class="ad-slot" id="ad-{i}"><span>إعلان</span><iframe src="/ads/{i}"></iframe></div>' for i in range(12))
    footer = '<footer><ul class="sitemap">' + links + "</ul><p>جميع الحقوق محفوظة</p></footer>"
    block = f'<nav class="mega-menu"><ul>{links}</ul></nav>{lists}{ads}{scripts}{footer}'
    return page.replace(b"</body>", block.encode("utf-8") + b"</body>", 1)


def per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def bench_html(pages: list[bytes], rounds: int, label: str) -> None:
    pipeline = default_pipeline()
    documents = [RawDocument(body=p, kind="html", source=Source(None, None, "html"), identity=p) for p in pages]
    texts = [p.decode("utf-8", "replace") for p in pages]
    process_document(documents[0], pipeline)  # load models and tables before timing
    trafilatura.extract(texts[0])
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            trafilatura.extract(text)
    baseline = per_second(len(texts) * rounds, time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(rounds):
        for document in documents:
            extract(document)
    cleaned = per_second(len(documents) * rounds, time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(rounds):
        for document in documents:
            process_document(document, pipeline)
    ours = per_second(len(documents) * rounds, time.perf_counter() - start)
    size = sum(map(len, pages)) / len(pages) / 1024
    print(f"HTML, {label} ({len(pages)} pages of {size:.0f} KB on average, x {rounds}):")
    print(f"  trafilatura.extract() alone      {baseline:7.1f} pages/s")
    print(f"  marsad extraction and clean-up   {cleaned:7.1f} pages/s   ratio {cleaned / baseline:.2f} (target >= 0.8)")
    print(f"  marsad process, all stages       {ours:7.1f} pages/s   ratio {ours / baseline:.2f}")


def bench_jsonl(count: int) -> None:
    lines = jsonl_lines(count)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        rates = {}
        for label, pipeline in (("extraction and clean-up", Pipeline()), ("all default stages", default_pipeline())):
            start = time.perf_counter()
            summary = run([str(path)], pipeline, JsonLinesSink(io.StringIO()))
            rates[label] = per_second(summary.articles, time.perf_counter() - start)
    words = sum(len(json.loads(line)["text"].split()) for line in lines) / len(lines)
    source = source_name()
    print(f"JSON lines ({summary.articles} articles from the {source}, {words:.0f} words on average):")
    for label, rate in rates.items():
        print(f"  marsad process, {label:<24} {rate:7.0f} articles/s" + ("   (target >= 300)" if "clean" in label else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jsonl-articles", type=int, default=2000)
    args = parser.parse_args()
    pages = html_pages()
    bench_html(pages, args.rounds, "gold pages as written")
    bench_html([furnished(p) for p in pages], args.rounds, "with a real site's furniture")
    bench_jsonl(args.jsonl_articles)


if __name__ == "__main__":
    main()
