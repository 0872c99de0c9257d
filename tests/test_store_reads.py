"""StoreReads: the reads every interface makes, on a writable store and read-only, old tables missing or not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from marsad.record import Article, Entity, Source
from marsad.store import Store
from marsad.store.reads import StoreReads

TEXT = "قال وزير الخارجية نادر قطامش إن المحادثات ستستأنف في أنقرة الأسبوع المقبل."


def _article() -> Article:
    start = TEXT.index("نادر")
    return Article(id="r1", source=Source("r1.txt", None, "text"), text=TEXT, title="محادثات في أنقرة",
                   site="موقع أ", published="2024-05-14T08:15:00",
                   entities=[Entity(start, start + len("نادر قطامش"), "نادر قطامش", "PER", "local:PER:r1", "نادر قطامش")])


def _every_read(reads: StoreReads) -> dict[str, object]:
    return {
        "counts": reads.counts(), "latest": [a["id"] for a in reads.latest_articles()],
        "found": reads.find_articles("المحادثات").total, "entity_ids": reads.entity_ids("نادر قطامش"),
        "top": [e["id"] for e in reads.top_entities()], "reader": reads.reader_search(
            "أنقرة", None, None, None, None, None, None, None, "relevance", 10, 0)["total"],
        "detail": (reads.article_detail("r1") or {}).get("id"), "statements": reads.statements().total,
        "stories": reads.stories(), "story": reads.story_detail("s-r1"), "outlets": len(reads.outlets()),
        "cited": reads.cited_media(), "copies": reads.republications(), "day": reads.day_summary()["articles"],
    }


def test_a_store_and_a_read_only_view_of_it_answer_alike(tmp_path: Path) -> None:
    path = str(tmp_path / "m.db")
    with Store(path) as store:
        store.add(_article())
        store.flush()
        written = _every_read(store)
    reads = StoreReads.open_readonly(path)
    try:
        assert _every_read(reads) == written
    finally:
        reads.close()
    assert written["counts"] == {"articles": 1, "media": 1, "statements": 0, "entities": 1, "stories": 0}
    assert written["entity_ids"] == written["top"] == ["local:PER:r1"]
    assert (written["found"], written["reader"], written["detail"], written["day"]) == (1, 1, "r1", 1)


def test_tables_an_older_store_lacks_read_as_empty(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    with Store(path) as store:
        store.add(_article())
    db = sqlite3.connect(path)
    for table in ("mentions", "entities", "statements", "cited_media", "article_sources", "corpus_docs",
                  "republications", "story_docs", "stories"):
        db.execute(f"DROP TABLE {table}")
    db.commit()
    db.close()
    reads = StoreReads.open_readonly(path)
    try:
        found = _every_read(reads)
    finally:
        reads.close()
    assert found["counts"] == {"articles": 1, "media": 1, "statements": 0, "entities": 0, "stories": 0}
    assert found["entity_ids"] == found["top"] == found["stories"] == found["cited"] == found["copies"] == []
    assert (found["statements"], found["story"], found["detail"]) == (0, None, "r1")
