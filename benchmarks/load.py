"""The web server under load: a mix of pages and API calls at fixed concurrency, alone and during an ingest.

Run by hand (never in the tests):

    python benchmarks/load.py [--articles 5000] [--requests 2000] [--concurrency 32] [--store PATH]
                              [--server-workers N]

It builds a store of ``--articles`` synthetic articles (``synthetic.py``: composed
from marsad's own entity registry and lexicon, about four articles per event) unless
``--store`` names one already built, starts ``marsad serve`` on 127.0.0.1, and sends
``--requests`` requests, ``--concurrency`` at a time, over a fixed mix: search
(a frequent word, a rare word, a phrase), article, story, entity, statements and
home pages, and the JSON API. It prints requests per second, errors and
p50/p95/p99 latency by kind; then the same again while ``marsad ingest`` adds
``--ingest-articles`` new articles to the store. A first phase sends ``--sequential``
requests one at a time, the peer the concurrent phases are compared with (concurrency
should multiply the rate, not divide it). Every request has a timeout
(``--timeout``), and each phase stops after ``--max-seconds`` whatever is left.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from synthetic import write_jsonl

try:  # Starlette 1.x pairs with httpx2; either client works here
    import httpx2 as httpx
except ImportError:  # pragma: no cover
    import httpx  # type: ignore[no-redef]

# kind -> share of the requests
MIX = {"search_frequent": 12, "search_rare": 8, "search_phrase": 8, "article": 14, "story": 10, "entity": 10,
       "statements": 8, "home": 6, "api_search": 10, "api_article": 6, "api_entity": 4, "api_statements": 4}


def build_store(path: Path, count: int) -> None:
    """Ingest ``count`` synthetic articles into a new store at ``path``."""
    with tempfile.TemporaryDirectory() as folder:
        source = write_jsonl(Path(folder) / "news.jsonl", count)
        subprocess.run([sys.executable, "-m", "marsad", "ingest", str(source), "--db", str(path)], check=True)


def targets(path: Path, seed: int = 1) -> dict[str, list[str]]:
    """URLs of each kind, drawn from what the store holds."""
    rng = random.Random(seed)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    articles = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY random() LIMIT 400")]
    stories = [r[0] for r in db.execute("SELECT id FROM stories ORDER BY random() LIMIT 200")]
    entities = [r[0] for r in db.execute(
        "SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 200")]
    db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, row)")
    terms = db.execute("SELECT term, doc FROM temp.vocab WHERE length(term) > 3 ORDER BY doc DESC").fetchall()
    frequent = [t for t, _ in terms[:150]]
    rare = [t for t, n in terms if n <= 3][:300] or [t for t, _ in terms[-300:]]
    titles = [r[0] for r in db.execute("SELECT title FROM articles WHERE title IS NOT NULL ORDER BY random() LIMIT 300")]
    speakers = [r[0] for r in db.execute(
        "SELECT speaker_entity FROM statements WHERE speaker_entity IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 50")]
    db.close()
    phrases = []
    for title in titles:
        words = title.split()
        if len(words) >= 3:
            at = rng.randrange(len(words) - 1)
            phrases.append(f'"{words[at]} {words[at + 1]}"')
    q = quote
    return {
        "search_frequent": [f"/search?q={q(t)}" for t in frequent],
        "search_rare": [f"/search?q={q(t)}" for t in rare],
        "search_phrase": [f"/search?q={q(p)}" for p in phrases],
        "article": [f"/articles/{a}" for a in articles],
        "story": [f"/stories/{s}" for s in stories],
        "entity": [f"/entities/{q(e, safe='')}" for e in entities],
        "statements": [f"/statements?speaker={q(s, safe='')}" for s in speakers] + ["/statements?anonymous=true", "/statements"],
        "home": ["/", "/stories", "/entities"],
        "api_search": [f"/api/articles?q={q(t)}" for t in frequent[:50] + rare[:50]],
        "api_article": [f"/api/articles/{a}" for a in articles],
        "api_entity": [f"/api/entities/{q(e, safe='')}" for e in entities],
        "api_statements": [f"/api/statements?speaker={q(s, safe='')}" for s in speakers]
        + ["/api/statements?anonymous=true", "/api/statements?limit=50"],
    }


def plan(urls: dict[str, list[str]], count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (kind, url) pairs in the proportions of :data:`MIX`, shuffled."""
    rng = random.Random(seed)
    kinds = [k for k in MIX if urls.get(k)]
    weights = [MIX[k] for k in kinds]
    return [(kind, rng.choice(urls[kind])) for kind in rng.choices(kinds, weights, k=count)]


