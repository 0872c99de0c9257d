"""Throughput of each default stage on its own, and a digest of the records they produce.

Run by hand (never in the tests), on one core:

    python benchmarks/stages.py [--articles 300] [--digest]

Articles of the unlabelled news corpus when `../shared` is present (else the
examples repeated) are extracted first, untimed; then every default stage runs
over all of them in pipeline order and its articles/s is printed. With
`--digest`, a sha256 of the JSON of every record's `entities` and `statements`
after the whole pipeline is printed too: equal digests before and after a change
show that the change left the records as they were. Compare digests under one
fixed `PYTHONHASHSEED` (e.g. `PYTHONHASHSEED=0`): some statements still vary with
Python's string-hash seed from one run to the next.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from news import jsonl_lines, source_name

from marsad.engines.local import run_stages
from marsad.extract import extract
from marsad.library import default_pipeline
from marsad.pipeline import Stage
from marsad.record import Article, ErrorNote
from marsad.sources import RawDocument
from marsad.sources.files import read_file


def articles(count: int) -> list[Article]:
    """``count`` extracted articles (no stage run yet)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_text("\n".join(jsonl_lines(count)) + "\n", encoding="utf-8")
        raws = [item for item in read_file(str(path)) if isinstance(item, RawDocument)]
    return [extract(raw) for raw in raws]


def run_stage(stage: Stage, article: Article) -> Article:
    """One stage over one article, an error noted as the engine notes it."""
    try:
        return stage.process(article)
    except Exception as e:  # noqa: BLE001 - counted and reported, as in a run
        article.errors.append(ErrorNote(stage.name, "stage_failed", f"{type(e).__name__}: {e}"))
        return article


def digest(records: list[Article]) -> str:
    """sha256 of the entities and statements of every record, in order."""
    payload = [{"entities": [asdict(e) for e in a.entities], "statements": a.statements} for a in records]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--digest", action="store_true", help="print a sha256 of every record's entities and statements")
    args = parser.parse_args()
    records = articles(args.articles)
    pipeline = default_pipeline()
    run_stages(copy.deepcopy(records[0]), pipeline)  # load models and tables before timing
    words = sum(len(a.text.split()) for a in records) / len(records)
    print(f"{len(records)} articles from the {source_name()}, {words:.0f} words on average:")
    total = 0.0
    for stage in pipeline.stages:
        start = time.perf_counter()
        for i, article in enumerate(records):
            records[i] = run_stage(stage, article)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"  {stage.name:<12} {len(records) / seconds:8.0f} articles/s")
    print(f"  {'all stages':<12} {len(records) / total:8.0f} articles/s")
    errors = sum(len(a.errors) for a in records)
    if errors:
        print(f"  stage errors: {errors}")
    if args.digest:
        print(f"digest {digest(records)}")


if __name__ == "__main__":
    main()
