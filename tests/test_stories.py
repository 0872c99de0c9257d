"""Stories: same-event articles join, fragments merge, the window splits, incremental equals one-shot, bridges do not chain."""

from __future__ import annotations

import dataclasses
import json
import random
import sqlite3

from marsad.corpus import update_corpus
from marsad.corpus.features import Featurizer
from marsad.corpus.similarity import (
    Model,
    anchor,
    article_doc,
    centroid,
    differ,
    entity_overlap,
    numbers,
    probability,
)
from marsad.corpus.stories import ARRIVALS_PER_DAY, Params, representative_headline, update_stories
from marsad.record import Article, Entity, Source
from marsad.store import Store
from marsad.store.corpus import story
from marsad.store.story_lists import rank_stories

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def words(seed: int, size: int) -> list[str]:
    """Made-up Arabic-script words, stable for a seed."""
    rng = random.Random(seed)
    return ["".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 7))) for _ in range(size)]


def report(event: int, seed: int, n: int = 150) -> tuple[str, str]:
    """A headline and body about ``event``: its own terms mixed with general filler."""
    rng = random.Random(seed)
    terms, filler = words(1000 + event, 25), words(7, 2000)
    text = " ".join(rng.choice(terms) if rng.random() < 0.4 else rng.choice(filler) for _ in range(n))
    return " ".join(rng.sample(terms, 6)), text


def article(key: str, event: int, seed: int, published: str, site: str) -> Article:
    """A record reporting ``event``."""
    title, text = report(event, seed)
    return Article(id=key, source=Source(path=key), text=text, title=title, site=site, published=published)


def placed(store: Store) -> dict[str, str]:
    """Each article's ``story`` as its JSON record says it."""
    return {r["id"]: json.loads(r["record"])["story"] for r in store.db.execute("SELECT id, record FROM articles")}


def merges(store: Store) -> list[tuple[str, str, str]]:
    """The recorded story merges: the founding articles of the absorbed and the absorbing group, and
    the article that caused the merge."""
    return sorted(tuple(row) for row in store.db.execute(
        "SELECT a.id, i.id, m.article FROM story_merges m JOIN articles a ON a.rowid = m.absorbed"
        " JOIN articles i ON i.rowid = m.into_group"))


def batch() -> list[Article]:
    """Two events covered by several outlets, a copy, and a late follow-up."""
    first_title, first_text = report(1, 1)
    copy = Article(id="e1-copy", source=Source(path="c"), text="خبر منقول. " + first_text, title="عنوان جديد",
                   site="ناقل", published="2024-05-02T09:00:00")
    return [
        article("e1-b", 1, 2, "2024-05-01T12:00:00", "الوطن"),
        Article(id="e1-a", source=Source(path="a"), text=first_text, title=first_title, site="الشروق",
                published="2024-05-01T08:00:00"),
        article("e2-a", 2, 3, "2024-05-01T10:00:00", "الوطن"),
        copy,
        article("e2-b", 2, 4, "2024-05-02T10:00:00", "مصراوي"),
        article("e1-late", 1, 5, "2024-05-09T10:00:00", "الوطن"),
    ]


def test_same_event_joins_and_window_splits() -> None:
    with Store(":memory:") as store:
        for a in batch():
            store.add(a)
        counts = update_corpus(store)
        assert counts["signed"] == counts["placed"] == 6
        got = placed(store)
        assert got["e1-a"] == got["e1-b"] == got["e1-copy"] == "s-e1-a"
        assert got["e2-a"] == got["e2-b"] == "s-e2-a"
        assert got["e1-late"] == "s-e1-late"  # eight days later: past the 3-day window
        listed = {s["id"]: s for s in rank_stories(store.db)}
        assert listed["s-e1-a"]["articles"] == 3
        assert listed["s-e1-a"]["outlets"] == ["الشروق", "الوطن", "ناقل"]
        timeline = story(store.db, "s-e1-a")
        assert timeline is not None
        assert [t["id"] for t in timeline["timeline"]] == ["e1-a", "e1-b", "e1-copy"]
        assert timeline["timeline"][0]["first"] and timeline["timeline"][2]["copy_of"] == "e1-a"
        assert story(store.db, "s-none") is None


