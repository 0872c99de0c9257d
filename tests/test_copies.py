"""Copies: shingles, MinHash equal to datasketch's, LSH in SQLite, groups and copy_of."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from marsad.corpus import shingles as sh
from marsad.corpus.copies import CANDIDATE, THRESHOLD, lsh_params, update_copies
from marsad.corpus.minhash import MinHasher
from marsad.record import Article, Source
from marsad.store import Store
from marsad.store.corpus import copies_of, republications

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def vocabulary(seed: int, size: int = 3000) -> list[str]:
    """Made-up Arabic-script words, stable for a seed."""
    rng = random.Random(seed)
    return ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7))) for _ in range(size)]


def body(seed: int, words: int = 200) -> str:
    """A ~200-word synthetic article body."""
    rng = random.Random(seed)
    vocab = vocabulary(0)
    sentences, out = [], []
    for word in rng.choices(vocab, k=words):
        out.append(word)
        if len(out) == 12:
            sentences.append(" ".join(out) + ".")
            out = []
    return " ".join(sentences + ([" ".join(out) + "."] if out else []))


def article(key: str, text: str, published: str, site: str, title: str = "عنوان") -> Article:
    """A stored-shaped record."""
    return Article(id=key, source=Source(path=f"{key}.txt"), text=text, title=title, site=site, published=published)


def ingest(store: Store, articles: list[Article]) -> None:
    """Store articles and update copies."""
    for a in articles:
        store.add(a)
    store.flush()
    update_copies(store)


def copy_map(store: Store) -> dict[str, str | None]:
    """Each stored article's ``copy_of`` as the JSON record says it."""
    rows = store.db.execute("SELECT id, record FROM articles").fetchall()
    return {r["id"]: json.loads(r["record"])["copy_of"] for r in rows}


def republished(text: str) -> str:
    """The same body with an extra lede sentence, as a republisher writes it."""
    return "نقلت وكالة الأنباء عن مصادر مطلعة صباح اليوم تفاصيل جديدة حول الخبر التالي. " + text


def test_minhash_equals_datasketch() -> None:
    datasketch = pytest.importorskip("datasketch")
    docs = [sh.hash32(sh.shingles(body(i))) for i in range(5)] + [np.array([], dtype=np.uint32)]
    signatures = MinHasher().sign(docs)
    for doc, signature in zip(docs, signatures, strict=True):
        reference = datasketch.MinHash(num_perm=128, seed=1, hashfunc=int)
        if len(doc):
            reference.update_batch([int(x) for x in doc])
        assert np.array_equal(reference.hashvalues, signature)


def test_lsh_params_match_datasketch() -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    assert lsh_params(0.8) == lsh._optimal_param(0.8, 128, 0.5, 0.5)


def test_shingles_fold_orthography() -> None:
    assert np.array_equal(sh.shingles("قالَ الرئيسُ إنّ المدينة آمنة اليوم"), sh.shingles("قال الرئيس ان المدينه امنه اليوم"))


def test_republished_copy_with_new_headline_and_lede() -> None:
    original = body(1)
    copy = republished(original)
    assert sh.jaccard(sh.shingles(original), sh.shingles(copy)) >= 0.8
    with Store(":memory:") as store:
        ingest(store, [article("a", original, "2024-01-01", "site-a", "الخبر"),
                       article("b", copy, "2024-01-02", "site-b", "عنوان آخر تماما"),
                       article("c", body(2), "2024-01-01", "site-c")])
        assert copy_map(store) == {"a": None, "b": "a", "c": None}
        assert [c["id"] for c in copies_of(store.db, "b")] == ["a"]
        assert republications(store.db) == [{"article_id": "b", "original_id": "a", "site": "site-b",
                                             "outlet": None, "original_site": "site-a", "original_outlet": None}]


def test_earliest_by_date_then_ingest_order() -> None:
    text = body(3)
    with Store(":memory:") as store:
        ingest(store, [article("late", republished(text), "2024-02-03", "x"),
                       article("early", text, "2024-02-01", "y"),
                       article("same-day-second", text + " وانتهى.", "2024-02-01", "z")])
        assert copy_map(store) == {"late": "early", "early": None, "same-day-second": "early"}


def test_symmetric_and_incremental_equals_one_shot() -> None:
    texts = [body(10), body(11)]
    batch = [article("p1", texts[0], "2024-03-02", "s1"), article("p2", texts[1], "2024-03-01", "s2"),
             article("p3", republished(texts[0]), "2024-03-01", "s3"), article("p4", texts[1] + " خبر.", "2024-03-05", "s4"),
             article("p5", body(12), "2024-03-01", "s5")]
    with Store(":memory:") as one_shot:
        ingest(one_shot, batch)
        expected = copy_map(one_shot)
    with Store(":memory:") as step:
        for a in batch:
            ingest(step, [a])
        assert copy_map(step) == expected
    assert expected == {"p1": "p3", "p2": None, "p3": None, "p4": "p2", "p5": None}


def test_rerun_is_idempotent_and_changed_record_keeps_copy_of() -> None:
    text = body(20)
    with Store(":memory:") as store:
        ingest(store, [article("o", text, "2024-01-01", "s"), article("c", republished(text), "2024-01-02", "t")])
        assert update_copies(store)["signed"] == 0
        changed = article("c", republished(text) + " تحديث.", "2024-01-02", "t")
        ingest(store, [changed])
        assert copy_map(store) == {"o": None, "c": "o"}


def test_store_banded_under_another_shape_is_rebanded() -> None:
    text = body(30)
    with Store(":memory:") as store:
        ingest(store, [article("o", text, "2024-01-01", "s")])
        store.db.execute("UPDATE corpus_bands SET band = band & 255 | (13 << 8)")  # as if cut 9 x 13
        ingest(store, [article("c", republished(text), "2024-01-02", "t")])
        assert copy_map(store) == {"o": None, "c": "o"}
        assert store.db.execute("SELECT count(DISTINCT band >> 8) FROM corpus_bands").fetchone()[0] == 1


def test_pair_at_the_threshold_is_a_candidate() -> None:
    bands, rows = lsh_params(CANDIDATE)
    assert 1 - (1 - THRESHOLD**rows) ** bands > 0.99
