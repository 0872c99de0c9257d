"""Cited media table: relayed statements credited to the cited medium, in linear work."""

from __future__ import annotations

import sqlite3

import pytest

from marsad import outlets
from marsad.store import sources


def scratch(cited: list[str], relayed: list[tuple[str, int]]) -> sqlite3.Connection:
    """A bare store: one article citing each of ``cited``, statements relayed via each text."""
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE articles (id TEXT PRIMARY KEY, site_id INTEGER, outlet_id INTEGER);"
        "CREATE TABLE cited_media (article_id TEXT, entity_id TEXT, name TEXT);"
        "CREATE TABLE statements (article_id TEXT, via_entity TEXT, via_text TEXT);")
    for i, name in enumerate(cited):
        db.execute("INSERT INTO articles VALUES (?, 1, ?)", (f"a{i}", i + 2))
        db.execute("INSERT INTO cited_media VALUES (?, NULL, ?)", (f"a{i}", name))
    for text, n in relayed:
        db.executemany("INSERT INTO statements VALUES ('a0', NULL, ?)", [(text,)] * n)
    return db


def test_relayed_statements_go_to_the_cited_medium_they_name() -> None:
    db = scratch(["الأفق", "وكالة الخبر"], [("لصحيفة «الأفق»", 2), ("نقلا عن وكالة الخبر", 1),
                                           ("مصدر مجهول", 1), ("الأفقية", 1)])
    table = {row["id"]: row for row in sources.cited_media_table(db)}
    assert table["الأفق"]["statements"] == 2
    assert table["وكالة الخبر"]["statements"] == 1
    # an unmatched text is its own row; a word that merely starts with a name is not the name
    assert table["مصدر مجهول"]["statements"] == 1 and table["الأفقية"]["statements"] == 1


def test_each_name_and_text_is_normalised_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 150
    cited = [f"صحيفة رقم{i}" for i in range(n)]
    db = scratch(cited, [(f"لصحيفة رقم{i} اليوم", 1) for i in range(n)] + [(f"مصدر {i}", 1) for i in range(n)])
    sources.registry()  # built once, outside the count
    calls = 0
    real = sources.name_key

    def counted(name: str) -> str:
        nonlocal calls
        calls += 1
        return real(name)

    monkeypatch.setattr(sources, "name_key", counted)
    monkeypatch.setattr(outlets, "name_key", counted)  # the registry's lookups count too
    table = sources.cited_media_table(db, limit=10 * n)
    assert all(row["statements"] == 1 for row in table) and len(table) == 2 * n
    # once per cited name, once per relayed text, once per displayed name; a scan of every
    # text against every name would make n * n = 22,500 calls
    assert calls <= 5 * n
