"""Memory stays bounded over many articles: every cache has a bound, and no document is kept.

The documents are written here: reporting sentences around words made of random
Arabic syllables, so almost every document brings words no cache has seen (as a
crawl does with names, transliterations and typos).
"""

from __future__ import annotations

import gc
import json
import random
import subprocess
import sys
import tracemalloc

import marsad
from marsad import lru
from marsad.corpus.features import Featurizer

CONSONANTS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"
FRAMES = (
    "قال وزير الخارجية {a} {b} إن المحادثات في {c} ستستأنف الأسبوع المقبل.",
    "وأكد مصدر دبلوماسي أن {a} و{b} وصلا إلى القاهرة يوم الأربعاء لبحث {c}.",
    "وكشفت صحيفة الشرق الأوسط أن شركة {a} {b} وقعت عقداً بقيمة 12 مليون دولار مع {c}.",
    "وتقع بلدة {a} شمال {b}، على بعد 40 كيلومتراً من {c}.",
)


def _new_word(rng: random.Random) -> str:
    return "".join(rng.choice(CONSONANTS) + rng.choice(("ا", "و", "ي", "")) for _ in range(rng.randint(2, 4)))


def documents(count: int, seed: int = 3) -> list[str]:
    """``count`` distinct short articles, each with a dozen or more new words."""
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        sentences = [rng.choice(FRAMES).format(a=_new_word(rng), b=_new_word(rng), c=_new_word(rng))
                     for _ in range(rng.randint(4, 7))]
        docs.append("\n".join(sentences))
    return docs


def records(docs: list[str]) -> list[str]:
    return [article.to_json() for doc in docs for article in marsad.process(doc)]


def test_every_cache_marsad_holds_has_a_bound_and_keeps_to_it() -> None:
    records(documents(200))
    featurizer = Featurizer()
    featurizer.vector(" ".join(documents(20, seed=4)))
    found = {name: (bound, entries) for name, bound, entries in lru.caches()}
    # The discovery must see the per-word caches of every stage, or it proves nothing.
    names = " ".join(found)
    for expected in ("tokens.stem", "features._known_token", "keys.word_key", "common.is_common", "LRU@"):
        assert expected in names, expected
    unbounded = [name for name, (bound, _) in found.items() if bound is None or bound > lru.WORDS]
    assert unbounded == []
    assert all(entries <= bound for bound, entries in found.values() if bound is not None)
    assert any(entries > 0 for name, (_, entries) in found.items() if name.startswith("LRU@"))


def test_lru_forgets_the_least_recently_used() -> None:
    memo: lru.LRU[str, int] = lru.LRU(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # "b" is now the least recently used
    memo.put("c", 3)
    assert len(memo) == 2 and "b" not in memo and memo.get("a") == 1 and memo.get("c") == 3


_TINY = """
import json, sys
import marsad.lru as bounds
bounds.WORDS, bounds.FEATURES = 16, 4
import marsad
docs = json.loads(sys.stdin.read())
out = [a.to_json() for d in docs for a in marsad.process(d)]
full = [name for name, bound, entries in bounds.caches() if bound == 16 and entries == 16]
print(json.dumps({"records": out, "full": full}, ensure_ascii=False))
"""


def test_records_do_not_depend_on_cache_sizes() -> None:
    """With caches of 16 and 4 entries (evicting all the time), the records are the same."""
    docs = documents(30, seed=5)
    done = subprocess.run([sys.executable, "-c", _TINY], input=json.dumps(docs), capture_output=True,
                          text=True, encoding="utf-8", check=True)
    tiny = json.loads(done.stdout)
    assert "marsad.text.tokens.stem" in tiny["full"]  # it did evict
    assert tiny["records"] == records(docs)


def test_no_state_is_kept_per_document() -> None:
    """The same documents once more leave no new Python allocations behind."""
    docs = documents(60, seed=6)
    records(docs)
    records(docs)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        records(docs)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 64 * 1024, f"{grown} bytes kept after 60 documents already seen"
