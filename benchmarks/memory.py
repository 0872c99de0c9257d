"""Memory of marsad over many articles: peak RSS and articles/s after N articles, process and ingest.

Run by hand (never in the tests):

    python benchmarks/memory.py                     # N = 1k, 5k, 10k
    python benchmarks/memory.py --large             # and 50k, 100k
    python benchmarks/memory.py --sizes 500 2000 --only process

Input. Articles are synthetic but shaped like real news, so that every per-word
cache sees the long tail of new words a crawl brings:

- body words are drawn from the vocabulary of marsad's own lexicon
  (``src/marsad/data/ar/lexicon.tsv.gz``, 85,000 normalised words counted on
  2013 news) with probability proportional to their counts, so the common words
  are common and the rare ones rare (Zipf's law as the corpus has it);
- about one word in six takes a clitic (و، ف، ب، ل; ل + ال written لل), as
  Arabic news writes them;
- about one word in a hundred is new: built from two to four random Arabic
  syllables, the way unseen names, transliterations and typos keep coming (the
  lexicon stops at words seen 5 times, so these stand for its missing tail);
- people, organisations and cities come from marsad's registry
  (``src/marsad/data/entities/``) in reporting sentences («قال ...») and also as
  new people, made of a registry first name and another registry surname, so the
  linker keeps meeting names it has not seen;
- each article has a title, 5 to 12 paragraphs and one of eight sites; they come
  in time order, 300 a day (a few one or two days late), as a crawl of many
  outlets does, so the stories' window holds the same number of days at any N.

Nothing is taken from an outside corpus. The same seed gives the same articles.

Measures. The articles are written to a JSON-lines file first; then two fresh
Python processes read it, so neither sees the other's memory:

- ``process``: ``marsad.process`` over the file (every default stage, no store),
  keeping nothing;
- ``ingest``: ``marsad.ingest`` into a new store, one ingest per step (1k, then
  the next 4k, ...), each with its copies and stories update, as a crawl arrives.

After each N it prints the resident set (RSS) at that point, the peak so far and
the rate of the step; at the end, peak RSS at the largest N over peak RSS at the
smallest. Bounded memory means that ratio stays near 1 (target at most 1.3 from
10k to 100k).
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from synthetic import OUTLETS, _cities, _names

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "src" / "marsad" / "data" / "ar" / "lexicon.tsv.gz"
CLITICS = ("و", "ف", "ب", "ل")
CONSONANTS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"
VOWELS = ("", "ا", "و", "ي")
PER_DAY = 300
CUES = ("قال", "أكد", "أوضح", "صرح", "أعلن", "كشف", "أشار")


def _lexicon() -> tuple[list[str], list[int]]:
    """The lexicon's words and their cumulative counts (for drawing by frequency)."""
    words: list[str] = []
    counts: list[int] = []
    with gzip.open(LEXICON, "rt", encoding="utf-8") as rows:
        for line in rows:
            if line.startswith("#"):
                continue
            word, count = line.rstrip("\n").split("\t")
            words.append(word)
            counts.append(int(count))
    return words, list(itertools.accumulate(counts))


