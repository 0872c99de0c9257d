"""A million articles in one store: ingest rate over time, disk, search latency, corpus update, memory.

Run by hand (never in the tests); each figure is printed as it is measured:

    nice -n 10 python benchmarks/million.py --minutes 70      # up to 1,000,000; no block starts after 70 min
    python benchmarks/million.py --n 20000 --block 5000       # a trial run
    python benchmarks/million.py --folder /tmp/m --keep       # keep the store, then measure it again:
    python benchmarks/million.py --store /tmp/m/million.db --entities Q79 Q1025

A million articles take hours on a laptop core (the README says how many); ``--minutes``
stops the build where time runs out and measures the store it holds.

What is written, and how. The full analysis pipeline runs at tens of articles/s
per core, so a million articles through it would take hours. The benchmark
therefore splits "ingest" in two and measures each part:

1. *Analysis, once*: ``--sample`` articles (default 2,000) drawn by
   ``memory.py``'s generator (lexicon words by frequency, clitics, new words,
   registry people, organisations and cities) go through ``marsad.process``
   with every default stage. Its rate is printed: the full pipeline's rate,
   from which the reader can extrapolate the analysis time of N articles.
2. *The store's write path, N times*: each stored article is a *variant* of one
   analysed record. Every word outside its annotations (entity mentions, dates,
   points, statement speakers and cues) is replaced by a lexicon word *of the
   same length*, drawn by its count (one in a hundred a new made-up word), so
   every annotation offset still holds (``text[start:end]`` is re-read for
   statement contents) while the text, the words FTS5 indexes and the shingles
   copies are found by are the variant's own. The title is drawn afresh; ids,
   URLs and dates (300 articles a day, in order) are new. About 3 in 100 articles
   are republished copies of a recent one (same text, another site), so copies
   are found as a crawl finds them. Entities and statements repeat with their
   record: an entity named in one analysed article appears in N / sample stored ones.

The articles go in through :class:`marsad.store.Store` (``add``/``flush``: the
upsert, FTS5 row, mentions and statements rows of a real ingest), ``--block``
at a time, each block followed by :func:`marsad.corpus.update_corpus` (copies,
then stories), as one ``marsad ingest`` run per block would. Per block it prints
the write rate, the corpus update's rate and the RSS. At the end: disk per
article (database, WAL, and each table's share from ``dbstat``), search latency
(p50/p95) through the functions the API serves (``find_articles`` for
``/api/articles``, ``search_collapsed`` for ``/api/search``) for rare, middling
and frequent words with and without an entity filter, the query shapes one
would take instead where a query is slow, the copy and story update time of
1,000 new articles, and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import os
import random
import re
import sqlite3
import statistics
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import memory
from synthetic import OUTLETS

import marsad
from marsad.corpus import update_corpus
from marsad.corpus.copies import update_copies
from marsad.corpus.stories import update_stories
from marsad.library import default_pipeline
from marsad.record import Article, Source
from marsad.store.articles import find_articles
from marsad.store.reader_search import search_collapsed
from marsad.store.search import index_form, parse_query

WORD = re.compile(r"\w+")
PER_DAY = 300
COPY_SHARE = 0.03
NEW_WORD_SHARE = 0.01


# -- the analysed sample --------------------------------------------------------------------------
def analysed_sample(count: int, seed: int, folder: Path) -> list[Article]:
    """``count`` articles of ``memory.py``'s generator through every default stage; prints the rate."""
    path = folder / "sample.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for item in memory.articles(count, seed):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    start = time.perf_counter()
    records = list(marsad.process(path, default_pipeline()))
    seconds = time.perf_counter() - start
    print(f"full pipeline (every default stage, no store) on {len(records):,} articles: {seconds:.0f} s, "
          f"{len(records) / seconds:.1f} articles/s on one core", flush=True)
    return records


