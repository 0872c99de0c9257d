"""Stories on whole corpus days, scored on three-grade pairs (needs ../shared).

    python scripts/eval_events.py --split dev              # dated input, as published
    python scripts/eval_events.py --split dev --undated    # the same articles without their dates
    python scripts/eval_events.py --split test             # held out: score once, at the end
    python scripts/eval_events.py --split fresh            # scored once, at the end of the last change
    python scripts/eval_events.py --split final            # held out for the next change

The pairs of ``tests/gold/stories/events.tsv`` were drawn from four whole days that
no earlier story gold used, by a neutral TF-IDF cosine (``scripts/sample_event_pairs.py``),
and graded by reading: ``same`` event, ``related`` (same topic, another event) or
``unrelated``. Each day of the split is placed in one store with the days of the
window before it, as ``marsad ingest`` would (copies, then stories), and a pair
counts right when its two articles share a story exactly when graded ``same``.

Printed for each split: same pairs joined, related pairs kept apart, unrelated pairs
kept apart, all decisions right, and for each day the largest stories with a sample
of their headlines (a story of unrelated events shows at once). ``--undated`` drops
every article's publication date first (the dateline rule may still find one), as
text dumps and many feeds arrive, and stores the articles in a shuffled order: those
left undated are placed by their order of arrival.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from eval_stories import CORPUS, analysed_days, place

from marsad.analyse.dates import publication_date_from_dateline
from marsad.corpus.stories import Params
from marsad.record import Article

EVENTS = Path(__file__).resolve().parents[1] / "tests" / "gold" / "stories" / "events.tsv"
GRADES = ("same", "related", "unrelated")


class Graded(NamedTuple):
    """One gold pair of a whole-day sample."""

    a: int
    b: int
    day: str
    split: str
    grade: str


def load(split: str) -> list[Graded]:
    """The graded pairs of ``split`` (``unsure`` ones left out)."""
    with EVENTS.open(encoding="utf-8") as f:
        rows = [Graded(int(r["line_a"]), int(r["line_b"]), r["day"], r["split"], r["grade"])
                for r in csv.DictReader(f, delimiter="\t")]
    return [r for r in rows if r.split == split and r.grade in GRADES]


def window_days(day: str, window: float) -> set[str]:
    """``day`` and the whole days of the window before it."""
    start = date.fromisoformat(day)
    return {(start - timedelta(days=k)).isoformat() for k in range(int(window) + 1)}


def undated(article: Article) -> Article:
    """``article`` as it would arrive without a publication date (its dateline may still give one)."""
    found = publication_date_from_dateline(article.text)
    return replace(article, published=found, time={"value": found, "from": "dateline"} if found else None)


def report(pairs: list[Graded], stories: dict[int, str | None], articles: dict[int, Article], day: str) -> None:
    """Print the largest stories of ``day`` with sample headlines."""
    members: dict[str, list[int]] = defaultdict(list)
    for n, s in stories.items():
        if s is not None and (articles[n].published or day)[:10] == day:
            members[s].append(n)
    sizes = sorted(members.values(), key=len, reverse=True)
    multi = [m for m in sizes if len({articles[n].site for n in m}) > 1]
    print(f"  {day}: {sum(len(m) for m in sizes)} articles, {len(sizes)} stories, {len(multi)} with 2+ outlets;"
          f" largest {[len(m) for m in sizes[:8]]}")
    for m in sizes[:3]:
        outlets = Counter(articles[n].site for n in m)
        print(f"    story of {len(m)} articles, {len(outlets)} outlets:")
        for n in m[:: max(1, len(m) // 8)][:8]:
            print(f"      {articles[n].site}: {(articles[n].title or '')[:90]}")


def main() -> int:
    """Score one split."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test", "fresh", "final"), default="dev")
    parser.add_argument("--undated", action="store_true", help="drop the articles' publication dates first")
    parser.add_argument("--quiet", action="store_true", help="scores only, no story listing")
    args = parser.parse_args()
    if not CORPUS.exists() or not EVENTS.exists():
        print(f"{CORPUS} or {EVENTS} not found: nothing to evaluate", file=sys.stderr)
        return 0
    pairs = load(args.split)
    params = Params()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for day in sorted({p.day for p in pairs}):
        articles = analysed_days(window_days(day, params.window))
        if args.undated:
            articles = {n: undated(a) for n, a in articles.items()}
        stories = place(articles, [params], shuffle=day if args.undated else None)[0]
        for p in (p for p in pairs if p.day == day):
            joined = stories[p.a] is not None and stories[p.a] == stories[p.b]
            total[p.grade] += 1
            right[p.grade] += joined == (p.grade == "same")
        if not args.quiet:
            report(pairs, stories, articles, day)
    print(f"{args.split}{' undated' if args.undated else ''}: "
          f"same joined {right['same']}/{total['same']} ({right['same'] / max(1, total['same']):.3f}), "
          f"related kept apart {right['related']}/{total['related']} ({right['related'] / max(1, total['related']):.3f}), "
          f"unrelated kept apart {right['unrelated']}/{total['unrelated']}"
          f" ({right['unrelated'] / max(1, total['unrelated']):.3f}); "
          f"all decisions right {sum(right.values())}/{sum(total.values())}"
          f" ({sum(right.values()) / max(1, sum(total.values())):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
