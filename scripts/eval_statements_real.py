"""Statements on real news: precision, recall, F1 and field accuracy (run by hand).

    python scripts/eval_statements_real.py --split dev [--misses]
    python scripts/eval_statements_real.py --split test
    python scripts/eval_statements_real.py --split test2   (held out: score once)

The articles are lines of ``../shared/data/unlabeled/news-2013.jsonl.xz`` named in
``tests/gold/statements_real/annotations.jsonl``, which holds only their line
numbers, a hash of their text, and the offsets of each hand-annotated statement
(README.md there says how they were chosen and annotated). Each article is made
into a record from its title, text and time and run through marsad's default
stages (entities, linking, statements...); the statements found are matched to
the gold ones by :func:`marsad.analyse.statements.evaluation.score_spans`: contents
overlapping by at least half of the shorter, or overlapping cues.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import sys
from pathlib import Path
from typing import Any

from marsad.analyse.statements.evaluation import SpanScores, score_spans
from marsad.library import default_pipeline
from marsad.pipeline import Pipeline
from marsad.record import Article, Source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
GOLD = ROOT / "tests" / "gold" / "statements_real" / "annotations.jsonl"
# A later held-out split in a file of its own, so that ``all`` (dev and test) never reaches it.
GOLD_TEST2 = ROOT / "tests" / "gold" / "statements_real" / "test2.jsonl"


def load_gold(split: str) -> list[dict[str, Any]]:
    """The annotated articles of one split (``dev``, ``test``, ``all`` of those two, or ``test2``)."""
    path = GOLD_TEST2 if split == "test2" else GOLD
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if split == "all" or row["split"] == split]


def corpus_lines(numbers: set[int]) -> dict[int, dict[str, Any]]:
    """The corpus records at the given 1-based line numbers."""
    found: dict[int, dict[str, Any]] = {}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if n in numbers:
                found[n] = json.loads(line)
                if len(found) == len(numbers):
                    break
    return found


def record(doc: dict[str, Any], line: int) -> Article:
    """A record of a corpus article, its text as the corpus gives it (title line included)."""
    return Article(
        id=f"news-2013:{line}",
        source=Source(path=str(CORPUS), format="jsonl", member=str(line)),
        text=doc["text"],
        title=doc["title"],
        lang="ar",
        site=doc["source"],
        published=doc["time"],
    )


def run(article: Article, pipeline: Pipeline) -> Article:
    """Every stage over one article, in order (a failing stage fails the evaluation)."""
    for stage in pipeline.stages:
        article = stage.process(article)
    return article


def evaluate(split: str) -> tuple[SpanScores, int]:
    """Scores over one split, and how many articles it has."""
    gold = load_gold(split)
    docs = corpus_lines({row["line"] for row in gold})
    pipeline = default_pipeline()
    scores = SpanScores()
    for row in gold:
        doc = docs[row["line"]]
        if hashlib.sha1(doc["text"].encode("utf-8")).hexdigest() != row["sha1"]:
            raise SystemExit(f"line {row['line']}: the corpus text is not the one annotated")
        article = run(record(doc, row["line"]), pipeline)
        score_spans(article.text, row["statements"], article.statements, scores, f"{row['line']}")
    return scores, len(gold)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all", "test2"), default="dev")
    parser.add_argument("--misses", action="store_true", help="list every miss, extra and wrong field")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    scores, articles = evaluate(args.split)
    if args.misses:
        print("\n".join(scores.misses))
    print(f"{args.split}: {articles} articles, {scores.gold} gold statements, {scores.found} found, {scores.matched} matched")
    for name, value in scores.summary().items():
        print(f"  {name:<10} {value:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