# -- variants of the analysed records --------------------------------------------------------------
class SameLengthWords:
    """Lexicon words grouped by length, drawn by their counts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        words, cumulative = memory._lexicon()
        by_length: dict[int, list[tuple[str, int]]] = {}
        previous = 0
        for word, total in zip(words, cumulative, strict=True):
            by_length.setdefault(len(word), []).append((word, total - previous))
            previous = total
        self.words = {n: [w for w, _ in pairs] for n, pairs in by_length.items()}
        self.cumulative = {n: list(itertools.accumulate(c for _, c in pairs)) for n, pairs in by_length.items()}
        self.lengths = sorted(self.words)
        self.all_words, self.all_cumulative = words, cumulative

    def draw(self, length: int) -> str:
        """A word of exactly ``length`` characters: from the lexicon, or one in a hundred made up."""
        rng = self.rng
        if rng.random() < NEW_WORD_SHARE or length not in self.words:
            return "".join(rng.choice(memory.CONSONANTS) for _ in range(length))
        cumulative = self.cumulative[length]
        return self.words[length][bisect.bisect(cumulative, rng.random() * cumulative[-1])]

    def any(self) -> str:
        """A word of any length, by its count (for titles)."""
        return self.all_words[bisect.bisect(self.all_cumulative, self.rng.random() * self.all_cumulative[-1])]


@dataclass(frozen=True)
class Template:
    """An analysed record cut into fixed pieces (annotations, spaces, punctuation) and word lengths to redraw."""

    record: Article
    fixed: tuple[str, ...]  # len(lengths) + 1 pieces, around the words to redraw
    lengths: tuple[int, ...]


def _kept_spans(article: Article) -> list[tuple[int, int]]:
    """Spans whose text stays as analysed: mentions, dates, points, statement speakers and cues."""
    spans = [(e.start, e.end) for e in article.entities]
    spans += [(d.start, d.end) for d in article.dates] + [(p.start, p.end) for p in article.points]
    for statement in article.statements:
        for part in ("speaker", "cue"):
            span = statement.get(part)
            if isinstance(span, dict) and "start" in span:
                spans.append((int(span["start"]), int(span["end"])))
    return spans


def template(article: Article) -> Template:
    """Cut ``article`` into the pieces :class:`Variants` redraws."""
    kept = bytearray(len(article.text))
    for start, end in _kept_spans(article):
        kept[start:end] = b"\x01" * (end - start)
    fixed, lengths, last = [], [], 0
    for match in WORD.finditer(article.text):
        start, end = match.span()
        if any(kept[start:end]):
            continue
        fixed.append(article.text[last:start])
        lengths.append(end - start)
        last = end
    fixed.append(article.text[last:])
    return Template(article, tuple(fixed), tuple(lengths))


def _reread(value: Any, text: str) -> Any:
    """``value`` (a statement) with every ``{"start", "end", "text"}`` span's text read from ``text``."""
    if isinstance(value, dict):
        out = {k: _reread(v, text) for k, v in value.items()}
        if isinstance(out.get("start"), int) and isinstance(out.get("end"), int) and "text" in out:
            out["text"] = text[out["start"]:out["end"]]
        return out
    if isinstance(value, list):
        return [_reread(v, text) for v in value]
    return value


