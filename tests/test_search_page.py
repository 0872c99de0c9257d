"""Search reads the stored record (for the snippet) of the articles on the page only, not of every match.

A frequent word matches most of a large store: reading each match's whole JSON record
to rank them made a search of a 100,000-article store read the articles table from end to end.
"""

from __future__ import annotations

import sqlite3

from marsad.record import Article, Source
from marsad.store import Store
from marsad.store.articles import find_articles
from marsad.text.tokens import stems

WORD = "الزيتون"


def _article(n: int) -> Article:
    # n repeats of the word in a text of fixed length: bm25 ranks them apart.
    words = [WORD] * (1 + n % 7) + ["موسم"] * (12 - n % 7)
    return Article(id=f"a{n:02d}", source=Source(f"a{n}.txt", None, "text"), text=" ".join(words) + ".",
                   title=f"حصاد رقم {n}", published=f"2024-03-{1 + n % 28:02d}")


def test_a_page_of_results_reads_only_its_own_records() -> None:
    with Store(":memory:") as store:
        for n in range(40):
            store.add(_article(n))
        store.flush()
        before = find_articles(store.db, WORD, limit=5, offset=5)
        page = [hit.id for hit in before.hits]
        # Every other record is made unreadable: the page must not need them.
        marks = ", ".join("?" * len(page))
        store.db.execute(f"UPDATE articles SET record = '{{' WHERE id NOT IN ({marks})", page)
        after = find_articles(store.db, WORD, limit=5, offset=5)
    assert len(page) == 5
    assert after == before
    assert after.total == 40


def test_the_count_of_a_word_query_reads_the_full_text_index_alone() -> None:
    statements: list[set[str]] = []  # the tables each prepared SELECT reads, in order

    def watch(action: int, table: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_SELECT:
            statements.append(set())
        elif action == sqlite3.SQLITE_READ and table and statements:
            statements[-1].add(table)
        return sqlite3.SQLITE_OK

    with Store(":memory:") as store:
        for n in range(40):
            store.add(_article(n))
        store.flush()
        expected = store.db.execute("SELECT count(*) FROM articles a JOIN articles_fts f ON f.rowid = a.rowid"
                                    " WHERE articles_fts MATCH ?", ('"' + stems(WORD)[0] + '"',)).fetchone()[0]
        store.db.set_authorizer(watch)
        page = find_articles(store.db, WORD, limit=1)
        store.db.set_authorizer(None)
    assert page.total == expected == 40
    # The count is the first statement; then the ranked page and its record.
    assert statements[0] == {"articles_fts"}, statements
