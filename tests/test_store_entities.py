"""The entity tables: writes replace an article's mentions; queries count, resolve and date them."""

from __future__ import annotations

import sqlite3

import pytest

from marsad.analyse.linking import link
from marsad.record import Article, Entity, Source
from marsad.store import Store
from marsad.store import entities as store_entities


def article(article_id: str, text: str, published: str | None, *names: tuple[str, str]) -> Article:
    """An article linked from hand-made tagger output."""
    tagged = []
    for surface, label in names:
        start = text.index(surface)
        tagged.append(Entity(start, start + len(surface), surface, label))
    return Article(article_id, Source(), text, published=published, entities=link(text, tagged, published))


@pytest.fixture
def db() -> sqlite3.Connection:
    """An in-memory store with the entity tables and three linked articles."""
    store = Store(":memory:")
    store.db.executescript(store_entities.DDL)
    docs = [
        article("a1", "قال رجب طيب أردوغان إن تركيا ستواصل دعم الحل، وكرر أردوغان موقفه.", "2024-03-01T10:00:00",
                ("رجب طيب أردوغان", "PER")),
        article("a2", "أكد أردوغان وفلاديمير بوتين في اتصال هاتفي أهمية التهدئة.", "2024-03-01",
                ("أردوغان", "PER"), ("فلاديمير بوتين", "PER")),
        article("a3", "وقال سامر القباني إن Erdogan سيزور المنطقة.", "2024-03-05", ("سامر القباني", "PER")),
    ]
    for doc in docs:
        store.add(doc)
    store.flush()
    for doc in docs:
        store_entities.write(store.db, doc)
    return store.db


def test_round_trip_keeps_every_linked_mention(db: sqlite3.Connection):
    rows = db.execute('SELECT article_id, entity_id, start, "end", text, label FROM mentions').fetchall()
    records = {r["id"]: r["record"] for r in db.execute("SELECT id, record FROM articles")}
    stored = [tuple(r) for r in rows]
    for doc_id, record in records.items():
        doc = Article.from_json(record)
        expected = [(doc.id, e.id, e.start, e.end, e.text, e.label) for e in doc.entities if e.id]
        assert sorted(m for m in stored if m[0] == doc_id) == sorted(expected)
        for e in doc.entities:
            assert doc.text[e.start : e.end] == e.text


def test_write_replaces_an_articles_rows(db: sqlite3.Connection):
    text = "وقال بوتين إن الحوار ممكن."
    store_entities.write(db, Article("a2", Source(), text, entities=link(text, [])))
    assert store_entities.article_ids_for_entity(db, "Q7747") == ["a2"]
    assert store_entities.article_ids_for_entity(db, "Q39259") == ["a1", "a3"]


def test_top_entities_counts_articles_and_mentions(db: sqlite3.Connection):
    top = store_entities.top_entities(db, label="PER")
    assert top[0] == {"id": "Q39259", "name": "رجب طيب أردوغان", "label": "PER", "articles": 3, "mentions": 4}
    assert {row["label"] for row in store_entities.top_entities(db)} >= {"PER", "LOC"}
    assert len(store_entities.top_entities(db, limit=1)) == 1


def test_entity_details_list_the_spellings_seen(db: sqlite3.Connection):
    info = store_entities.entity(db, "Q39259")
    assert info is not None
    assert info["articles"] == 3 and info["local"] is False
    assert set(info["aliases"]) == {"رجب طيب أردوغان", "أردوغان", "Erdogan"}
    assert store_entities.entity(db, "Q0") is None


def test_timeline_counts_articles_per_day(db: sqlite3.Connection):
    assert store_entities.entity_timeline(db, "Q39259") == [("2024-03-01", 2), ("2024-03-05", 1)]


@pytest.mark.parametrize("query", ["Q39259", "Erdogan", "أردوغان", "وأردوغان"])
def test_resolve_entity_by_id_or_any_name(db: sqlite3.Connection, query: str):
    assert store_entities.resolve_entity(db, query)[0] == "Q39259"


def test_local_entities_resolve_by_mention_text(db: sqlite3.Connection):
    ids = store_entities.resolve_entity(db, "سامر القباني")
    assert len(ids) == 1 and ids[0].startswith("local:PER:")
    assert store_entities.entity(db, ids[0])["local"] is True  # type: ignore[index]
    assert store_entities.article_ids_for_entity(db, ids[0]) == ["a3"]
