"""The analyst's desk over a store of our own fixtures: statements, sources, reader search, stories,
the day at a glance and exports; page, API and CLI giving the same answers."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from marsad.cli import app as cli_app  # noqa: E402
from marsad.csvcells import cell  # noqa: E402
from marsad.store.sources import registry  # noqa: E402
from marsad.web.app import create_app  # noqa: E402
from marsad.web.daychart import hours_chart  # noqa: E402
from marsad.web.pages import when  # noqa: E402
from webstore import build_store  # noqa: E402

DESK = Path(__file__).resolve().parent / "fixtures" / "desk"
DAY = "2024-05-14"
HOSTILE = "<script>alert(2)</script>"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("desk") / "marsad.db", DESK)


@pytest.fixture(scope="module")
def client(db_path: str) -> TestClient:
    with TestClient(create_app(db_path)) as c:
        yield c


def cli_json(*args: str) -> list:
    result = CliRunner().invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def statements(client: TestClient, **params: str) -> list[dict]:
    return client.get("/api/statements", params=params).json()["results"]


def test_a_statement_repeated_by_a_copy_is_one_row_with_its_outlets_and_the_earliest(client: TestClient):
    found = statements(client, speaker="مسؤول في هيئة الموانئ")
    assert len(found) == 1
    row = found[0]
    assert row["count"] == 2 and row["outlets"] == ["aawsat", "alriyadh"]
    assert row["site"] == "aawsat" and row["published"].startswith(f"{DAY}T08:10")  # the earliest
    assert [i["site"] for i in row["items"]] == ["aawsat", "alriyadh"]
    assert row["anonymous"] and row["affiliation"]


def test_statement_pages_follow_each_other_without_repeating_a_group(client: TestClient):
    every = client.get("/api/statements", params={"limit": 1000}).json()
    assert not every["more"] and every["total"] == sum(g["count"] for g in every["results"])
    seen = []
    for offset in range(0, len(every["results"]), 3):
        page = client.get("/api/statements", params={"limit": 3, "offset": offset}).json()
        assert page["more"] == (offset + 3 < len(every["results"]))
        seen += [(g["article_id"], g["seq"]) for g in page["results"]]
    assert seen == [(g["article_id"], g["seq"]) for g in every["results"]]
    pages = [client.get("/api/search", params={"sort": "date", "limit": 2, "offset": o}).json()["results"]
             for o in range(0, 20, 2)]
    ids = [r["id"] for page in pages for r in page]
    copies = {c["id"] for page in pages for r in page for c in r["copies"]}
    assert len(ids) == len(set(ids)) and not copies & set(ids)  # a copy never shows as a result of its own


def test_search_reads_the_outlet_filter_as_statements_do(client: TestClient):
    def search(**params: str) -> list[dict]:
        return client.get("/api/search", params={"limit": 100, **params}).json()["results"]

    okaz = search(outlet="okaz")
    assert okaz and all("okaz" in (r["site"], r["outlet"]) for r in okaz)
    assert search(outlet="عكاظ") == search(outlet="Okaz") == okaz  # the registry's names find the slug
    assert search(site="عكاظ") == search(site="okaz") and search(site="okaz")
    said = {s["article_id"] for s in statements(client, outlet="عكاظ")}
    assert said and said <= {r["id"] for r in okaz} | {c["id"] for r in okaz for c in r["copies"]}
    assert search(outlet="no such outlet") == []


def test_an_entity_s_statements_are_the_statements_api_s_rows(client: TestClient):
    every = statements(client, limit="1000")
    speaker = next(s["speaker_entity"] for s in every if s["speaker_entity"] and s["count"] > 1)
    detail = client.get(f"/api/entities/{speaker}").json()
    assert detail["statements_by"] == statements(client, speaker=speaker, limit="50")
    assert any(s["count"] > 1 for s in detail["statements_by"])  # copies grouped, as on /api/statements
    assert detail["statements_about"] == statements(client, about=speaker, limit="50")


def test_statement_filters(client: TestClient, db_path: str):
    okaz = statements(client, outlet="okaz")
    assert okaz and all(s["site"] == "okaz" for s in okaz)
    assert statements(client, outlet="Okaz") == okaz  # the registry's English name finds the slug
    assert statements(client, outlet="عكاظ") == okaz
    via = statements(client, via="الشرق الأوسط", outlet="okaz")
    assert [s["speaker_text"] for s in via] == ["مصدر في هيئة الموانئ"]
    civil = statements(client, affiliation="الدفاع المدني")  # by name, whether stored as text or as an entity id
    assert [s["speaker_text"] for s in civil] == ["مصدر في الدفاع المدني"]
    assert statements(client, affiliation=civil[0]["affiliation"]) == civil
    anonymous = statements(client, anonymous="true", since=DAY, until=DAY)
    assert anonymous and all(s["anonymous"] and s["published"].startswith(DAY) for s in anonymous)
    assert not statements(client, since="2024-05-15")
    assert all(not s["published"].startswith(DAY) for s in statements(client, until="2024-05-13"))
    port = client.get("/api/summary", params={"day": DAY}).json()["stories"][0]["id"]
    in_story = statements(client, story=port)
    assert in_story and {s["site"] for s in in_story} <= {"aawsat", "alriyadh", "okaz"}
    # The CLI reads the same store function: same results, same order.
    assert cli_json("statements", "--db", db_path, "--outlet", "okaz", "--json") == okaz
    assert cli_json("statements", "--db", db_path, "--story", port, "--json") == in_story


def test_a_statement_links_to_its_sentence_highlighted(client: TestClient):
    row = statements(client, speaker="مسؤول في هيئة الموانئ")[0]
    page = client.get("/statements", params={"speaker": "مسؤول في هيئة الموانئ"}).text
    link = f'/articles/{row["article_id"]}?said={row["seq"]}#said'
    assert link in page
    article = client.get(f"/articles/{row['article_id']}", params={"said": row["seq"]}).text
    marked = article.split('<mark class="said" id="said">', 1)[1].split("</p>", 1)[0]
    assert '<mark class="cue">قال</mark>' in marked  # the marks inside the sentence are kept
    assert "الميناء سيبدأ استقبال السفن" in marked and "وزير النقل" not in marked
    assert 'id="said"' not in client.get(f"/articles/{row['article_id']}", params={"said": 99}).text


def test_sources_per_outlet_and_cited_medium(client: TestClient, db_path: str):
    body = client.get("/api/sources").json()
    outlets = {m["id"]: m for m in body["outlets"]}
    assert outlets["aawsat"]["names"] == {"ar": "الشرق الأوسط", "en": "Asharq Al-Awsat"}
    assert outlets["aawsat"]["copied_from"] == 1 and outlets["alriyadh"]["copies_made"] == 1
    assert outlets["aawsat"]["first_publisher"] == 1 and outlets["spa"]["first_publisher"] == 1
    assert outlets["okaz"]["first_publisher"] == 0 and outlets["okaz"]["articles"] == 2
    assert outlets["alriyadh"]["statements"] >= 3
    cited = {m["id"]: m for m in body["cited"]}
    assert cited["mr:asharq-al-awsat"]["statements"] >= 3 and cited["mr:asharq-al-awsat"]["outlets"] >= 2
    english = client.get("/sources", params={"lang": "en"}).text
    assert "Asharq Al-Awsat" in english and "Saudi Press Agency" in english
    arabic = client.get("/sources", params={"lang": "ar"}).text
    assert "وكالة الأنباء السعودية" in arabic and 'dir="rtl"' in arabic
    assert cli_json("sources", "--db", db_path, "--json")[0]["outlets"] == body["outlets"]


def test_outlet_registry():
    outlets = registry()
    assert outlets.find("AAWSAT").slug == "aawsat" and outlets.find("صحيفة الشرق الأوسط").slug == "aawsat"
    assert outlets.display("almasryalyoum", "en") == "Al-Masry Al-Youm"
    assert outlets.display("موقع لا يعرفه أحد", "en") == "موقع لا يعرفه أحد"
    slugs = [o.slug for o in outlets.outlets]
    assert len(slugs) == len(set(slugs))


def test_search_collapses_copies_and_counts_facets(client: TestClient):
    body = client.get("/api/search", params={"q": "ينبع"}).json()
    assert body["articles"] == 3 and body["total"] == 2
    port = next(r for r in body["results"] if r["copies"])
    assert port["site"] == "aawsat" and [c["site"] for c in port["copies"]] == ["alriyadh"]
    assert {f["value"]: f["count"] for f in body["facets"]["outlet"]} == {"aawsat": 1, "alriyadh": 1, "okaz": 1}
    assert body["facets"]["day"] == [{"value": DAY, "count": 3}]
    assert {f["value"] for f in body["facets"]["label"]} >= {"PER"}
    dated = client.get("/api/search", params={"sort": "date", "limit": 3}).json()["results"]
    assert [r["published"] for r in dated] == sorted((r["published"] for r in dated), reverse=True)
    only = client.get("/api/search", params={"q": "ينبع", "label": "ORG"}).json()
    organisations = {f["value"]: f["count"] for f in body["facets"]["label"]}.get("ORG", 0)
    assert only["articles"] == organisations  # the facet's count is what its filter finds
    page = client.get("/search", params={"q": "ينبع"}).text
    assert "<details class=\"copies\">" in page and "/search?q=%D9%8A%D9%86%D8%A8%D8%B9&amp;site=okaz" in page
    assert client.get("/api/search", params={"sort": "nope"}).status_code == 422


def test_stories_ranked_filtered_and_named(client: TestClient, db_path: str):
    recent = client.get("/api/stories").json()
    sizes = [s["articles"] for s in recent]
    assert 1 in sizes and sizes.index(1) > max(i for i, n in enumerate(sizes) if n > 1)  # one-article stories last
    by_size = client.get("/api/stories", params={"sort": "size"}).json()
    assert [s["articles"] for s in by_size] == sorted(sizes, reverse=True)
    by_outlets = client.get("/api/stories", params={"sort": "outlets", "min_outlets": 2}).json()
    assert by_outlets and all(len(s["outlets"]) >= 2 for s in by_outlets)
    assert [len(s["outlets"]) for s in by_outlets] == sorted((len(s["outlets"]) for s in by_outlets), reverse=True)
    assert all(e.get("name") for s in recent for e in s["top_entities"])
    assert cli_json("stories", "--db", db_path, "--sort", "outlets", "--min-outlets", "2", "--json") == by_outlets
    port = client.get("/api/summary", params={"day": DAY}).json()["stories"][0]["id"]
    story_page = client.get(f"/stories/{port}").text
    assert "2024-05-14 08:10" in story_page and "2024-05-14 09:40" in story_page
    listing = client.get("/stories", params={"sort": "size", "min_outlets": "3"}).text
    # A story is named by its most central report (two copies of one text and a third angle).
    assert "ميناء ينبع الجديد يفتح أبوابه" in listing and "وزارة الصحة السورية" not in listing


def test_a_story_page_is_titled_by_its_headline_and_lists_its_statements_once(client: TestClient):
    port = client.get("/api/summary", params={"day": DAY}).json()["stories"][0]["id"]
    page = client.get(f"/stories/{port}").text
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("ميناء ينبع الجديد يفتح أبوابه") and "<" not in title
    assert page.count('<ol class="statements">') == 1 and "صالح الجاسر" in page


def test_day_at_a_glance(client: TestClient, db_path: str):
    day = client.get("/api/summary", params={"day": DAY}).json()
    assert day["articles"] == 6 and day["outlets"] == 4
    assert [s["day_outlets"] for s in day["stories"]] == [3, 2]
    assert day["stories"][0]["headline"] == "ميناء ينبع الجديد يفتح أبوابه"
    assert day["people"][0]["name"] == "صالح الجاسر" and day["people"][0]["articles"] == 3
    assert day["anonymous_sources"][0]["speaker_text"] == "مسؤول في هيئة الموانئ"
    assert {(c["hour"], c["outlet"]) for c in day["hours"]["counts"]} >= {(8, "aawsat"), (15, "okaz")}
    assert client.get("/api/summary").json()["day"] == DAY  # the latest day by default
    assert client.get("/api/summary", params={"day": "yesterday"}).status_code == 422
    assert client.get("/api/summary", params={"day": DAY.replace("-", "")}).json() == day  # written YYYY-MM-DD
    assert cli_json("summary", "--db", db_path, "--day", DAY, "--json")[0] == day
    home = client.get("/").text
    assert "svg" in home and 'class="bar series-0"' in home and "صالح الجاسر" in home
    assert "Asharq Al-Awsat" in client.get("/", params={"lang": "en"}).text  # the chart legend's outlet names
    compact = client.get("/", params={"day": DAY.replace("-", "")}).text
    assert f"since={DAY}" in compact and "since=" + DAY.replace("-", "") not in compact
    refused = client.get("/", params={"day": "2024-13-40"})
    assert refused.status_code == 422 and "YYYY-MM-DD" in refused.text  # as /api/summary, not a 404


def test_exports(client: TestClient):
    response = client.get("/api/export/statements", params={"outlet": "alriyadh", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all(not r["title"].startswith("=") for r in rows)
    assert any(r["title"].startswith("'=HYPERLINK") for r in rows)  # neutralised for spreadsheets
    lines = client.get("/api/export/statements", params={"outlet": "alriyadh", "format": "jsonl"}).text.splitlines()
    assert [json.loads(line)["content"] for line in lines] == [r["content"] for r in rows]
    found = list(csv.DictReader(io.StringIO(client.get("/api/export/search", params={"q": "ينبع"}).text)))
    assert len(found) == 2 and {r["copies"] for r in found} == {"0", "1"}
    port = client.get("/api/summary", params={"day": DAY}).json()["stories"][0]["id"]
    story = list(csv.DictReader(io.StringIO(client.get(f"/api/export/stories/{port}").text)))
    assert [r["site"] for r in story] == ["aawsat", "alriyadh", "okaz"] and story[0]["first"] == "1"
    assert client.get("/api/export/stories/s-none").status_code == 404
    assert client.get("/api/export/search", params={"format": "xml"}).status_code == 422
    assert cell("+1") == "'+1" and cell("@x") == "'@x" and cell(["a", "b"]) == "a; b" and cell(True) == "1"


def test_new_pages_escape_hostile_markup(client: TestClient):
    for url in ["/", "/?lang=en", "/statements", "/statements?outlet=alriyadh", "/search?q=معرض",
                "/search?q=معرض&lang=en", "/sources", "/stories?sort=size"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert HOSTILE not in response.text, url
        if url != "/sources":  # the hostile title and text show, escaped
            assert "&lt;script&gt;alert(2)&lt;/script&gt;" in response.text, url
        assert "<script" not in response.text and " style=" not in response.text, url


def test_time_and_chart_helpers():
    assert when("2024-05-14T08:10:00+03:00") == "2024-05-14 08:10" and when("2024-05-14") == "2024-05-14"
    assert when(None) == ""
    chart = hours_chart([{"hour": 8, "outlet": "a", "articles": 2}, {"hour": 8, "outlet": "b", "articles": 1},
                         {"hour": 20, "outlet": "a", "articles": 1}])
    assert chart is not None and chart.top == 3 and len(chart.segments) == 3
    eight = [s for s in chart.segments if s.hour == 8]
    assert eight[0].y + eight[0].height == pytest.approx(chart.baseline, abs=0.2)  # stacked from the axis up
    assert eight[1].y + eight[1].height == pytest.approx(eight[0].y, abs=0.2)
    assert hours_chart([]) is None