async def run_load(base: str, requests: list[tuple[str, str]], concurrency: int, timeout: float,
                   max_seconds: float) -> tuple[dict[str, list[float]], dict[str, int], float, int]:
    """Send ``requests`` ``concurrency`` at a time; latencies and errors by kind, wall time, requests not sent."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    start = time.perf_counter()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty() and time.perf_counter() - start < max_seconds:
                kind, url = queue.get_nowait()
                began = time.perf_counter()
                try:
                    response = await client.get(url)
                    failure = str(response.status_code) if response.status_code >= 400 else ""
                except httpx.HTTPError as e:
                    failure = type(e).__name__
                latencies[kind].append(time.perf_counter() - began)
                if failure:
                    errors[kind] += 1
                    errors["by " + failure] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - start, queue.qsize()


def rate(result: tuple[dict[str, list[float]], dict[str, int], float, int]) -> float:
    """Requests per second of one phase."""
    latencies, _, wall, _ = result
    return sum(len(v) for v in latencies.values()) / wall


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(title: str, latencies: dict[str, list[float]], errors: dict[str, int], wall: float, left: int) -> None:
    every = [v for values in latencies.values() for v in values]
    failures = {k: n for k, n in errors.items() if k.startswith("by ")}
    print(f"\n{title}: {len(every)} requests in {wall:.1f} s, {len(every) / wall:.1f} requests/s, "
          f"{sum(failures.values())} errors" + (f" ({', '.join(f'{n} {k}' for k, n in failures.items())})" if failures else "")
          + (f", {left} not sent (time cap)" if left else ""))
    print(f"{'kind':<16}{'n':>6}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind in [*MIX, "all"]:
        values = every if kind == "all" else latencies.get(kind, [])
        if not values:
            continue
        fails = sum(failures.values()) if kind == "all" else errors.get(kind, 0)
        print(f"{kind:<16}{len(values):>6}{fails:>5}" + "".join(
            f"{percentile(values, p) * 1000:>9.0f}" for p in (50, 95, 99)) + f"{max(values) * 1000:>9.0f}")


def count(store: Path) -> int:
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited")
        try:
            if httpx.get(base + "/api/stories?limit=1", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--store", type=Path, help="an existing store to serve, copied first (default: build one)")
    parser.add_argument("--ingest-articles", type=int, default=1000, help="articles added during the second phase")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before one request counts as failed")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="time cap of each phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sequential", type=int, default=200, help="requests sent one at a time first (the peer)")
    parser.add_argument("--server-workers", type=int, default=1, help="server processes (marsad serve --workers)")
    parser.add_argument("--server-log", type=Path, help="write the server's log here (default: discarded)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="marsad-load-") as folder:
        store = Path(folder) / "load.db"
        if args.store is not None:  # a copy: the ingest phase writes to it
            with closing(sqlite3.connect(args.store)) as source, closing(sqlite3.connect(store)) as copy:
                source.backup(copy)
        else:
            began = time.perf_counter()
            build_store(store, args.articles)
            print(f"built a store of {args.articles} articles in {time.perf_counter() - began:.0f} s")
        urls = targets(store, args.seed)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "marsad", "serve", "--db", str(store), "--port", str(port)]
        if args.server_workers > 1:
            command += ["--workers", str(args.server_workers)]
        log = args.server_log.open("wb") if args.server_log else subprocess.DEVNULL
        server = subprocess.Popen(command, stdout=log, stderr=log)
        try:
            wait_ready(base, server)
            print(f"machine: {os.cpu_count()} cores; {args.concurrency} concurrent clients; "
                  f"{args.server_workers} server process(es); store of {count(store)} articles")
            one = asyncio.run(run_load(base, plan(urls, args.sequential, args.seed + 2), 1, args.timeout, args.max_seconds))
            report("one at a time", *one)
            alone = asyncio.run(run_load(base, plan(urls, args.requests, args.seed), args.concurrency,
                                         args.timeout, args.max_seconds))
            report("alone", *alone)
            print(f"\n{args.concurrency} at once against one at a time: "
                  f"{rate(alone) / rate(one):.2f} times the requests per second")
            extra = write_jsonl(Path(folder) / "more.jsonl", args.ingest_articles, seed=args.seed + 100)
            began = time.perf_counter()
            ingest = subprocess.Popen([sys.executable, "-m", "marsad", "ingest", str(extra), "--db", str(store)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                time.sleep(2)  # let the ingest load its models and start writing
                results = asyncio.run(run_load(base, plan(urls, args.requests, args.seed + 1), args.concurrency,
                                               args.timeout, args.max_seconds))
                report("during an ingest", *results)
                running = ingest.poll() is None
            finally:
                _, stderr = ingest.communicate()
            print(f"ingest of {args.ingest_articles} articles: exit {ingest.returncode}, "
                  f"{time.perf_counter() - began:.0f} s ({'still running at the end of the load' if running else 'done before the load ended'})")
            last = stderr.decode(errors="replace").strip().splitlines()
            if ingest.returncode != 0:
                print("ingest said: " + " | ".join(last[-4:]))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