def test_wider_window_keeps_the_follow_up() -> None:
    with Store(":memory:") as store:
        for a in batch():
            store.add(a)
        store.flush()
        update_stories(store, Params(window=10.0))
        assert placed(store)["e1-late"] == "s-e1-a"


def test_incremental_equals_one_shot() -> None:
    articles = batch()
    with Store(":memory:") as one_shot:
        for a in articles:
            one_shot.add(a)
        update_corpus(one_shot)
        expected = placed(one_shot)
        expected_copies = {r["id"]: json.loads(r["record"])["copy_of"] for r in one_shot.db.execute("SELECT * FROM articles")}
    with Store(":memory:") as step:
        for a in articles:
            step.add(a)
            update_corpus(step)
        assert placed(step) == expected
        assert {r["id"]: json.loads(r["record"])["copy_of"] for r in step.db.execute("SELECT * FROM articles")} == expected_copies
        assert len(rank_stories(step.db)) == 3


def test_top_entities_counted() -> None:
    a = article("x1", 3, 1, "2024-06-01", "أ")
    b = article("x2", 3, 2, "2024-06-01", "ب")
    a.entities = [Entity(0, 1, a.text[0], "LOC", "Q1", "إدلب")]
    b.entities = [Entity(0, 1, b.text[0], "LOC", "Q1", "إدلب")]
    with Store(":memory:") as store:
        store.add(a)
        store.add(b)
        update_corpus(store)
        (only,) = rank_stories(store.db)
        assert only["top_entities"] == [{"id": "Q1", "articles": 2, "name": "إدلب", "label": "LOC"}]


