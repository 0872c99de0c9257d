"""Benchmark input: JSON lines of real Arabic news when ../shared is present, else the examples."""

from __future__ import annotations

import itertools
import json
import lzma
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"


def source_name() -> str:
    return "unlabelled news corpus" if CORPUS.exists() else "examples, repeated"


def jsonl_lines(count: int) -> list[str]:
    """``count`` JSON-lines records: the first articles of the corpus, or the examples repeated."""
    if CORPUS.exists():
        with lzma.open(CORPUS, "rt", encoding="utf-8") as lines:
            items = [json.loads(line) for line in itertools.islice(lines, count)]
        return [json.dumps({"title": i["title"], "text": i["text"], "published": i["time"], "site": i["source"]},
                           ensure_ascii=False) for i in items]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    return [json.dumps({"text": f"{t}\n{n}"}, ensure_ascii=False) for n, t in zip(range(count), itertools.cycle(texts))]
