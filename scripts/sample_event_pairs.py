"""Sample same-day, different-outlet pairs from whole corpus days, for three-grade story labels.

    python scripts/sample_event_pairs.py > pairs.tsv     # line_a, line_b, day, split, stratum, cosine

Pairs come from days of ``../shared/data/unlabeled/news-2013.jsonl.xz`` that no
earlier round of story gold used (dev: 2013-02-06, 2013-03-11; test: 2013-02-21,
2013-03-25; fresh, labelled after the test split was scored and kept for the next
change's held-out measure: 2013-02-27, 2013-03-14). Each day is drawn with its own
seed, so adding a day leaves the others' pairs as they were; final, labelled after the fresh
split was scored and kept unseen for the change after it: 2013-02-11, 2013-02-17. They are drawn by a *neutral* similarity that owes nothing to marsad's
story model or features: a plain TF-IDF cosine over whitespace words of the headline
and body, written here from scratch (letters folded, stop words dropped by document
frequency). So the sample does not favour the pairs marsad's own decisions make
easy or hard.

Strata per day (seeded, deterministic):
- ``random``: pairs drawn uniformly among all different-outlet pairs of the day;
  mostly unrelated, they catch stories that chain unrelated events together;
- ``headline``: pairs whose headlines share a content word but whose bodies are not
  close (cosine < 0.25): same place or actor, often another event;
- ``c0.05`` .. ``c0.45``: pairs from cosine bands, so copies, same-event rewrites and
  same-topic pairs all appear.

Labels are given afterwards by reading (``tests/gold/stories/GUIDE.md``), one of
``same``, ``related`` (same topic, another event) or ``unrelated``.
"""

from __future__ import annotations

import json
import lzma
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
DAYS = {"2013-02-06": "dev", "2013-03-11": "dev", "2013-02-21": "test", "2013-03-25": "test",
        "2013-02-27": "fresh", "2013-03-14": "fresh", "2013-02-11": "final", "2013-02-17": "final"}
BANDS = ((0.05, 0.12), (0.12, 0.2), (0.2, 0.3), (0.3, 0.45), (0.45, 1.01))
PER_BAND = 13
RANDOM = 20
HEADLINE = 15
SEED = 2026

_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669A-Za-z0-9]+")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_DIACRITICS = re.compile(r"[\u064B-\u0652\u0640]")


def words(text: str) -> list[str]:
    """Folded words of two letters or more."""
    text = _DIACRITICS.sub("", text).translate(_FOLD)
    return [w for w in _WORD.findall(text) if len(w) > 1]


def vectors(docs: dict[int, dict]) -> dict[int, dict[str, float]]:
    """Unit-length TF-IDF vectors (log tf, smooth idf), words in over 20% of the day's articles dropped."""
    bags = {n: Counter(words(d["title"] + " " + d["text"])) for n, d in docs.items()}
    df: Counter[str] = Counter()
    for bag in bags.values():
        df.update(bag.keys())
    total = len(bags)
    out = {}
    for n, bag in bags.items():
        vec = {w: (1 + math.log(c)) * math.log((1 + total) / (1 + df[w])) for w, c in bag.items()
               if df[w] <= 0.2 * total}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out[n] = {w: v / norm for w, v in vec.items()}
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def headline_words(doc: dict, df: Counter[str], total: int) -> set[str]:
    """Headline words that are not among the day's commonest."""
    return {w for w in words(doc["title"]) if df[w] <= 0.05 * total and len(w) > 2}


def sample_day(docs: dict[int, dict], rng: random.Random) -> list[tuple[int, int, str, float]]:
    """The stratified pairs of one day."""
    vecs = vectors(docs)
    df: Counter[str] = Counter()
    for d in docs.values():
        df.update(set(words(d["title"])))
    heads = {n: headline_words(d, df, len(docs)) for n, d in docs.items()}
    lines = sorted(docs)
    pairs = [(a, b) for i, a in enumerate(lines) for b in lines[i + 1:] if docs[a]["source"] != docs[b]["source"]]
    scored = {(a, b): cosine(vecs[a], vecs[b]) for a, b in pairs}
    chosen: dict[tuple[int, int], tuple[str, float]] = {}

    def take(name: str, pool: list[tuple[int, int]], count: int) -> None:
        pool = [p for p in pool if p not in chosen]
        for p in rng.sample(pool, min(count, len(pool))):
            chosen[p] = (name, scored[p])

    take("random", pairs, RANDOM)
    take("headline", [p for p in pairs if scored[p] < 0.25 and heads[p[0]] & heads[p[1]]], HEADLINE)
    for low, high in BANDS:
        take(f"c{low:.2f}", [p for p in pairs if low <= scored[p] < high], PER_BAND)
    return [(a, b, name, score) for (a, b), (name, score) in sorted(chosen.items())]


def main() -> None:
    """Print the sampled pairs of every day."""
    by_day: dict[str, dict[int, dict]] = {day: {} for day in DAYS}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            doc = json.loads(line)
            if doc["time"][:10] in by_day:
                by_day[doc["time"][:10]][n] = doc
    sys.stdout.write("line_a\tline_b\tday\tsplit\tstratum\tcosine\n")
    for day, split in DAYS.items():
        rng = random.Random(f"{SEED}-{day}")
        for a, b, name, score in sample_day(by_day[day], rng):
            sys.stdout.write(f"{a}\t{b}\t{day}\t{split}\t{name}\t{score:.3f}\n")


if __name__ == "__main__":
    main()
