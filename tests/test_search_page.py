"""Search reads the stored record (for the snippet) of the articles on the page only, not of every match.

A frequent word matches most of a large store: reading each match's whole JSON record
to rank them made a search of a 100,000-article store read the articles table from end to end.
"""

from __future__ import annotations

from marsad.record import Article, Source
from marsad.store import Store
from marsad.store.articles import find_articles

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
