"""Statement and provenance tables: round trip, replacement, query filters."""

from __future__ import annotations

from marsad.analyse.provenance import ProvenanceStage
from marsad.analyse.statements import StatementStage
from marsad.record import Article, Entity, Source
from marsad.store import Store
from marsad.store import statements as table
from marsad.store.statement_groups import StatementFilters, browse_statements

IDLIB = (
    "قال مسؤول تركي لصحيفة الأفق إن الهدنة في إدلب صامدة.\n"
    "وأضاف أن الدوريات ستستمر."
)
ALEPPO = "وأكد الوزير سامر الخطيب لقناة النهار أن الأسواق في حلب فتحت أبوابها."


def stored(*articles: Article) -> Store:
    """A scratch store holding ``articles`` with their statements and provenance (written by the store)."""
    store = Store(":memory:")
    for article in articles:
        ProvenanceStage().process(StatementStage().process(article))
        store.add(article)
    store.flush()
    return store


def make(id_: str, text: str, published: str, entities: list[Entity] | None = None) -> Article:
    return Article(id_, Source("x.txt"), text, title=f"عنوان {id_}", site="موقع المرصد", outlet="وكالة الخبر",
                   published=published, entities=entities or [])


def aleppo() -> Article:
    start = ALEPPO.index("سامر الخطيب")
    person = Entity(start, start + len("سامر الخطيب"), "سامر الخطيب", "PER", "Q7", "سامر الخطيب")
    return make("b", ALEPPO, "2024-03-01", [person])


def browse(store, **filters) -> list[dict]:
    """The statement groups matching ``filters``, through the one browsing query of the store."""
    return browse_statements(store.db, StatementFilters(**filters), limit=100).groups


def test_round_trip_and_replacement() -> None:
    article = make("a", IDLIB, "2024-01-10")
    store = stored(article)
    rows = browse(store)
    assert sorted(r["seq"] for r in rows) == [0, 1]
    first = next(r for r in rows if r["seq"] == 0)
    assert first["speaker_text"] == "مسؤول تركي" and first["anonymous"] is True
    assert first["cue"] == "قال" and first["via_text"] == "لصحيفة الأفق"
    assert (first["title"], first["site"], first["outlet"], first["published"]) == (
        "عنوان a", "موقع المرصد", "وكالة الخبر", "2024-01-10")
    article.statements = article.statements[:1]
    table.write(store.db, article)
    assert len(browse(store)) == 1


def test_filters() -> None:
    store = stored(make("a", IDLIB, "2024-01-10"), aleppo())

    def found(**filters) -> set[str]:
        return {r["article_id"] for r in browse(store, **filters)}

    assert found(anonymous=True) == {"a"}
    assert found(anonymous=False) == {"b"}
    assert found(speaker="Q7") == {"b"}
    assert found(speaker="مسؤولٌ") == {"a"}  # diacritics folded
    assert found(speaker="تركي") == {"a"}
    assert found(via="النهار") == {"b"}
    assert found(about="ادلب") == {"a"}
    assert found(since="2024-02-01") == {"b"}
    assert len(browse_statements(store.db, StatementFilters(), limit=1).groups) == 1
    assert found(speaker="%") == set()


def test_about_uses_mentions_when_present() -> None:
    store = stored(make("a", IDLIB, "2024-01-10"), aleppo())
    store.db.execute("INSERT INTO mentions(article_id, entity_id, start, \"end\", text, label, norm)"
                     " VALUES ('b', 'Q123', 0, 3, 'x', 'PER', 'x')")
    assert {r["article_id"] for r in browse(store, about="Q123")} == {"b"}


def test_provenance_of() -> None:
    store = stored(make("a", IDLIB, "2024-01-10"), aleppo())
    found = table.provenance_of(store.db, "b")
    assert (found["site"], found["outlet"]) == ("موقع المرصد", "وكالة الخبر")
    assert found["cited_media"] == [{"name": "النهار", "entity": None}]
    # The tagged name, not its title: «الوزير سامر الخطيب» speaks as «سامر الخطيب».
    assert found["sources"] == [{"kind": "person", "text": "سامر الخطيب", "entity": "Q7", "affiliation": None}]
    (source,) = table.provenance_of(store.db, "a")["sources"]
    assert source["kind"] == "anonymous"
    assert source["affiliation"] in ("Q43", "تركي")  # Turkey's id once the linker knows the demonym
    assert table.provenance_of(store.db, "missing")["sources"] == []
