"""Benchmark the analyst's pages on a large store (run by hand, never in tests).

    python benchmarks/pages.py                        # 100,000 synthetic articles
    python benchmarks/pages.py --articles 20000 --runs 20

The store is written directly in SQL (not through the analysis stages, which would
take hours for 100,000 articles): synthetic articles (words drawn from a Zipf
vocabulary of 5,000) over 30 days from 20 outlets,
two statements each (a third anonymous, some relayed by a medium), five entity
mentions each, one article in ten a copy of an earlier one, and stories of one to
twelve articles. The store is kept at ``--db`` and reused when it already holds the
asked number of articles. Reports the median and 95th-percentile time of each page
(rendered by the app in process, no network), and each page's 95th percentile as a
ratio to the plain article search (``/api/articles?q=...``), the peer measured in
the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from marsad.store import Store
from marsad.store.search import index_form
from marsad.text.normalize import normalize

OUTLETS = ["aawsat", "alriyadh", "okaz", "alwatan", "almadina", "aleqt", "alyaum", "spa", "sabq", "aljazeera",
           "alarabiya", "skynewsarabia", "bbcarabic", "cnnarabic", "france24", "rtarabic", "alquds", "alaraby",
           "alkhaleej", "albayan"]
WORDS = ["وزير", "اجتماع", "مجلس", "الحكومة", "الرئيس", "مدينة", "الأمن", "اتفاق", "مفاوضات", "الاقتصاد", "النفط", "ميناء", "مطار", "مشروع", "تقرير", "انتخابات", "البرلمان", "الجيش", "الحدود", "المساعدات", "الأمطار", "السيول", "المعرض", "الكتاب", "الصحة", "المستشفى", "المدرسة", "الجامعة", "الطلاب", "الشركة", "السوق", "الأسعار", "الريال", "الدولار", "الموازنة", "القمة", "الزيارة", "المؤتمر", "المحكمة", "القضاء", "الشرطة", "الحادث", "الطريق", "القطار", "الكهرباء", "المياه", "الزراعة", "الصيد", "السياحة", "الفندق"]
CITIES = ["جدة", "الرياض", "الدمام", "مكة", "المدينة", "أبها", "الطائف", "تبوك", "جازان", "نجران", "ينبع", "حائل", "القصيم", "الخبر"]
CUES = ["قال", "أكد", "كشف", "أوضح", "أضاف"]
MEDIA = [("لصحيفة الشرق الأوسط", "mr:asharq-al-awsat"), ("لوكالة الأنباء السعودية", None), ("لقناة العربية", None)]


LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def vocabulary(size: int = 5000, seed: int = 3) -> list[str]:
    """Real words first, then made-up ones; word ``r`` is drawn with weight 1/(r+1) (Zipf)."""
    rng = random.Random(seed)
    words = WORDS + CITIES
    while len(words) < size:
        words.append("".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7))))
    return words


VOCABULARY = vocabulary()
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
# Two words of middle rank: each in about a quarter of the articles, both in a few percent.
QUERY = f"{VOCABULARY[40]} {VOCABULARY[60]}"


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(VOCABULARY, WEIGHTS, k=n))


def build(path: str, count: int, seed: int = 7) -> None:
    """Write ``count`` synthetic articles, their statements, mentions, copies and stories into ``path``."""
    rng = random.Random(seed)
    with Store(path) as store:
        db = store.db
        db.execute("BEGIN")
        db.executemany("INSERT INTO media(id, name, norm) VALUES (?, ?, ?)",
                       [(i + 1, name, normalize(name)) for i, name in enumerate(OUTLETS)])
        entities = [(f"local:PER:{i:05d}", f"شخص {i}", "PER") for i in range(1500)]
        entities += [(f"local:ORG:{i:05d}", f"هيئة {i}", "ORG") for i in range(400)]
        entities += [(f"local:LOC:{i:05d}", f"موقع {i}", "LOC") for i in range(100)]
        db.executemany("INSERT INTO entities(id, name, label, kind, local) VALUES (?, ?, ?, NULL, 1)", entities)
        articles, fts, said, mentions, corpus, stories_rows = [], [], [], [], [], []
        story_of: list[int] = []
        story_sizes: dict[int, list[int]] = {}
        next_story = 0
        for n in range(count):
            rowid = n + 1
            day = n * 30 // count
            published = f"2025-03-{day + 1:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00+03:00"
            site = rng.randrange(len(OUTLETS)) + 1
            copy_of = rng.randrange(1, rowid) if rowid > 10 and rng.random() < 0.1 else None
            title = sentence(rng, 8)
            text = "\n".join(sentence(rng, 25) for _ in range(6))
            statements = []
            for seq in range(2):
                anonymous = rng.random() < 0.33
                speaker = "مصدر مسؤول" if anonymous else rng.choice(entities[:1500])[1]
                via_text, via_entity = rng.choice(MEDIA) if rng.random() < 0.2 else (None, None)
                content = sentence(rng, 12)
                statements.append((f"a{rowid:08d}", seq, speaker, 0, len(speaker), None, int(anonymous),
                                   "هيئة الموانئ" if anonymous else None, rng.choice(CUES), content, 0,
                                   via_text, via_entity))
            record = {"id": f"a{rowid:08d}", "title": title, "text": text, "published": published,
                      "site": OUTLETS[site - 1], "statements": [], "entities": []}
            articles.append((rowid, f"a{rowid:08d}", "d", None, None, "jsonl", title, "ar", published, site, None,
                             json.dumps(record, ensure_ascii=False), "2025-04-01"))
            fts.append((rowid, index_form(title), index_form(text)))
            said += statements
            for e in rng.sample(range(len(entities)), 5):
                mentions.append((f"a{rowid:08d}", entities[e][0], 0, 3, entities[e][1], entities[e][2], entities[e][1]))
            group = copy_of if copy_of is not None else rowid
            corpus.append((rowid, "d", b"", group, copy_of))
            if copy_of is not None:
                story = story_of[copy_of - 1]
            elif rng.random() < 0.3 or not story_sizes:
                story, next_story = next_story, next_story + 1
            else:
                story = rng.choice(list(story_sizes)[-200:])
            story_of.append(story)
            story_sizes.setdefault(story, []).append(rowid)
        db.executemany(f"INSERT INTO articles(rowid, id, digest, path, url, format, title, lang, published, site_id,"
                       f" outlet_id, record, ingested) VALUES ({', '.join('?' * 13)})", articles)
        db.executemany("INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", fts)
        db.executemany(f"INSERT INTO statements VALUES ({', '.join('?' * 13)})", said)
        db.executemany('INSERT INTO mentions(article_id, entity_id, start, "end", text, label, norm)'
                       " VALUES (?, ?, ?, ?, ?, ?, ?)", mentions)
        db.executemany("INSERT INTO corpus_docs(article, digest, shingles, copy_group, copy_of) VALUES (?, ?, ?, ?, ?)",
                       corpus)
        db.execute("INSERT INTO republications(article_id, original_id, site_id, outlet_id, original_site_id,"
                   " original_outlet_id) SELECT a.id, o.id, a.site_id, NULL, o.site_id, NULL FROM corpus_docs d"
                   " JOIN articles a ON a.rowid = d.article JOIN articles o ON o.rowid = d.copy_of"
                   " WHERE d.copy_of IS NOT NULL")
        docs = []
        for story, members in story_sizes.items():
            first = members[0]
            sid = f"s-a{first:08d}"
            docs += [(m, "d", 0.0, b"", b"", b"", "[]", "[]", story, story, sid) for m in members]
            outlets = sorted({OUTLETS[articles[m - 1][9] - 1] for m in members})
            top = [{"id": entities[rng.randrange(1500)][0], "articles": len(members)}]
            stories_rows.append((sid, story, articles[first - 1][6], articles[first - 1][8][:10],
                                 articles[members[-1] - 1][8][:10], len(members), json.dumps(outlets), json.dumps(top)))
        db.executemany("INSERT INTO story_docs(article, digest, day, vector, lead, anchors, entities, numbers,"
                       " placed_group, story_group, story) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
        db.executemany("INSERT INTO stories(id, story_group, headline, first_seen, last_seen, articles, outlets,"
                       " top_entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", stories_rows)
        db.execute("COMMIT")
        db.execute("ANALYZE")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "marsad-pages-bench.db"))
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
    from marsad.web.app import create_app

    db = Path(args.db)
    if db.exists():
        import sqlite3

        with sqlite3.connect(db) as c:
            have = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        if have != args.articles:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
    if not db.exists():
        started = time.perf_counter()
        build(str(db), args.articles)
        print(f"built {args.articles:,} synthetic articles in {time.perf_counter() - started:.0f} s ({db})")
    with TestClient(create_app(str(db))) as client:
        story = client.get("/api/stories", params={"sort": "size", "limit": 1}).json()[0]["id"]
        matches = client.get("/api/search", params={"q": QUERY, "limit": 1}).json()["articles"]
        print(f"query «{QUERY}» matches {matches:,} articles")
        pages = {
            "peer: /api/articles?q=": f"/api/articles?q={QUERY}",
            "home": "/",
            "search": f"/search?q={QUERY}",
            "search, no query": "/search",
            "statements": "/statements",
            "statements, anonymous, via": "/statements?anonymous=1&via=الشرق الأوسط",
            "story": f"/stories/{story}",
            "stories by outlets": "/stories?sort=outlets&min_outlets=3",
            "sources": "/sources",
        }
        times: dict[str, list[float]] = {}
        for name, url in pages.items():
            assert client.get(url).status_code == 200, url  # warm the caches once
            times[name] = []
            for _ in range(args.runs):
                started = time.perf_counter()
                status = client.get(url).status_code
                times[name].append(time.perf_counter() - started)
                if status != 200:  # refused by the server's query budget, or failed: not a page time
                    print(f"  {name}: status {status}")
    peer = percentile(times["peer: /api/articles?q="], 0.95)
    print(f"{args.articles:,} articles, {args.runs} requests a page")
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>10} {'p95 / peer':>11}")
    for name, values in times.items():
        p95 = percentile(values, 0.95)
        print(f"{name:32} {statistics.median(values) * 1000:10.1f} {p95 * 1000:10.1f} {p95 / peer:11.2f}")


if __name__ == "__main__":
    main()