class Writer:
    """Draws articles: lexicon words by frequency, clitics, new words and names (see the module)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words, self.cumulative = _lexicon()
        self.people = _names("PER")
        self.orgs = _names("ORG")
        self.cities = _cities()
        parts = [name.split() for name in self.people if len(name.split()) >= 2]
        self.first = sorted({p[0] for p in parts})
        self.last = sorted({p[-1] for p in parts})

    def word(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.01:
            return self.new_word()
        word = self.words[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]
        if roll > 0.84:
            clitic = rng.choice(CLITICS)
            if clitic == "ل" and word.startswith("ال"):  # ل + الكتاب is written للكتاب
                return "ل" + word[1:]
            return clitic + word
        return word

    def new_word(self) -> str:
        rng = self.rng
        return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 4)))

    def person(self) -> str:
        if self.rng.random() < 0.5:
            return self.rng.choice(self.people)
        return f"{self.rng.choice(self.first)} {self.rng.choice(self.last)}"

    def sentence(self) -> str:
        rng = self.rng
        words = [self.word() for _ in range(rng.randint(8, 25))]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), f"في {rng.choice(self.cities)}")
        if rng.random() < 0.15:
            words.insert(rng.randrange(len(words)), rng.choice(self.orgs))
        if rng.random() < 0.35:
            words[0:0] = [rng.choice(CUES), self.person(), "إن"]
        if len(words) > 12 and rng.random() < 0.4:
            words[len(words) // 2] += "،"
        return " ".join(words) + "."

    def article(self, number: int, start: date) -> dict[str, str]:
        rng = self.rng
        paragraphs = [" ".join(self.sentence() for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(5, 12))]
        title = " ".join(self.word() for _ in range(rng.randint(5, 9)))
        # A crawl arrives in time order: PER_DAY articles a day, some a day or two late.
        day = start + timedelta(days=max(0, number // PER_DAY - rng.choice((0, 0, 0, 1, 2))))
        return {"title": title, "text": "\n".join(paragraphs), "published": day.isoformat(),
                "site": rng.choice(OUTLETS), "url": f"https://news.example/{number}"}


def articles(count: int, seed: int = 17) -> Iterator[dict[str, str]]:
    """``count`` synthetic JSON-ready articles (see the module docstring)."""
    writer = Writer(seed)
    start = date(2024, 1, 1)
    for number in range(count):
        yield writer.article(number, start)


def write_parts(folder: Path, sizes: list[int], seed: int) -> list[Path]:
    """JSON-lines files holding articles ``sizes[i-1]`` to ``sizes[i]`` (the first from 0)."""
    stream = articles(sizes[-1], seed)
    paths = []
    for n, (low, high) in enumerate(zip([0, *sizes[:-1]], sizes, strict=True)):
        path = folder / f"part-{n:02d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for item in itertools.islice(stream, high - low):
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def memory_mb() -> tuple[float, float]:
    """Resident set now and at its peak, in MB (Linux /proc)."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def report(n: int, articles_in_step: int, seconds: float) -> None:
    now, peak = memory_mb()
    print(json.dumps({"n": n, "rss_mb": round(now, 1), "peak_mb": round(peak, 1),
                      "rate": round(articles_in_step / seconds, 1)}), flush=True)


def child_process(paths: list[Path], sizes: list[int]) -> None:
    """Every article of ``paths`` through ``marsad.process``, reporting after each size."""
    import marsad
    from marsad.library import default_pipeline

    pipeline = default_pipeline()
    before = 0
    for path, size in zip(paths, sizes, strict=True):
        start = time.perf_counter()
        count = sum(1 for _ in marsad.process(path, pipeline))
        report(size, count, time.perf_counter() - start)
        before += count
        assert before == size, (before, size)


def child_ingest(paths: list[Path], sizes: list[int], folder: Path) -> None:
    """One ingest per file into a new store, reporting after each."""
    import marsad
    from marsad.library import ingest

    with marsad.open_store(str(folder / "memory.db")) as store:
        for path, size in zip(paths, sizes, strict=True):
            start = time.perf_counter()
            result = ingest([str(path)], store)
            report(size, result.summary.articles, time.perf_counter() - start)


def run_child(mode: str, paths: list[Path], sizes: list[int], folder: Path) -> list[dict[str, float]]:
    command = [sys.executable, __file__, "--child", mode, "--folder", str(folder),
               "--sizes", *map(str, sizes), "--paths", *map(str, paths)]
    rows = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            row = json.loads(line)
            rows.append(row)
            print(f"  {mode:<8} N={row['n']:>7,}  RSS {row['rss_mb']:7.1f} MB  peak {row['peak_mb']:7.1f} MB"
                  f"  {row['rate']:6.1f} articles/s", flush=True)
    if child.returncode:
        raise SystemExit(f"{mode} failed with status {child.returncode}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--large", action="store_true", help="also 50k and 100k articles")
    parser.add_argument("--only", choices=("process", "ingest"))
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--child", choices=("process", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--paths", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([50000, 100000] if args.large else [])))
    if args.child:
        paths = [Path(p) for p in args.paths]
        if args.child == "process":
            child_process(paths, sizes)
        else:
            child_ingest(paths, sizes, Path(args.folder))
        return
    with tempfile.TemporaryDirectory(prefix="marsad-memory-") as name:
        folder = Path(name)
        start = time.perf_counter()
        paths = write_parts(folder, sizes, args.seed)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{sizes[-1]:,} synthetic articles ({megabytes:.0f} MB of JSON lines, seed {args.seed}) written in "
              f"{time.perf_counter() - start:.0f} s; {os.cpu_count()} cores")
        for mode in ("process", "ingest"):
            if args.only and mode != args.only:
                continue
            rows = run_child(mode, paths, sizes, folder)
            first, last = rows[0], rows[-1]
            print(f"  {mode:<8} peak RSS at N={last['n']:,} / at N={first['n']:,}: "
                  f"{last['peak_mb'] / first['peak_mb']:.2f}")


if __name__ == "__main__":
    main()
