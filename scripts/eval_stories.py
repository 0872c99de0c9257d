"""Accuracy of story decisions on tests/gold/stories/pairs.tsv, and story sizes on full days (needs ../shared).

    python scripts/eval_stories.py                       # shipped model, pair by pair, on every split
    python scripts/eval_stories.py --day 2013-02-03      # also cluster a full corpus day: sizes and speed
    python scripts/eval_stories.py --cluster             # also decide the pairs by clustering their days

Pair accuracy scores the model on each pair alone. ``--cluster`` measures what a
store does: for every day of the gold pairs it places that day and the ``window``
days before it (copies first, then stories, as ``marsad ingest`` does) and counts
a pair right when its two articles end up in the same story exactly when labelled
``same``. Analysed articles are cached in ``tmp/eval_stories-<digest>.pkl`` (ignored by git),
named after a digest of the analysis code and data.

Articles run through the date, entity and linking stages first, so entity overlap
counts as it does in a store. Choose settings on the ``dev`` split only
(``scripts/fit_stories.py``); ``test`` is held out and only reported.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import lzma
import pickle
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from marsad.analyse.dates import DateStage
from marsad.analyse.linking import LinkStage
from marsad.analyse.ner.stage import EntityStage
from marsad.corpus.copies import update_copies
from marsad.corpus.features import Featurizer, day_number, entity_ids
from marsad.corpus.similarity import Doc, article_doc, features, model
from marsad.corpus.stories import Params, update_stories
from marsad.record import Article, Source
from marsad.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
PAIRS = ROOT / "tests" / "gold" / "stories" / "pairs.tsv"
# What the analysed articles depend on: the three stages :func:`article` runs and their data
# (not the story model, which reads them, nor the statement stage, which they skip). The cache is named after a digest of these files, so a
# change to the tagger or its lists is never scored with articles analysed before it.
ANALYSIS = ("src/marsad/analyse/dates.py", "src/marsad/analyse/ner", "src/marsad/analyse/linking", "src/marsad/text",
            "src/marsad/data", "src/marsad/record.py")
# dev: fitting and calibration; test: held out; fresh: drawn and labelled after the
# model's features and settings were fixed (the test split had been looked at).
SPLITS = ("dev", "test", "fresh")


class Pair(NamedTuple):
    """One gold pair: corpus line numbers, the label, the split and the second reading's grade."""

    a: int
    b: int
    same: bool
    split: str
    grade: str

    @property
    def judged(self) -> bool:
        """Both readings agree the pair is the same story, or unrelated (the acceptance's kind of pair)."""
        return (self.same and self.grade == "same") or (not self.same and self.grade == "unrelated")


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
        pairs = [Pair(int(r["line_a"]), int(r["line_b"]), r["label"] == "same", r["split"], r["grade"])
                 for r in csv.DictReader(f, delimiter="\t")]
    need = {n for p in pairs for n in (p.a, p.b)}
    return pairs, {n: article(n, raw) for n, raw in corpus() if n in need}


def _analyse(item: tuple[int, dict[str, Any]]) -> Article:
    return article(*item)


def cache_path() -> Path:
    """``tmp/eval_stories-<digest of the analysis code and data>.pkl``."""
    digest = hashlib.blake2b(digest_size=8)
    for top in ANALYSIS:
        root = ROOT / top
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.is_file() and path.suffix != ".pyc" and path.name != "stories_model.json":
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return ROOT / "tmp" / f"eval_stories-{digest.hexdigest()}.pkl"


def analysed_days(days: set[str]) -> dict[int, Article]:
    """Analysed corpus articles of ``days`` by line number (two processes; cached on disk)."""
    from multiprocessing import Pool

    cache = cache_path()
    known: dict[int, Article] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    todo = [(n, raw) for n, raw in corpus() if raw["time"][:10] in days and n not in known]
    if todo:
        with Pool(2) as pool:
            for (n, _), analysed in zip(todo, pool.imap(_analyse, todo, chunksize=16), strict=True):
                known[n] = analysed
        cache.parent.mkdir(exist_ok=True)
        cache.write_bytes(pickle.dumps(known))
    for a in known.values():  # analysed before records had a time: the dates stage gives it now
        if not hasattr(a, "time"):
            a.time = {"value": a.published, "from": "published"} if a.published else None
    return {n: a for n, a in known.items() if (a.published or "")[:10] in days}


