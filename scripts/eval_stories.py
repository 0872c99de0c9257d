"""Accuracy of story decisions on tests/gold/stories/pairs.tsv, and story sizes on full days (needs ../shared).

    python scripts/eval_stories.py                       # shipped model on dev and test; the former blend
    python scripts/eval_stories.py --day 2013-02-03      # also cluster a full corpus day: sizes and speed

Articles run through the date, entity and linking stages first, so entity overlap
counts as it does in a store. Choose settings on the ``dev`` split only
(``scripts/fit_stories.py``); ``test`` is held out and only reported.
"""

from __future__ import annotations

import argparse
import csv
import json
import lzma
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sample_story_pairs import similarity

from marsad.analyse.dates import DateStage
from marsad.analyse.linking import LinkStage
from marsad.analyse.ner.stage import EntityStage
from marsad.corpus.features import Featurizer, day_number, entity_ids
from marsad.corpus.similarity import Doc, features, model
from marsad.corpus.stories import Params
from marsad.record import Article, Source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
PAIRS = ROOT / "tests" / "gold" / "stories" / "pairs.tsv"
THRESHOLDS = [x / 100 for x in range(6, 42, 2)]

Pair = tuple[int, int, bool, str]


def corpus() -> Iterator[tuple[int, dict[str, Any]]]:
    """Line numbers and records of the corpus."""
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            yield n, json.loads(line)


def article(n: int, raw: dict[str, Any]) -> Article:
    """A corpus line as an analysed article (dates, entities, linked ids)."""
    a = Article(id=f"line-{n}", source=Source(path=str(n)), text=raw["text"], title=raw["title"],
                site=raw["source"], published=raw["time"])
    for stage in (DateStage(), EntityStage(), LinkStage()):
        a = stage.process(a)
    return a


def load() -> tuple[list[Pair], dict[int, Article]]:
    """The gold pairs and the analysed corpus articles they name."""
    with PAIRS.open(encoding="utf-8") as f:
        pairs = [(int(r["line_a"]), int(r["line_b"]), r["label"] == "same", r["split"])
                 for r in csv.DictReader(f, delimiter="\t")]
    need = {n for a, b, _, _ in pairs for n in (a, b)}
    return pairs, {n: article(n, raw) for n, raw in corpus() if n in need}


def doc(featurizer: Featurizer, a: Article) -> Doc:
    """The story features of an analysed article, as :mod:`marsad.corpus.stories` stores them."""
    ids = entity_ids({"entities": [{"id": e.id} for e in a.entities]})
    return Doc(featurizer.vector(f"{a.title or ''}\n{a.text}"), featurizer.vector(a.title or ""), tuple(ids),
               day_number(a.published))


def rows(pairs: list[Pair], docs: dict[int, Doc], split: str) -> tuple[list[tuple[float, ...]], list[bool]]:
    """Feature rows and labels of one split."""
    chosen = [p for p in pairs if p[3] == split]
    return [features(docs[a], docs[b]) for a, b, _, _ in chosen], [same for _, _, same, _ in chosen]


def accuracy(scores: list[float], labels: list[bool], threshold: float) -> float:
    """Share of pairs decided right at ``threshold``."""
    return sum((s >= threshold) == same for s, same in zip(scores, labels, strict=True)) / max(1, len(labels))


def day_run(day: str, params: Params) -> None:
    """Cluster every article of one corpus day (and the window before it): sizes and speed."""
    from marsad.corpus.stories import update_stories
    from marsad.store import Store

    before = day_number(day + "T00:00:00") or 0.0
    raws = [(n, r) for n, r in corpus() if 0 <= before - (day_number(r["time"]) or 0.0) <= params.window - 1
            or r["time"][:10] == day]
    start = time.perf_counter()
    articles = [article(n, r) for n, r in raws]
    analysed = time.perf_counter() - start
    with Store(":memory:") as store:
        for a in articles:
            store.add(a)
        store.flush()
        start = time.perf_counter()
        update_stories(store, params)
        took = time.perf_counter() - start
        sizes = [n for (n,) in store.db.execute(
            "SELECT count(*) FROM story_docs d JOIN articles a ON a.rowid = d.article"
            " WHERE substr(a.published, 1, 10) = ? GROUP BY d.story_group ORDER BY 1 DESC", (day,))]
    print(f"day {day}: {sum(sizes)} articles ({len(articles)} with the days before), analysis {len(articles) / analysed:.0f}/s,"
          f" stories {len(articles) / took:.0f} articles/s; largest stories {sizes[:5]}, {len(sizes)} stories,"
          f" {sum(1 for s in sizes if s > 1)} with 2+ articles")


def main() -> int:
    """Score the gold pairs with the shipped model and the former blend; optionally cluster days."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--day", action="append", default=[], help="also cluster this full corpus day (YYYY-MM-DD)")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} not found: nothing to evaluate", file=sys.stderr)
        return 0
    pairs, analysed = load()
    featurizer = Featurizer()
    docs = {n: doc(featurizer, a) for n, a in analysed.items()}
    params, fitted = Params(), model()
    for split in ("dev", "test"):
        x, y = rows(pairs, docs, split)
        print(f"{split} ({len(y)} pairs, {sum(y)} same): model accuracy {accuracy([fitted.probability(r) for r in x], y, params.probability):.3f}"
              f" at p >= {params.probability}")
    legacy = {n: (d.body, d.head, list(d.entities)) for n, d in docs.items()}
    scores = {s: ([similarity(legacy[a], legacy[b]) for a, b, _, sp in pairs if sp == s],
                  [same for _, _, same, sp in pairs if sp == s]) for s in ("dev", "test")}
    acc, neg = max((accuracy(*scores["dev"], t), -t) for t in THRESHOLDS)
    print(f"former blend (full vectors, entities): dev {acc:.3f} at {-neg:.2f}, test {accuracy(*scores['test'], -neg):.3f}")
    for day in args.day:
        day_run(day, params)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
