"""The most-mentioned entities of one real day of news, as marsad's home page ranks them.

Every article of ``news-2013.jsonl.xz`` published on ``--day`` goes through the
entity and linking stages; entity ids are ranked by the number of articles that
mention them, then by mentions (``marsad.store.entities.top_entities``'s order),
each shown with its most frequent name and label.

    python scripts/top_entities_day.py --day 2013-03-03 --top 20
"""

from __future__ import annotations

import argparse
import json
import lzma
import time
from collections import Counter
from pathlib import Path

from marsad.analyse.linking.stage import LinkStage
from marsad.analyse.ner.stage import EntityStage
from marsad.record import Article, Source

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Print the day's top entities."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/data/unlabeled/news-2013.jsonl.xz")
    parser.add_argument("--day", default="2013-03-03")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    entity_stage, link_stage = EntityStage(), LinkStage()
    articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    names: dict[str, Counter[tuple[str, str]]] = {}
    n = 0
    t0 = time.time()
    with lzma.open(args.corpus, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            doc = json.loads(line)
            if doc["time"][:10] != args.day:
                continue
            n += 1
            article = Article(f"line-{number}", Source(), doc["text"], published=doc["time"])
            article = link_stage.process(entity_stage.process(article))
            ids = [e.id for e in article.entities if e.id]
            mentions.update(ids)
            articles.update(set(ids))
            for e in article.entities:
                if e.id:
                    names.setdefault(e.id, Counter())[(e.name or e.text, e.label)] += 1
    ranked = sorted(articles, key=lambda k: (-articles[k], -mentions[k], k))[: args.top]
    print(f"{n} articles of {args.day} in {time.time() - t0:.0f}s")
    for rank, key in enumerate(ranked, 1):
        name, label = names[key].most_common(1)[0][0]
        print(f"{rank:3d}  {articles[key]:5d} {mentions[key]:6d}  {label:<5} {name}  ({key})")


if __name__ == "__main__":
    main()
