"""The HTTP API and the web pages over a small store: search, records, safety, writes with a token."""

from __future__ import annotations

import json
import sqlite3
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 and warns when it falls back to httpx; either client works here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient  # noqa: E402
from marsad.api.security import CSP  # noqa: E402
from marsad.web.app import create_app  # noqa: E402
from webstore import HOSTILE, build_store  # noqa: E402

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("store") / "marsad.db")


@pytest.fixture(scope="module")
def client(db_path: str) -> TestClient:
    with TestClient(create_app(db_path)) as c:
        yield c


def ids_by_title(client: TestClient) -> dict[str, str]:
    results = client.get("/api/articles", params={"limit": 50}).json()["results"]
    return {r["title"]: r["id"] for r in results}


def idlib_id(client: TestClient) -> str:
    return ids_by_title(client)["مصدر تركي: تمديد الهدنة في إدلب ثلاثة أشهر"]


def hostile_id(client: TestClient) -> str:
    return next(i for title, i in ids_by_title(client).items() if "<script>" in (title or ""))


def test_search_finds_idlib_written_with_hamza(client: TestClient):
    body = client.get("/api/articles", params={"q": "ادلب"}).json()
    titles = [r["title"] for r in body["results"]]
    assert "فيدان: ملتزمون بالتفاهمات مع روسيا حول إدلب" in titles
    assert body["total"] >= 3
    hit = body["results"][0]
    assert any(hit["snippet"][a:b] == "إدلب" or "إدلب" in hit["snippet"][a:b] for a, b in hit["highlights"])


def test_article_filters(client: TestClient):
    def titles(**params: str) -> set[str]:
        return {r["title"] for r in client.get("/api/articles", params={**params, "limit": 50}).json()["results"]}

    assert titles(site="صحيفة المدار") == {"فيدان: ملتزمون بالتفاهمات مع روسيا حول إدلب",
                                           "وزارة الصحة السورية تطلق حملة تلقيح في دمشق"}
    assert titles(since="2024-04-01") == {"وزارة الصحة السورية تطلق حملة تلقيح في دمشق"}
    assert "وزارة الصحة السورية تطلق حملة تلقيح في دمشق" not in titles(until="2024-03-31")
    assert "وزارة الصحة السورية تطلق حملة تلقيح في دمشق" not in titles(anonymous="true")
    assert titles(outlet="وكالة الأنباء الشامية") == {"مصدر تركي: تمديد الهدنة في إدلب ثلاثة أشهر"}
    assert "فيدان: ملتزمون بالتفاهمات مع روسيا حول إدلب" in titles(entity="إدلب")
    assert titles(entity="no such entity anywhere") == set()
    page = client.get("/api/articles", params={"limit": 2, "offset": 1}).json()
    assert len(page["results"]) == 2 and page["offset"] == 1


def test_article_record_has_entities_statements_provenance_and_copies(client: TestClient):
    record = client.get(f"/api/articles/{idlib_id(client)}").json()
    for key in ("text", "entities", "statements", "provenance", "copies", "dates", "points"):
        assert key in record
    assert any(s["speaker"]["anonymous"] for s in record["statements"])
    assert record["provenance"]["outlet"] == "وكالة الأنباء الشامية"
    assert [c["site"] for c in record["copies"]] == ["شبكة الناقل"]
    assert client.get("/api/articles/0000000000000000").status_code == 404


def test_a_former_story_id_leads_to_the_story(client: TestClient, db_path: str):
    current = client.get("/api/stories").json()[0]["id"]
    with sqlite3.connect(db_path) as db:
        db.execute("INSERT OR REPLACE INTO story_aliases(id, story) VALUES ('s-former', ?)", (current,))
    found = client.get("/api/stories/s-former").json()
    assert found["id"] == current and found["renamed_from"] == "s-former" and found["timeline"]
    page = client.get("/stories/s-former")
    assert page.status_code == 200 and "s-former" in page.text
    assert "renamed_from" not in client.get(f"/api/stories/{current}").json()


def test_entities_statements_stories_sources(client: TestClient):
    entities = client.get("/api/entities").json()
    idlib = next(e for e in entities if e["name"] == "إدلب")
    detail = client.get(f"/api/entities/{idlib['id']}").json()
    assert detail["articles"] >= 3 and detail["timeline"] and detail["statements_about"]
    assert client.get("/api/entities/no-such-entity").status_code == 404
    anonymous = client.get("/api/statements", params={"anonymous": "true"}).json()["results"]
    assert anonymous and all(s["anonymous"] for s in anonymous)
    via = client.get("/api/statements", params={"via": "الشرق الأوسط"}).json()["results"]
    assert any(s["via_text"] for s in via)
    stories = client.get("/api/stories").json()
    assert stories
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert story["timeline"] and story["timeline"][0]["first"]
    sources = client.get("/api/sources").json()
    names = {m["id"]: m for m in sources["outlets"]}
    assert names["صحيفة المدار"]["as_site"] == 2
    assert names["شبكة الناقل"]["copies_made"] == 1
    assert names["وكالة الأنباء الشامية"]["copied_from"] == 1
    assert sources["republications"]


def test_openapi_describes_the_api(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/entities", "/api/stories",
                 "/api/statements", "/api/sources", "/api/ingest", "/api/search", "/api/summary",
                 "/api/export/search", "/api/export/statements", "/api/export/stories/{story_id}"):
        assert path in paths