def pair_days(pairs: list[Pair], articles: dict[int, Article], before: int) -> set[str]:
    """The days of ``pairs`` and the ``before`` days preceding each (ISO dates)."""
    days: set[str] = set()
    for pair in pairs:
        start = date.fromisoformat((articles[pair.a].published or "")[:10])
        days.update((start - timedelta(days=k)).isoformat() for k in range(before + 1))
    return days


def place(articles: dict[int, Article], settings: list[Params],
          shuffle: str | None = None) -> list[dict[int, str | None]]:
    """For each of ``settings``, the story of each article once all are placed in one store as
    ``marsad ingest`` does (copies first, found once for every setting); in line order, or in
    an order shuffled with the seed ``shuffle`` (undated articles are placed by arrival, and a
    dump arrives in no particular order)."""
    order = sorted(articles)
    if shuffle is not None:
        random.Random(shuffle).shuffle(order)
    placed = []
    with Store(":memory:") as store:
        for n in order:
            store.add(articles[n])
        store.flush()
        update_copies(store)
        for params in settings:
            store.db.executescript("DELETE FROM story_docs; DELETE FROM story_merges; DELETE FROM stories;")
            update_stories(store, params)
            story = dict(store.db.execute("SELECT id, json_extract(record, '$.story') FROM articles"))
            placed.append({n: story[a.id] for n, a in articles.items()})
    return placed


def cluster_decisions(pairs: list[Pair], articles: dict[int, Article],
                      settings: list[Params]) -> list[dict[tuple[int, int], bool]]:
    """For each of ``settings``: whether each pair's articles share a story once their days
    (and the window before each) are placed in one store, in one run, as ``marsad ingest`` does."""
    analysed = analysed_days(pair_days(pairs, articles, int(max(p.window for p in settings))))
    return [{(p.a, p.b): story[p.a] is not None and story[p.a] == story[p.b] for p in pairs}
            for story in place(analysed, settings)]


def doc(featurizer: Featurizer, a: Article) -> Doc:
    """The story features of an analysed article, as :mod:`marsad.corpus.stories` stores them."""
    ids = entity_ids({"entities": [{"id": e.id} for e in a.entities]})
    return article_doc(featurizer, a.title or "", a.text, ids, a.published)


def rows(pairs: list[Pair], docs: dict[int, Doc]) -> tuple[list[tuple[float, ...]], list[bool]]:
    """Feature rows and labels of ``pairs``."""
    return [features(docs[p.a], docs[p.b]) for p in pairs], [p.same for p in pairs]


def accuracy(scores: list[float], labels: list[bool], threshold: float) -> float:
    """Share of pairs decided right at ``threshold``."""
    return sum((s >= threshold) == same for s, same in zip(scores, labels, strict=True)) / max(1, len(labels))


def day_run(day: str, params: Params) -> None:
    """Cluster every article of one corpus day (and the window before it): sizes and speed."""
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
    """Score the gold pairs with the shipped model, pair by pair and optionally by clustering."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--day", action="append", default=[], help="also cluster this full corpus day (YYYY-MM-DD)")
    parser.add_argument("--cluster", action="store_true", help="also decide the pairs by clustering their days")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} not found: nothing to evaluate", file=sys.stderr)
        return 0
    pairs, analysed = load()
    featurizer = Featurizer()
    docs = {n: doc(featurizer, a) for n, a in analysed.items()}
    params, fitted = Params(), model()
    decided = cluster_decisions(pairs, analysed, [params])[0] if args.cluster else {}
    for split in sorted({p.split for p in pairs}, key=SPLITS.index):
        for kind, chosen in (("all", [p for p in pairs if p.split == split]),
                             ("same-or-unrelated", [p for p in pairs if p.split == split and p.judged])):
            x, y = rows(chosen, docs)
            line = (f"{split} {kind} ({len(y)} pairs, {sum(y)} same): pair accuracy"
                    f" {accuracy([fitted.probability(r) for r in x], y, params.probability):.3f}")
            if decided:
                right = sum(decided[(p.a, p.b)] == p.same for p in chosen)
                split_apart = sum(p.same and not decided[(p.a, p.b)] for p in chosen)
                line += (f", clustering {right / max(1, len(chosen)):.3f} (same pairs split: {split_apart},"
                         f" different pairs joined: {len(chosen) - right - split_apart})")
            print(line)
    for day in args.day:
        day_run(day, params)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