class Variants:
    """Stored articles made from analysed records (see the module docstring), in time order."""

    def __init__(self, records: list[Article], seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = SameLengthWords(self.rng)
        self.templates = [template(r) for r in records]
        self.recent: deque[Article] = deque(maxlen=2000)
        self.start = date(2016, 1, 1)

    def article(self, number: int) -> Article:
        rng = self.rng
        day = (self.start + timedelta(days=number // PER_DAY)).isoformat()
        url = f"https://news.example/m/{number}"
        ident = hashlib.blake2b(url.encode(), digest_size=8).hexdigest()
        source = Source(path="million.jsonl", url=url, format="jsonl", member=str(number + 1))
        if self.recent and rng.random() < COPY_SHARE:  # a republished copy of a recent article
            original = rng.choice(self.recent)
            return replace(original, id=ident, source=source, site=rng.choice(OUTLETS), published=day,
                           time={"value": day, "from": "published"})
        shape = self.templates[number % len(self.templates)]
        draw = self.words.draw
        pieces = [shape.fixed[0]]
        for length, after in zip(shape.lengths, shape.fixed[1:], strict=True):
            pieces += [draw(length), after]
        text = "".join(pieces)
        title = " ".join(self.words.any() for _ in range(rng.randint(5, 9)))
        variant = replace(shape.record, id=ident, source=source, title=title, text=text, site=rng.choice(OUTLETS),
                          published=day, time={"value": day, "from": "published"},
                          statements=[_reread(s, text) for s in shape.record.statements])
        self.recent.append(variant)
        return variant


# -- measuring ---------------------------------------------------------------------------------------
def rss() -> str:
    now, peak = memory.memory_mb()
    return f"RSS {now:,.0f} MB (peak {peak:,.0f})"


def disk(path: str, articles: int) -> None:
    """Bytes per article of the database, its WAL, and each table's share (``dbstat``)."""
    files = {suffix or "db": os.path.getsize(path + suffix) for suffix in ("", "-wal", "-shm")
             if os.path.exists(path + suffix)}
    total = sum(files.values())
    print(f"disk: {total / 1e9:.2f} GB for {articles:,} articles = {total / articles:,.0f} bytes/article ("
          + ", ".join(f"{k} {v / 1e9:.2f} GB" for k, v in files.items()) + ")", flush=True)
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except sqlite3.OperationalError as e:
        print(f"  (no dbstat: {e})")
        return
    finally:
        db.close()
    groups: Counter[str] = Counter()
    for name, size in rows:
        group = "articles_fts (all its tables)" if name.startswith("articles_fts") else name
        groups[group] += size
    for name, size in groups.most_common(12):
        print(f"  {name:<32} {size / articles:8,.0f} bytes/article  ({size / 1e9:.2f} GB)")


def latency(label: str, run: Callable[[], int], repeats: int) -> tuple[float, float]:
    """p50 and p95 in ms of ``repeats`` runs (after one warm-up run); prints them with the result count."""
    found = run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"  {label:<58} p50 {p50:9.1f} ms  p95 {p95:9.1f} ms  ({found:,} matching)", flush=True)
    return p50, p95


def words_by_frequency() -> dict[str, list[str]]:
    """Frequent, middling and rare query words: lexicon words by rank, kept where their stem is indexed."""
    words, cumulative = memory._lexicon()
    counts = [high - low for low, high in zip([0, *cumulative[:-1]], cumulative, strict=True)]
    words = [word for _, word in sorted(zip(counts, words, strict=True), reverse=True)]

    def pick(ranks: range, count: int) -> list[str]:
        chosen: list[str] = []
        for rank in ranks:
            word = words[rank]
            if len(word) > 2 and index_form(word) and parse_query(word) is not None:
                chosen.append(word)
            if len(chosen) == count:
                break
        return chosen
    return {"frequent": pick(range(0, 400), 5), "middling": pick(range(3000, 4000), 5),
            "rare": pick(range(60000, 62000), 5)}


def entity_choice(db: sqlite3.Connection, sample: int) -> dict[str, str]:
    """The registry entity named in the most of the first ``sample`` articles (one variant of each
    analysed record), and one named in a single one of them."""
    rows = db.execute(
        "SELECT entity_id, count(DISTINCT article_id) AS n FROM mentions WHERE entity_id NOT LIKE 'local:%'"
        " AND article_id IN (SELECT id FROM articles WHERE rowid <= ?) GROUP BY entity_id ORDER BY n, entity_id",
        (sample,),
    ).fetchall()
    return {"frequent entity": rows[-1][0], "rare entity": rows[0][0]}


def _rows(db: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> Callable[[], int]:
    """A run of ``sql`` returning its row count, or its single value where it selects one count."""
    def run() -> int:
        rows = db.execute(sql, params).fetchall()
        return int(rows[0][0]) if sql.startswith("SELECT count") else len(rows)
    return run


def _api(db: sqlite3.Connection, collapsed: bool, words: list[str], ids: list[str] | None,
         facets: bool = True) -> Callable[[], int]:
    """A run of the API's search function over ``words`` in turn, returning the matching articles."""
    cycle = itertools.cycle(words or [""])
    def run() -> int:
        word = next(cycle) or None
        if collapsed:
            return search_collapsed(db, word, ids, limit=20, with_facets=facets).articles
        return find_articles(db, word, ids, limit=20).total
    return run


def searches(path: str, sample: int, repeats: int, chosen: list[str] | None = None) -> None:
    """Search latency through the API's functions, then the query shapes one would take instead."""
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    words = words_by_frequency()
    entities = (dict(zip(("frequent entity", "rare entity"), chosen, strict=True)) if chosen
                else entity_choice(db, sample))
    print(f"search latency ({repeats} runs each, after one warm-up; words cycled within a class): "
          + "; ".join(f"{k}: {' '.join(v)}" for k, v in words.items()), flush=True)
    for kind, chosen in words.items():
        for entity_kind, entity in [(None, None), *entities.items()]:
            ids = [entity] if entity else None
            suffix = f" + {entity_kind} {entity}" if entity else ""
            latency(f"/api/articles  {kind} word{suffix}", _api(db, False, chosen, ids), repeats)
            latency(f"/api/search    {kind} word{suffix}", _api(db, True, chosen, ids), repeats)
    latency("/api/search    frequent word, without facets (as the export reads)",
            _api(db, True, words["frequent"], None, facets=False), repeats)
    for entity_kind, entity in entities.items():
        latency(f"/api/articles  {entity_kind} {entity}, no word", _api(db, False, [], [entity]), repeats)
        latency(f"/api/search    {entity_kind} {entity}, no word", _api(db, True, [], [entity]), repeats)
    entity = entities["frequent entity"]
    latency(f"  its count alone: DISTINCT article_id in mentions ({entity})",
            _rows(db, "SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = ?", (entity,)), repeats)
    latency(f"  its newest 20 alone, no count ({entity})",
            _rows(db, "SELECT a.id FROM articles a WHERE a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)"
                      " ORDER BY a.published DESC, a.rowid DESC LIMIT 20", (entity,)), repeats)
    alternatives(db, words, entities, repeats)
    db.close()


MEDIA = "LEFT JOIN media site ON site.id = a.site_id LEFT JOIN media outlet ON outlet.id = a.outlet_id"


def alternatives(db: sqlite3.Connection, words: dict[str, list[str]], entities: dict[str, str], repeats: int) -> None:
    """Where the time goes for a frequent word, and the shapes that bound it."""
    print("query shapes for a frequent word (the parts of /api/articles, and what one would take instead):")
    fts = "FROM articles_fts WHERE articles_fts MATCH ?"
    joined = "FROM articles a JOIN articles_fts f ON f.rowid = a.rowid WHERE articles_fts MATCH ?"
    for word in words["frequent"][:2]:
        match = (parse_query(word).match,)  # type: ignore[union-attr]
        latency(f"count(*) of every match ({word})", _rows(db, f"SELECT count(*) {fts}", match), repeats)
        latency(f"count capped at 10,001 ({word})",
                _rows(db, f"SELECT count(*) FROM (SELECT 1 {fts} LIMIT 10001)", match), repeats)
        latency(f"top 20 by bm25 ({word})",
                _rows(db, f"SELECT rowid {fts} ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT 20", match), repeats)
        latency(f"page as /api/articles ranks it: joined, then bm25 ({word})",
                _rows(db, f"SELECT a.id, a.title, a.published, site.name, outlet.name, bm25(articles_fts, 2.0, 1.0)"
                          f" AS score {joined.replace('WHERE', MEDIA + ' WHERE')} ORDER BY score LIMIT 20", match),
                repeats)
        latency(f"bm25 in the index first, then join the 20 ({word})",
                _rows(db, "SELECT a.id, a.title, a.published, site.name, outlet.name, f.score FROM (SELECT rowid,"
                          f" bm25(articles_fts, 2.0, 1.0) AS score {fts} ORDER BY score LIMIT 20) f"
                          f" JOIN articles a ON a.rowid = f.rowid {MEDIA} ORDER BY f.score", match), repeats)
        latency(f"newest 20 (rowid order, no ranking) ({word})",
                _rows(db, f"SELECT rowid {fts} ORDER BY rowid DESC LIMIT 20", match), repeats)
        for kind, entity in entities.items():
            latency(f"{kind}: a.id IN (mentions), as now ({word})",
                    _rows(db, f"SELECT count(*) {joined} AND a.id IN (SELECT article_id FROM mentions"
                              " WHERE entity_id = ?)", (*match, entity)), repeats)
            latency(f"{kind}: EXISTS per match ({word})",
                    _rows(db, f"SELECT count(*) {joined} AND EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = ?"
                              " AND m.article_id = a.id)", (*match, entity)), repeats)
            latency(f"{kind}: its articles' rowids seek the index ({word})",
                    _rows(db, f"SELECT count(*) {fts} AND rowid IN (SELECT a.rowid FROM articles a WHERE a.id IN"
                              " (SELECT article_id FROM mentions WHERE entity_id = ?))", (*match, entity)), repeats)


def corpus_update_per_thousand(store: marsad.store.Store, variants: Variants, first: int) -> None:
    """Time the copies and the stories update of 1,000 new articles on the full store."""
    start = time.perf_counter()
    for number in range(first, first + 1000):
        store.add(variants.article(number))
    store.flush()
    written = time.perf_counter() - start
    start = time.perf_counter()
    copies = update_copies(store)
    copy_seconds = time.perf_counter() - start
    start = time.perf_counter()
    stories = update_stories(store)
    story_seconds = time.perf_counter() - start
    print(f"1,000 new articles on the full store: written in {written:.1f} s, copies updated in {copy_seconds:.1f} s"
          f" ({copies}), stories in {story_seconds:.1f} s ({stories}); {rss()}", flush=True)


# -- the run -----------------------------------------------------------------------------------------
def build(path: str, variants: Variants, n: int, block: int, minutes: float | None) -> int:
    """Write ``n`` variants, ``block`` at a time, each block followed by the corpus update; the number written.

    With ``minutes``, no block starts after that time: the store then holds fewer than ``n``.
    """
    print(f"{'articles':>10} {'write/s':>8} {'update/s':>9} {'block s':>8}   memory", flush=True)
    began = time.perf_counter()
    high = 0
    with marsad.open_store(path) as store:
        for low in range(0, n, block):
            if minutes is not None and time.perf_counter() - began > minutes * 60:
                print(f"stopped after {minutes:g} minutes at {low:,} articles (--minutes)", flush=True)
                break
            high = min(n, low + block)
            start = time.perf_counter()
            for number in range(low, high):
                store.add(variants.article(number))
            store.flush()
            wrote = time.perf_counter() - start
            start = time.perf_counter()
            update_corpus(store)
            updated = time.perf_counter() - start
            print(f"{high:>10,} {(high - low) / wrote:>8.0f} {(high - low) / updated:>9.0f} {wrote + updated:>8.0f}"
                  f"   {rss()}", flush=True)
    return high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the store")
    parser.add_argument("--block", type=int, default=50_000, help="articles per write + corpus update")
    parser.add_argument("--minutes", type=float, help="start no new block after this many minutes of building")
    parser.add_argument("--sample", type=int, default=2000, help="articles analysed by the full pipeline")
    parser.add_argument("--repeats", type=int, default=20, help="runs per search latency")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--folder", help="where the store is built (default: a temporary folder, removed)")
    parser.add_argument("--store", help="measure disk and searches of this store, built before (no build)")
    parser.add_argument("--entities", nargs=2, metavar=("FREQUENT", "RARE"),
                        help="with --store: the entity ids to filter by (default: chosen from the first articles)")
    parser.add_argument("--keep", action="store_true", help="keep the store (with --folder)")
    args = parser.parse_args()
    if args.store:  # the measures of a store built before: no build, no update
        with closing(sqlite3.connect(args.store)) as db:
            articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"{os.cpu_count()} cores; the store {args.store}, {articles:,} articles", flush=True)
        disk(args.store, articles)
        searches(args.store, args.sample, args.repeats, args.entities)
        return
    with tempfile.TemporaryDirectory(prefix="marsad-million-", dir=args.folder) as name:
        folder = Path(name)
        print(f"{os.cpu_count()} cores; N = {args.n:,} in blocks of {args.block:,}; store in {folder}", flush=True)
        records = analysed_sample(args.sample, args.seed, folder)
        variants = Variants(records, args.seed)
        path = str(folder / "million.db")
        start = time.perf_counter()
        written = build(path, variants, args.n, args.block, args.minutes)
        print(f"built in {(time.perf_counter() - start) / 60:.1f} min; {rss()}", flush=True)
        with marsad.open_store(path) as store:
            corpus_update_per_thousand(store, variants, written)
        disk(path, written + 1000)
        searches(path, args.sample, args.repeats)
        print(f"peak RSS of the process: {memory.memory_mb()[1]:,.0f} MB")
        if args.keep:
            kept = Path(args.folder or ".") / "million.db"
            os.replace(path, kept)
            print(f"store kept at {kept} (measure it again with --store)")


if __name__ == "__main__":
    main()
