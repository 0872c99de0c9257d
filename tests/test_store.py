"""The SQLite store: idempotent upserts, Arabic-aware search, round trips."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.record import Article, Boilerplate, Related, Source
from marsad.store import Store
from marsad.store.search import parse_query, snippet


def article(id_: str, text: str, title: str = "عنوان", **fields) -> Article:
    return Article(id=id_, source=Source("x.txt", None, "text"), text=text, title=title, **fields)


IDLIB = article("a1", "وصلت تعزيزات عسكرية إلى ريف إدلب الجنوبي، وقال مصدر إن القصف توقف.", "تعزيزات في إِدْلِب", site="موقع أ", outlet="وكالة ب")
ALEPPO = article("a2", "عاد الهدوء إلى مدينة حلب بعد اشتباكات استمرت يومين.", "هدوء في حلب", site="موقع أ")


def test_search_folds_spelling_diacritics_and_clitics():
    store = Store(":memory:")
    store.add(IDLIB)
    store.add(ALEPPO)
    store.flush()
    for query in ("ادلب", "إدلب", "إِدْلِب", "وبإدلب", "لإدلب"):
        assert [hit.id for hit in store.search(query)] == ["a1"], query
    assert [hit.id for hit in store.search("حلب")] == ["a2"]
    assert {hit.id for hit in store.search("ادلب OR حلب")} == {"a1", "a2"}
    assert store.search("ادلب حلب") == []
    hit = store.search("القصف")[0]
    assert (hit.site, hit.outlet) == ("موقع أ", "وكالة ب")
    assert "القصف" in hit.snippet.text
    start, end = hit.snippet.highlights[0]
    assert hit.snippet.text[start:end] == "القصف"


def test_title_matches_rank_above_body_matches():
    store = Store(":memory:")
    store.add(article("t", "نص عن موضوع آخر تماماً وفيه ذكر عابر لحلب.", "حلب تستعيد أسواقها"))
    store.add(article("b", "نص عن موضوع آخر تماماً وفيه ذكر عابر لحلب.", "أخبار منوعة"))
    store.flush()
    assert [hit.id for hit in store.search("حلب")] == ["t", "b"]


def test_upsert_is_idempotent_and_updates_changed_records():
    store = Store(":memory:")
    store.add(IDLIB)
    store.flush()
    assert not store.changed(IDLIB)
    changed = article("a1", "نص جديد تماماً عن حماة.", "عنوان جديد")
    assert store.changed(changed)
    store.add(changed)
    store.flush()
    assert store.count() == 1
    assert [hit.id for hit in store.search("حماة")] == ["a1"]
    assert store.search("ادلب") == []


def test_get_by_id_and_prefix():
    store = Store(":memory:")
    store.add(IDLIB)
    store.flush()
    assert store.get("a1") == IDLIB
    assert store.get("nope") is None


def test_queries_without_words_find_nothing():
    assert parse_query("  ،، !! ") is None
    assert Store(":memory:").search("...") == []


def test_snippet_marks_the_match_in_the_original_text():
    text = "قال الوزير إن الوفد سيزور وبإدلب المدينة غداً."
    parsed = parse_query("إدلب")
    cut = snippet(text, parsed.stems)
    assert cut.marked() == "قال الوزير إن الوفد سيزور [وبإدلب] المدينة غداً."


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, title=st.one_of(st.none(), TEXT), site=st.one_of(st.none(), TEXT))
def test_arbitrary_unicode_round_trips_through_the_store(text, title, site):
    store = Store(":memory:")
    original = article("u1", text, title, site=site, boilerplate=[Boilerplate("related", text)], related=[Related(text, None)])
    store.add(original)
    store.flush()
    assert store.get("u1") == original
    assert list(store.articles()) == [original]