def mixed(key: str, events: tuple[int, int], seed: int, published: str, site: str) -> Article:
    """A record half about one event and half about another: the bridge single-link chained through."""
    (t1, x1), (t2, x2) = report(events[0], seed), report(events[1], seed + 50)
    return Article(id=key, source=Source(path=key), text=x1[: len(x1) // 2] + " " + x2[: len(x2) // 2],
                   title=t1 + " " + t2, site=site, published=published)


def test_one_bridge_does_not_chain_two_events() -> None:
    with Store(":memory:") as store:
        for a in (article("a1", 5, 1, "2024-07-01T08:00", "أ"), article("a2", 5, 2, "2024-07-01T09:00", "ب"),
                  article("a3", 5, 3, "2024-07-01T10:00", "ج"), mixed("bridge", (5, 6), 4, "2024-07-01T11:00", "د"),
                  article("b1", 6, 5, "2024-07-01T12:00", "ه"), article("b2", 6, 6, "2024-07-01T13:00", "و")):
            store.add(a)
        update_corpus(store)
        got = placed(store)
        assert got["a1"] == got["a2"] == got["a3"] == "s-a1"
        assert got["b1"] == got["b2"] != got["a1"]


# Body cosine alone decides, and an article joins from cosine 0.35: a story's centroid (summed
# vectors) reaches that with an article half about its event, its members one by one do not.
BODY_STRICT = Model((20.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), -7.0, 0.5, 1.01)


def test_an_article_joins_only_with_the_support_of_the_story_members() -> None:
    """Half about the story's event and half about another: close to what the story's members have
    in common, far from each of them. The centroid alone takes it in; asking half of the members
    to agree keeps it out, and the members themselves still make one story."""
    results = {}
    for support in (0.0, 0.5):
        with Store(":memory:") as store:
            for i in range(1, 5):
                store.add(article(f"a{i}", 5, i, f"2024-07-01T0{i}:00", f"s{i}"))
            store.add(mixed("x", (5, 6), 9, "2024-07-01T09:00", "y"))
            store.flush()
            update_stories(store, Params(model=BODY_STRICT, support=support))
            results[support] = placed(store)
    assert {results[0.0][f"a{i}"] for i in range(1, 5)} == {"s-a1"} == {results[0.5][f"a{i}"] for i in range(1, 5)}
    assert results[0.0]["x"] == "s-a1"
    assert results[0.5]["x"] == "s-x"


def part_report(key: str, part: str, seed: int, published: str) -> Article:
    """A report of event 9 using the first half of its terms (``A``), the second (``B``) or all (``AB``)."""
    rng = random.Random(seed)
    terms, filler = words(1009, 50), words(7, 2000)
    own = {"A": terms[:25], "B": terms[25:], "AB": terms}[part]
    text = " ".join(rng.choice(own) if rng.random() < 0.4 else rng.choice(filler) for _ in range(150))
    return Article(id=key, source=Source(path=key), text=text, title=" ".join(rng.sample(own, 6)), site=key,
                   published=published)


def fragments() -> list[Article]:
    """Event 9 reported first in two fragments (A, B), then by fuller reports (AB); and event 11."""
    return [part_report("a1", "A", 1, "2024-08-01T08:00"), part_report("a2", "A", 2, "2024-08-01T08:30"),
            part_report("b1", "B", 3, "2024-08-01T09:00"), part_report("b2", "B", 4, "2024-08-01T09:30"),
            part_report("c1", "AB", 5, "2024-08-01T10:00"), part_report("c2", "AB", 7, "2024-08-01T10:10"),
            part_report("d", "B", 6, "2024-08-01T11:00"), article("x1", 11, 1, "2024-08-01T10:30", "س"),
            article("x2", 11, 2, "2024-08-01T12:00", "ص")]


# Body cosine alone decides: joins from 0.15, merges from about 0.17.
BODY_ONLY = Model((20.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), -3.0, 0.5, 0.6)


def test_fuller_reports_merge_the_fragments_of_one_event() -> None:
    for merge, merged in ((None, True), (1.01, False)):
        with Store(":memory:") as store:
            for a in fragments():
                store.add(a)
            store.flush()
            update_stories(store, Params(model=BODY_ONLY, merge=merge))
            got = placed(store)
            assert got["a1"] == got["a2"] and got["b1"] == got["b2"] == got["c1"] == got["c2"] == got["d"]
            assert (got["a1"] == got["b1"] == "s-a1") is merged
            assert got["x1"] == got["x2"] == "s-x1"
            assert len(rank_stories(store.db)) == (2 if merged else 3)
            if merged:
                assert story(store.db, "s-b1") is None
                timeline = story(store.db, "s-a1")
                assert timeline is not None and len(timeline["timeline"]) == 7


def test_old_story_ids_lead_to_the_story_that_took_them_in() -> None:
    articles = {a.id: a for a in fragments()}
    with Store(":memory:") as store:
        for key in ("b2", "a1", "a2"):
            store.add(articles[key])
        store.flush()
        update_stories(store, Params(model=BODY_ONLY))
        assert {s["id"] for s in rank_stories(store.db)} == {"s-a1", "s-b2"}
        store.add(articles["b1"])  # earlier than b2: its story is now s-b1
        store.flush()
        update_stories(store, Params(model=BODY_ONLY))
        renamed = story(store.db, "s-b2")
        assert renamed is not None and renamed["id"] == "s-b1" and renamed["renamed_from"] == "s-b2"
        for key in ("c1", "c2", "d"):  # the fuller reports merge s-b1 into s-a1
            store.add(articles[key])
        store.flush()
        update_stories(store, Params(model=BODY_ONLY))
        assert {s["id"] for s in rank_stories(store.db)} == {"s-a1"}
        for old in ("s-b1", "s-b2"):
            merged = story(store.db, old)
            assert merged is not None and merged["id"] == "s-a1" and merged["renamed_from"] == old
            assert len(merged["timeline"]) == 7
        assert "renamed_from" not in (story(store.db, "s-a1") or {})
        assert story(store.db, "s-c1") is None


def test_incremental_equals_one_shot_across_merges() -> None:
    params = Params(model=BODY_ONLY)
    with Store(":memory:") as one_shot:
        for a in fragments():
            one_shot.add(a)
        one_shot.flush()
        update_stories(one_shot, params)
        expected, expected_stories, expected_merges = placed(one_shot), rank_stories(one_shot.db), merges(one_shot)
    assert expected["a1"] == expected["b1"] and expected_merges
    for seed in range(6):
        articles = fragments()
        random.Random(seed).shuffle(articles)
        with Store(":memory:") as step:
            for a in articles:
                step.add(a)
                step.flush()
                update_stories(step, params)
            assert placed(step) == expected, seed
            assert rank_stories(step.db) == expected_stories, seed
            assert merges(step) == expected_merges, seed


def test_entity_overlap_weighs_rare_entities() -> None:
    country, city = "Q79", "gn:360630"
    assert entity_overlap([country, "local:PER:x"], [country, "local:PER:y"]) < 0.2
    assert entity_overlap([country, "local:PER:x"], [city, "local:PER:x"]) > 0.8
    assert entity_overlap([], ["local:PER:x"]) == 0.0


def test_shared_entities_raise_the_probability() -> None:
    featurizer = Featurizer()
    title, text = report(7, 1)
    other_title, other_text = report(8, 2)
    a = article_doc(featurizer, title, text, ("Q79", "local:PER:x"), None)
    b = article_doc(featurizer, other_title, other_text, ("Q79", "local:PER:x"), None)
    c = dataclasses.replace(b, entities=("Q79", "local:PER:y"))
    assert probability(a, b) > probability(a, c)


def test_different_towns_or_people_tell_events_of_one_kind_apart() -> None:
    cairo, giza, egypt = "gn:360630", "local:LOC:الجيزة", "Q79"
    assert differ([cairo, egypt], [giza, egypt], "place") == 1.0  # two towns, the country shared
    assert differ([cairo], [cairo, giza], "place") == 0.0  # one town in both
    assert differ([egypt], [egypt, giza], "place") == 0.0  # a country is no town
    assert differ(["local:PER:x"], ["local:PER:y"], "person") == 1.0
    assert differ(["local:PER:x"], [], "person") == 0.0
    featurizer = Featurizer()
    title, text = report(7, 1)
    a = article_doc(featurizer, title, text, (cairo,), None)
    b = article_doc(featurizer, *report(7, 2), (giza,), None)
    assert probability(a, b) < probability(a, dataclasses.replace(b, entities=(cairo,)))


def test_numbers_skip_years_and_read_arabic_digits() -> None:
    assert numbers("قتل ١٢ شخصا و12 جريحا في 2013 من أصل 7 و350") == ("12", "350")
    assert numbers("لا أرقام هنا") == ()


def test_anchor_is_the_rarest_shared_headline_term() -> None:
    featurizer = Featurizer()
    # «المسحول» is rare, «قال» is everywhere: sharing the rare word is the stronger sign.
    rare = anchor(featurizer.rarities("النيابة تحقق في واقعة المسحول"), featurizer.rarities("تضامن مع المسحول"))
    common = anchor(featurizer.rarities("قال الوزير"), featurizer.rarities("قال السفير"))
    assert rare > common > 0.0
    assert anchor(featurizer.rarities("المسحول"), featurizer.rarities("الموازنة")) == 0.0


def test_centroid_sums_members_and_keeps_their_evidence() -> None:
    featurizer = Featurizer()
    a = article_doc(featurizer, *report(3, 1), ("Q79",), "2024-05-01T08:00:00")
    b = article_doc(featurizer, *report(3, 2), ("local:PER:x",), "2024-05-02T08:00:00")
    core = centroid([a, b])
    assert core.entities == ("Q79", "local:PER:x") and core.day == b.day
    assert abs(float((core.body.weights.astype(float) ** 2).sum()) - 1.0) < 1e-5
    assert set(core.anchors.terms.tolist()) == set(a.anchors.terms.tolist()) | set(b.anchors.terms.tolist())
    assert centroid([a]) is a
    # A third report of the event is closer to the story's core than to its farther member.
    c = article_doc(featurizer, *report(3, 3), (), "2024-05-02T09:00:00")
    assert probability(c, core) >= min(probability(c, a), probability(c, b))


def test_a_story_core_is_what_most_members_give() -> None:
    """Headline words, entities and numbers of one stray member do not widen a story's core."""
    featurizer = Featurizer()
    members = [article_doc(featurizer, *report(3, seed), ("local:PER:x", "Q79"), "2024-05-01T08:00:00")
               for seed in (1, 2, 3)]
    stray = article_doc(featurizer, "جدة أمير المنطقة", report(4, 9)[1], ("gn:105343", "Q79"), "2024-05-01T09:00:00")
    core = centroid([*members, stray])
    assert core.entities == ("Q79", "local:PER:x")
    assert not set(stray.anchors.terms.tolist()) - set().union(*(m.anchors.terms.tolist() for m in members)) \
        & set(core.anchors.terms.tolist())


def test_story_tables_of_an_older_store_are_rebuilt(tmp_path) -> None:
    path = str(tmp_path / "old.db")
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE story_docs (article INTEGER PRIMARY KEY, digest TEXT NOT NULL, day REAL, vector BLOB NOT NULL,"
        " title BLOB NOT NULL, entities TEXT NOT NULL, story_group INTEGER NOT NULL, story TEXT);"
        " CREATE TABLE stories (id TEXT PRIMARY KEY);"
        " CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        " INSERT INTO meta VALUES ('schema_version', '1');"
    )
    old.close()
    with Store(path) as store:
        for a in batch():
            store.add(a)
        update_corpus(store)
        got = placed(store)
    assert got["e1-a"] == got["e1-b"] == "s-e1-a"
    assert got["e2-a"] != got["e1-a"]


CITY = "gn:105343"  # Jeddah in the registry: a city, as every item of a local outlet's day names it
GOVERNOR = "local:PER:خالد الفيصل"  # and the region's governor, named in most of them


def local_item(key: str, event: int, seed: int, hour: int, site: str) -> Article:
    """One item of a busy local news day: its own event's words, and the city, the governor and
    the region's usual words that every item of the day shares, in the headline too."""
    rng = random.Random(seed)
    own, filler = words(3000 + event, 25), words(7, 2000)
    shared = ["جدة", "أمير", "منطقة", "مكة", "المكرمة", "محافظ", "الأمير", "خالد", "الفيصل", "الأهالي"]
    text = " ".join(rng.choice(own) if rng.random() < 0.3 else rng.choice(shared) if rng.random() < 0.3
                    else rng.choice(filler) for _ in range(150))
    a = Article(id=key, source=Source(path=key), text=text, title="جدة: أمير منطقة مكة " + " ".join(rng.sample(own, 3)),
                site=site, published=f"2024-09-01T{hour // 4:02d}:{hour % 4 * 15:02d}:00")
    a.entities = [Entity(0, 3, "جدة", "LOC", CITY, "جدة"), Entity(0, 3, "خالد", "PER", GOVERNOR, "خالد الفيصل")]
    return a


def test_a_busy_local_day_does_not_chain_its_events() -> None:
    """Thirty events of one city on one day, each reported by two outlets: a shared city, title and
    headline words are a topic, not an event, so no story may hold two events."""
    items = [local_item(f"e{event}-{k}", event, 100 * event + k, (event * 3 + k * 37) % 96, ("عكاظ", "المدينة")[k])
             for event in range(30) for k in range(2)]
    with Store(":memory:") as store:
        for a in items:
            store.add(a)
        update_corpus(store)
        got = placed(store)
    events_of: dict[str, set[str]] = {}
    for key, story_id in got.items():
        events_of.setdefault(story_id, set()).add(key.split("-")[0])
    assert max(len(events) for events in events_of.values()) == 1, sorted(events_of.values(), key=len)[-1]
    joined = sum(got[f"e{event}-0"] == got[f"e{event}-1"] for event in range(30))
    assert joined >= 27


def test_undated_articles_are_grouped_by_their_order_of_arrival() -> None:
    """Without any date, articles are placed by arrival: same-event reports still join, and a
    replay or a rerun places them exactly as before."""
    undated = [dataclasses.replace(a, published=None) for a in batch() if a.id != "e1-late"]
    with Store(":memory:") as one_shot:
        for a in undated:
            one_shot.add(a)
        update_corpus(one_shot)
        got = placed(one_shot)
        times = [json.loads(r[0])["time"] for r in one_shot.db.execute("SELECT record FROM articles")]
    assert got["e1-a"] == got["e1-b"] == got["e1-copy"] != got["e2-a"]
    assert got["e2-a"] == got["e2-b"]
    assert times == [None] * len(undated)
    with Store(":memory:") as step:
        for a in undated:
            step.add(a)
            update_corpus(step)
        assert placed(step) == got


def test_undated_articles_far_apart_in_arrival_are_not_compared() -> None:
    first, second = (dataclasses.replace(a, published=None) for a in batch()[:2])
    filler = [dataclasses.replace(article(f"f{k}", 200 + k, 50 + k, "2024-05-01", "س"), published=None)
              for k in range(3)]
    for window, joined in ((3.5 / ARRIVALS_PER_DAY, False), (4.5 / ARRIVALS_PER_DAY, True)):
        with Store(":memory:") as store:
            store.add(first)
            for a in filler:
                store.add(a)
            store.add(second)  # four arrivals after the first
            store.flush()
            update_stories(store, Params(window=window))
            got = placed(store)
        assert (got[first.id] == got[second.id]) is joined


def test_a_record_time_places_the_article_before_its_publication_date() -> None:
    """The record's ``time`` (from a dateline or a crawl) places an article that has no ``published``."""
    first, second = batch()[0], batch()[1]
    crawled = dataclasses.replace(first, published=None, time={"value": "2024-05-01T12:00:00", "from": "crawl"})
    with Store(":memory:") as store:
        for a in (crawled, second):
            store.add(a)
        update_corpus(store)
        got = placed(store)
        (time_,) = [json.loads(r[0])["time"] for r in store.db.execute(
            "SELECT record FROM articles WHERE id = ?", (first.id,))]
    assert got[first.id] == got[second.id]
    assert time_ == {"value": "2024-05-01T12:00:00", "from": "crawl"}


def test_a_story_names_each_outlet_once_however_its_articles_spell_it() -> None:
    spellings = ("أ ش أ", "أ.ش.أ", "وكالة أنباء الشرق الأوسط")
    with Store(":memory:") as store:
        for k, spelling in enumerate(spellings):
            store.add(dataclasses.replace(article(f"m{k}", 5, k + 1, f"2024-07-01T0{k + 1}:00", f"موقع {k}"),
                                          outlet=spelling))
        update_corpus(store)
        assert set(placed(store).values()) == {"s-m0"}
        found = story(store.db, "s-m0")
    assert found is not None
    assert "وكالة أنباء الشرق الأوسط" in found["outlets"]
    assert not {"أ ش أ", "أ.ش.أ"} & set(found["outlets"])


def test_a_story_is_named_by_its_most_central_report() -> None:
    """The earliest report is half about something else (a preview, another angle): the headline
    of a report telling what most members tell names the story; with two members, the earliest."""
    featurizer = Featurizer()

    def member(a: Article) -> tuple[str | None, bytes]:
        return a.title, featurizer.vector(f"{a.title}\n{a.text}").to_blob()

    first = mixed("p", (5, 6), 1, "2024-07-01T08:00", "أ")
    reports = [article(f"r{k}", 5, k, f"2024-07-01T0{k + 1}:00", "ب") for k in (2, 3, 4)]
    assert representative_headline([member(a) for a in (first, *reports)]) in {r.title for r in reports}
    assert representative_headline([member(first), member(reports[0])]) == first.title
    assert representative_headline([(None, member(first)[1])]) is None