def test_pages_are_arabic_rtl_and_show_the_text(client: TestClient):
    home = client.get("/")
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in home.text
    assert "مصدر تركي: تمديد الهدنة في إدلب ثلاثة أشهر" in home.text
    article = client.get(f"/articles/{idlib_id(client)}")
    assert 'dir="rtl"' in article.text
    assert "اتفقتا على تمديد وقف إطلاق النار" in article.text
    assert 'href="/entities/' in article.text and "badge-anon" in article.text
    english = client.get("/", params={"lang": "en"})
    assert '<html lang="en" dir="ltr">' in english.text and english.cookies.get("lang") == "en"
    search = client.get("/search", params={"q": "ادلب"})
    assert '<mark class="hit">إدلب</mark>' in search.text
    assert client.get("/articles/0000000000000000").status_code == 404


def test_every_page_and_api_response_escapes_hostile_markup(client: TestClient):
    hid = hostile_id(client)
    entity = client.get("/api/entities").json()[0]["id"]
    story = client.get("/api/stories").json()[0]["id"]
    pages = ["/", "/?lang=en", "/search?q=ادلب", "/search?q=script", f"/articles/{hid}", f"/entities/{entity}",
             f"/stories/{story}", "/stories", "/entities", "/sources", "/search?site=%3Cb%3E", "/statements",
             "/statements?anonymous=1", "/search?q=script&sort=date", "/?day=2024-03-05", "/?lang=en&day=2024-03-05",
             f"/articles/{hid}?said=0", "/stories?sort=outlets&min_outlets=2"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for markup in HOSTILE:
            assert markup not in response.text, (url, markup)
    article = client.get(f"/articles/{hid}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert 'href="javascript:' not in article
    for url in ["/api/articles?q=ادلب", f"/api/articles/{hid}", "/api/statements", "/api/sources"]:
        response = client.get(url)
        assert response.headers["content-type"] == "application/json"
        json.loads(response.text)
    assert "<script>" in client.get(f"/api/articles/{hid}").json()["title"]  # kept as data, served as JSON


def test_security_headers_on_every_response(client: TestClient):
    for url in ["/", "/api/articles", "/static/marsad.css", "/openapi.json", "/nope"]:
        response = client.get(url)
        assert response.headers["content-security-policy"] == CSP, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert client.get("/docs").status_code == 404  # Swagger UI needs a CDN and inline script


def test_pages_use_no_inline_script_or_style(client: TestClient):
    text = client.get(f"/articles/{idlib_id(client)}").text + client.get("/").text
    assert "<script" not in text and "<style" not in text and " style=" not in text


def upload(name: str, content: str) -> dict[str, tuple[str, bytes, str]]:
    return {"files": (name, content.encode("utf-8"), "text/plain")}


NEW_DOC = "حلب تستعيد الكهرباء\n\nقال مسؤول في المحافظة إن الكهرباء عادت إلى أحياء حلب الشرقية بعد انقطاع دام أسبوعاً كاملاً.\n"


def test_ingest_is_forbidden_without_a_token(client: TestClient):
    assert client.post("/api/ingest", files=upload("x.txt", NEW_DOC)).status_code == 403


def test_ingest_with_token(tmp_path: Path):
    db = build_store(tmp_path / "w.db")
    with TestClient(create_app(db, token=TOKEN)) as c:
        assert c.post("/api/ingest", files=upload("x.txt", NEW_DOC)).status_code == 403
        wrong = {"Authorization": "Bearer nope"}
        assert c.post("/api/ingest", files=upload("x.txt", NEW_DOC), headers=wrong).status_code == 403
        auth = {"Authorization": f"Bearer {TOKEN}"}
        response = c.post("/api/ingest", files=upload("../../evil name.txt", NEW_DOC), headers=auth)
        assert response.status_code == 200, response.text
        summary = response.json()
        assert summary["articles"] == 1 and summary["stored"] == 1 and "corpus" in summary
        found = c.get("/api/articles", params={"q": "الكهرباء"}).json()
        assert found["total"] == 1
        record = c.get(f"/api/articles/{found['results'][0]['id']}").json()
        # Records name the upload, not a server temp path; nothing outside the temp folder is written.
        assert record["source"]["path"] == "upload:evil_name.txt"
        assert not (tmp_path.parent / "evil name.txt").exists()
        assert c.post("/api/ingest", data={"x": "1"}, headers=auth).status_code == 422
    with sqlite3.connect(db) as connection:  # uploads are not remembered as inputs: their files are gone
        assert connection.execute("SELECT count(*) FROM sources WHERE path LIKE '%marsad-upload%'").fetchone() == (0,)


def test_empty_store_serves_empty_lists(tmp_path: Path):
    with TestClient(create_app(str(tmp_path / "fresh.db"))) as c:
        for url in ["/api/articles", "/api/entities", "/api/stories", "/api/statements"]:
            response = c.get(url)
            assert response.status_code == 200, url
        assert c.get("/api/sources").json() == {"outlets": [], "cited": [], "republications": []}
        for url in ["/", "/stories", "/entities", "/sources", "/search?q=x", "/statements", "/api/summary",
                    "/api/search", "/api/export/statements", "/api/export/search?format=jsonl"]:
            assert c.get(url).status_code == 200, url


def test_seed_page_is_found_by_searching_idlib(seed_path: Path, tmp_path: Path):
    db = build_store(tmp_path / "seed.db", seed_path)
    with TestClient(create_app(db)) as c:
        results = c.get("/api/articles", params={"q": "ادلب", "limit": 50}).json()["results"]
        assert "مصدر روسي يكشف اتفاق بوتين وأردوغان بخصوص إدلب" in [r["title"] for r in results]


def test_links_built_from_the_request_path_stay_on_site(client: TestClient):
    response = client.get("http://testserver//evil.example/x")  # the path itself starts with //
    assert response.status_code == 404
    assert 'href="//evil.example' not in response.text
    assert 'href="/evil.example/x?lang=' in response.text
