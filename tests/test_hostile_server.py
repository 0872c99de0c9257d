"""The server and the store against hostile requests and foreign files: costly queries, odd stores, injection.

Every test here is deterministic: budgets are exercised with a cancellation flag or a
budget already spent, never by waiting for a clock.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import sqlite3
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from marsad import csvcells
from marsad.cli import app as cli
from marsad.errors import ForeignStore, QueryTimeout, QueryTooComplex, StoreError
from marsad.record import Article, Source
from marsad.store import Store, schema
from marsad.store import budget as budget_module
from marsad.store.articles import find_articles
from marsad.store.budget import time_budget
from marsad.store.search import LIMITS, SearchLimits, parse_query

pytest.importorskip("fastapi")

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient  # noqa: E402
from marsad.api import routes_ingest  # noqa: E402
from marsad.api.deps import ServeLimits, _watch  # noqa: E402
from marsad.web.app import create_app  # noqa: E402
from webstore import build_store  # noqa: E402

runner = CliRunner()
READ_COMMANDS = (["search", "x"], ["show", "abcd"], ["export"], ["export", "--format", "csv"], ["statements"],
                 ["entities"], ["stories"], ["story", "s-1"], ["errors"], ["sources"], ["summary"],
                 ["serve", "--port", "0"])  # serve must stop before it listens
FORMULAS = ('=HYPERLINK("http://evil.example")', "+1+2", "-3+4", "@SUM(A1)", "\tx", "\rx")
HOSTILE_TAIL = " nul\x00here <script>alert(1)</script>"
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The web fixtures, then hostile stored text (formula starts, NULs, markup), as an old store may hold."""
    folder = tmp_path_factory.mktemp("hostile")
    extra = folder / "more.jsonl"
    places = ("حلب", "حمص", "درعا", "الرقة", "دير الزور", "اللاذقية")
    extra.write_text("".join(json.dumps({
        "title": f"أمطار غزيرة في {place}", "published": f"2024-02-{n + 10}",
        "text": f"هطلت أمطار غزيرة على مدينة {place} يوم {n + 10} فبراير، وقالت مصادر محلية إن السيول"
                f" قطعت {n + 2} طرق رئيسية وإن فرق الدفاع المدني أخلت عشرات المنازل."}, ensure_ascii=False) + "\n"
        for n, place in enumerate(places)), encoding="utf-8")
    path = build_store(folder / "marsad.db", extra)
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT rowid FROM articles ORDER BY rowid LIMIT ?", (len(FORMULAS),)).fetchall()
        for (rowid,), formula in zip(rows, FORMULAS, strict=True):
            db.execute("UPDATE articles SET title = ?, record = json_set(record, '$.title', ?,"
                       " '$.text', json_extract(record, '$.text') || ?) WHERE rowid = ?",
                       (formula, formula, HOSTILE_TAIL, rowid))
    db.close()
    return path


@pytest.fixture(scope="module")
def client(db_path: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_path, token=TOKEN)) as c:
        yield c


def article(id_: str, text: str) -> Article:
    return Article(id=id_, source=Source(f"{id_}.txt", None, "text"), text=text, title=text[:20])


@pytest.fixture(scope="module")
def memory_store() -> Store:
    store = Store(":memory:")
    store.add(article("a1", "قال مصدر إن الهدنة في إدلب صامدة منذ أيام."))
    store.add(article("a2", "اجتمع الوزراء في القاهرة لبحث حصص المياه."))
    store.flush()
    return store


# -- the query parser and its cost --------------------------------------------------------------


def test_terms_prefixes_and_length_are_capped_with_the_limit_named():
    with pytest.raises(QueryTooComplex, match=r"100 terms.*max_terms = 32"):
        parse_query(" OR ".join(["ا*"] * 100))
    with pytest.raises(QueryTooComplex, match=r"5 prefix terms.*max_prefixes = 4"):
        parse_query("ا* ب* ت* ث* ج*")
    with pytest.raises(QueryTooComplex, match="max_chars"):
        parse_query("مصر " * 1000)
    assert parse_query("ا* ب* ت* ث*") is not None
    with pytest.raises(QueryTooComplex, match="max_prefixes = 1"):
        parse_query("ا* ب*", SearchLimits(max_prefixes=1))


def test_a_request_s_limits_apply_to_every_query_it_parses():
    token = LIMITS.set(SearchLimits(max_terms=2))  # what the server sets for the request it serves
    try:
        with pytest.raises(QueryTooComplex, match="max_terms = 2"):
            parse_query("واحد اثنان ثلاثة")
    finally:
        LIMITS.reset(token)
    assert parse_query("واحد اثنان ثلاثة") is not None


def test_repeated_terms_are_asked_once():
    # FTS5 ranks a row by walking every phrase's positions against every other's: the
    # cost of «x OR x OR ...» grew with the square of its length. A repeat changes no result.
    one = parse_query("مصر")
    assert one is not None
    assert parse_query(" OR ".join(["مصر"] * 3000), SearchLimits(max_terms=5000, max_chars=100_000)) == one
    assert parse_query("مصر مصر سوريا") == parse_query("مصر سوريا")
    both = parse_query('"وقف إطلاق" OR هدنة OR "وقف إطلاق"')
    assert both is not None and both.match == '"وقف اطلاق" OR "هدنه"'
    # AND binds tighter than OR in FTS5: alternatives are kept whole.
    grouped = parse_query("ادلب هدنة OR حلب")
    assert grouped is not None and grouped.match == '"ادلب" "هدنه" OR "حلب"'


FTS5_SYNTAX = ["NEAR(a b)", "a AND b", '"unbalanced', "title:x", "^x", "-x", "(x", "x)", "a NOT b", "*", "**",
               'x"y', '""', "OR", "OR OR", "AND", "{title}: x", "x + y", "\x00", "'", '";DROP TABLE articles;--']


@pytest.mark.parametrize("query", FTS5_SYNTAX)
def test_fts5_syntax_in_a_query_is_quoted(query: str):
    store = Store(":memory:")
    store.add(article("a1", "قال مصدر إن الهدنة في إدلب صامدة منذ أيام."))
    store.flush()
    # Taken as operators, «*», «-x» or «a NOT b» would match the article, or fail; quoted, they match no word of it.
    assert find_articles(store.db, query).total == 0
    words = parse_query(query)
    if words is not None:  # the query's words are searched as words: an article that holds them is found
        store.add(article("a2", f"نص يذكر {query} كما هو"))
        store.flush()
        assert [hit.id for hit in find_articles(store.db, query).hits] == ["a2"]
    assert store.count() == (1 if words is None else 2)  # nothing dropped or rewritten
    store.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80)
       | st.lists(st.text(max_size=6) | st.sampled_from(['"', "*", "(", ")", ":", "^", "-", "OR", "AND", "NEAR", "ا*"]),
                  max_size=20).map(" ".join))
def test_any_string_gives_results_or_a_coded_usage_error(memory_store: Store, query: str):
    try:
        page = find_articles(memory_store.db, query)
    except QueryTooComplex as e:
        assert e.code == "query_too_complex"
        return
    assert 0 <= page.total <= 2


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["مصر", "ا*", "هدنة", '"وقف إطلاق"', "OR", "x*", "NEAR"]), max_size=60))
def test_long_queries_of_costly_parts_are_refused_or_bounded(parts: list[str]):
    try:
        parsed = parse_query(" ".join(parts))
    except QueryTooComplex as e:
        assert "max_terms" in e.message or "max_prefixes" in e.message
        return
    if parsed is not None:
        assert parsed.match.count("*") <= SearchLimits().max_prefixes


# -- the time budget ---------------------------------------------------------------------------

SLOW = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) SELECT count(*) FROM n"


def test_a_cancelled_query_stops_and_the_connection_stays_usable(memory_store: Store):
    gone = threading.Event()
    gone.set()  # the client has left
    with pytest.raises(QueryTimeout, match="client went away"), time_budget(memory_store.db, None, gone):
        memory_store.db.execute(SLOW).fetchone()
    # The handler is gone with the block: the same connection answers in full.
    assert memory_store.db.execute(SLOW.replace("5000000", "50000")).fetchone()[0] == 50000
    assert memory_store.count() == 2


def test_a_query_past_its_budget_is_stopped_naming_the_budget(memory_store: Store):
    with pytest.raises(QueryTimeout, match=r"time budget of 0 s.*time_budget = 0"), time_budget(memory_store.db, 0):
        memory_store.db.execute(SLOW).fetchone()


def test_the_client_leaving_sets_the_flag():
    class Leaving:
        def __init__(self) -> None:
            self.calls = 0

        async def is_disconnected(self) -> bool:
            self.calls += 1
            return self.calls >= 2

    gone = threading.Event()
    asyncio.run(asyncio.wait_for(_watch(Leaving(), gone), timeout=30))  # type: ignore[arg-type]
    assert gone.is_set()


def test_a_request_over_budget_answers_422_and_the_next_one_works(db_path: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(budget_module, "STEPS", 1)  # check the budget at every step: deterministic
    with TestClient(create_app(db_path, limits=ServeLimits(seconds=0))) as spent:
        response = spent.get("/api/articles", params={"q": "ادلب"})
        assert response.status_code == 422
        assert response.json()["code"] == "query_timeout" and "time_budget" in response.json()["detail"]
        page = spent.get("/search", params={"q": "ادلب"})
        assert page.status_code == 422 and "<html" in page.text
    with TestClient(create_app(db_path)) as c:
        assert c.get("/api/articles", params={"q": "ادلب"}).json()["total"] >= 1


def test_too_complex_queries_answer_422_naming_the_limit(client: TestClient, db_path: str):
    response = client.get("/api/articles", params={"q": " OR ".join(["ا*"] * 100)})
    assert response.status_code == 422
    assert response.json() == {"code": "query_too_complex",
                               "detail": "the query has 100 terms; at most 32 are allowed (max_terms = 32)"}
    for url in ("/api/search", "/api/export/search"):
        assert client.get(url, params={"q": " OR ".join(["ا*"] * 100)}).json()["code"] == "query_too_complex"
    page = client.get("/search", params={"q": "ا* ب* ت* ث* ج*"})
    assert page.status_code == 422 and "max_prefixes = 4" in page.text and 'lang="ar"' in page.text
    with TestClient(create_app(db_path, limits=ServeLimits(SearchLimits(max_terms=1)))) as strict:
        assert "max_terms = 1" in strict.get("/api/articles", params={"q": "ادلب هدنة"}).json()["detail"]


def test_cli_search_refuses_with_exit_2_naming_the_limit(db_path: str):
    result = runner.invoke(cli, ["search", " OR ".join(["مصر"] * 40), "--db", db_path])
    assert result.exit_code == 2 and "max_terms = 32" in result.output
    result = runner.invoke(cli, ["search", "ادلب هدنة", "--max-terms", "1", "--db", db_path])
    assert result.exit_code == 2 and "max_terms = 1" in result.output
    assert runner.invoke(cli, ["search", "ادلب", "--db", db_path]).exit_code == 0


# -- stores that are not marsad's ------------------------------------------------------------


def foreign(path: Path, *tables: str) -> Path:
    with sqlite3.connect(path) as db:
        for table in tables:
            db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, body TEXT)")
    db.close()
    return path


def tables(path: Path) -> set[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        found = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    return found


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c))
def test_a_file_that_is_not_sqlite_is_one_clear_error(tmp_path: Path, command: list[str]):
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some notes, not a database\n" * 10)
    result = runner.invoke(cli, [*command, "--db", str(path)])
    assert result.exit_code == 2
    assert "not a SQLite database" in result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert path.read_bytes() == b"just some notes, not a database\n" * 10


@pytest.mark.parametrize("names", [("articles",), ("users", "orders")])
def test_a_foreign_sqlite_file_is_refused_before_anything_is_created(tmp_path: Path, names: tuple[str, ...]):
    path = foreign(tmp_path / "other.db", *names)
    before = path.read_bytes()
    source = tmp_path / "a.txt"
    source.write_text("قال مصدر إن الهدنة في إدلب صامدة منذ أيام، وإن المفاوضات مستمرة في أنقرة.", encoding="utf-8")
    for command in (["ingest", str(source)], *READ_COMMANDS):
        result = runner.invoke(cli, [*command, "--db", str(path)])
        assert result.exit_code == 2, command
        assert "not a marsad store" in result.output
    with pytest.raises(ForeignStore):
        Store(str(path))
    with pytest.raises(ForeignStore):
        create_app(str(path))
    assert tables(path) == set(names)
    assert path.read_bytes() == before


def test_an_empty_file_or_an_empty_sqlite_file_may_become_a_store(tmp_path: Path):
    empty = tmp_path / "empty.db"
    empty.touch()
    Store(str(empty)).close()
    blank = tmp_path / "blank.db"
    sqlite3.connect(blank).close()
    Store(str(blank)).close()
    assert "articles" in tables(empty) and "articles" in tables(blank)


def test_a_read_only_store_is_served_and_searched_as_it_is(db_path: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "ro.db"
    with sqlite3.connect(db_path) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    before = path.read_bytes()
    real_access = os.access  # as for a file and folder without write permission (root could write anyway)
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if mode & os.W_OK else real_access(p, mode, *a, **k))
    assert not schema.writable(str(path))
    store = Store(str(path), readonly=None)
    assert store.readonly and store.search("ادلب")
    with pytest.raises(StoreError):
        store.add(article("new", "نص جديد عن المياه في القاهرة"))
        store.flush()
    store.close()
    with TestClient(create_app(str(path))) as c:
        assert c.get("/api/articles", params={"q": "ادلب"}).json()["total"] >= 1
        for url in ("/", "/stories", "/entities", "/search?q=ادلب"):
            assert c.get(url).status_code == 200, url
    result = runner.invoke(cli, ["search", "ادلب", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ro.db"]  # no journal, no shared-memory file


def test_a_store_in_a_folder_without_write_permission_is_read(db_path: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "s.db"
    with sqlite3.connect(db_path) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    # Root may write any file, and CI runs as root: write access is answered from the permission
    # bits, as for another user, and the immutable read-only URI, which alone keeps SQLite from
    # writing beside the store, must be the one opened.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: real_access(p, mode, *a, **k) and not (
        mode & os.W_OK and not os.stat(p).st_mode & 0o200))
    opened: list[str] = []
    real_connect = sqlite3.connect

    def connect(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(str(database))
        return real_connect(database, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(sqlite3, "connect", connect)
    folder.chmod(0o555)
    try:
        result = runner.invoke(cli, ["search", "ادلب", "--db", str(path)])
        assert result.exit_code == 0, result.output
        with TestClient(create_app(str(path))) as c:
            assert c.get("/api/articles", params={"q": "ادلب"}).json()["total"] >= 1
    finally:
        folder.chmod(0o755)
    uri = path.resolve().as_uri()
    store_opens = [o for o in opened if o == str(path) or o.startswith(uri)]
    assert store_opens and all(o.startswith(uri) and o.endswith("?mode=ro&immutable=1") for o in store_opens), opened
    assert sorted(p.name for p in folder.iterdir()) == ["s.db"]  # no journal, no shared-memory file


# -- smaller: ranges, redirects, CSV, NUL ------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/articles", "/api/stories", "/api/statements", "/api/search", "/search",
                                 "/statements"])
def test_offsets_out_of_range_are_refused_not_500(client: TestClient, url: str):
    from marsad.api.deps import MAX_OFFSET

    for offset in (10**19, MAX_OFFSET + 1):  # bounded by the parameter, before any query runs
        assert client.get(url, params={"offset": str(offset)}).status_code == 422, offset
    assert client.get(url, params={"offset": str(MAX_OFFSET)}).status_code == 200


def test_other_integers_sqlite_cannot_hold_are_refused_or_capped(client: TestClient):
    assert client.get("/api/stories", params={"min_outlets": str(10**19)}).status_code == 422
    page = client.get("/stories", params={"min_outlets": str(10**19)})
    assert page.status_code == 200 and 'value="1000000"' in page.text


def test_the_trailing_slash_redirect_is_relative(client: TestClient):
    for host in ("evil.example", "evil.example:8080"):
        response = client.get("/stories/?x=1", headers={"host": host}, follow_redirects=False)
        assert response.status_code in (307, 308)
        assert response.headers["location"] == "/stories?x=1"


def test_csv_cells_that_spreadsheets_would_run_are_neutralised():
    for formula in FORMULAS:
        assert csvcells.safe_text(formula) == "'" + formula
    assert csvcells.safe_text("نص عادي - مع شرطة") == "نص عادي - مع شرطة"
    assert csvcells.cell(["=a", "b"]) == "'=a; b"
    assert csvcells.cell("a\x00b") == "a\ufffdb"
    assert (csvcells.cell(None), csvcells.cell(True), csvcells.cell(3)) == ("", "1", "3")


def test_export_csv_writes_no_formula_and_no_nul(db_path: str):
    result = runner.invoke(cli, ["export", "--format", "csv", "--db", db_path])
    assert result.exit_code == 0
    assert "\x00" not in result.stdout
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    titles = {row["title"] for row in rows}
    for formula in FORMULAS:
        assert "'" + formula in titles or "'" + formula.replace("\r", "\n") in titles
    assert not any(cell.startswith(csvcells.FORMULA_STARTS) for row in rows for cell in row.values() if cell)


def test_api_csv_exports_write_no_formula_and_no_nul(client: TestClient):
    response = client.get("/api/export/search", params={"format": "csv"})
    assert response.status_code == 200
    assert "\x00" not in response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and not any(cell.startswith(csvcells.FORMULA_STARTS) for row in rows for cell in row.values() if cell)


def test_pages_with_hostile_stored_text_carry_no_nul_and_no_live_markup(client: TestClient, db_path: str):
    with sqlite3.connect(db_path) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM articles WHERE instr(record, '<script>') > 0")]
    db.close()
    assert ids
    urls = ["/", "/stories", "/entities", "/sources", "/search?q=nul", "/search?q=here"] + [f"/articles/{i}" for i in ids]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "\x00" not in response.text, url
        assert "<script>alert" not in response.text, url
        assert int(response.headers["content-length"]) == len(response.content), url
    page = client.get(f"/articles/{ids[0]}").text
    assert "nul\ufffdhere" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- what already held still holds -------------------------------------------------------------


def test_the_write_route_needs_the_token(client: TestClient):
    files = {"files": ("x.txt", "قال مصدر إن الهدنة صامدة".encode(), "text/plain")}
    assert client.post("/api/ingest", files=files).status_code == 403
    assert client.post("/api/ingest", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/api/ingest", files=files, headers={"Authorization": TOKEN}).status_code == 403


def test_uploads_are_capped(db_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "up.db"
    with sqlite3.connect(db_path) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    monkeypatch.setattr(routes_ingest, "MAX_BYTES", 1000)
    with TestClient(create_app(str(path), token=TOKEN)) as c:
        files = {"files": ("big.txt", b"x" * 5000, "text/plain")}
        response = c.post("/api/ingest", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 413


# -- concurrency: no Python per row in the entity pages' queries -------------------------------


def test_statements_by_and_about_an_entity_id_never_call_python_per_row(db_path: str,
                                                                       monkeypatch: pytest.MonkeyPatch):
    from marsad.store import sources, statement_groups, statements

    db = schema.connect_readonly(db_path)
    speaker = db.execute("SELECT speaker_entity FROM statements WHERE speaker_entity IS NOT NULL").fetchone()[0]
    by, about = statement_groups.StatementFilters(speaker=speaker), statement_groups.StatementFilters(about=speaker)
    grouped = statement_groups.browse_statements(db, by)
    grouped_about = statement_groups.browse_statements(db, about)

    def refuse(_value: str) -> str:  # what the per-row SQL function would call
        raise AssertionError("normalised every row")

    monkeypatch.setattr(statements, "normalize", refuse)
    monkeypatch.setattr(sources, "normalize", refuse)
    again = statement_groups.browse_statements(db, by)
    assert again.total == grouped.total >= 1 and again.groups == grouped.groups
    again_about = statement_groups.browse_statements(db, about)
    assert again_about.total == grouped_about.total and again_about.groups == grouped_about.groups
    db.close()


def test_worker_processes_build_the_app_from_the_parent_s_settings(db_path: str, monkeypatch: pytest.MonkeyPatch):
    from marsad.web import server

    monkeypatch.setenv(server.SETTINGS_VARIABLE, json.dumps(
        {"db": db_path, "token": "s3cret", "seconds": 2.5,
         "search": {"max_terms": 7, "max_prefixes": 1, "max_chars": 99}}))
    app = server.app_from_environment()
    assert app.state.limits == ServeLimits(SearchLimits(7, 1, 99), 2.5) and app.state.token == "s3cret"
    # the token is not left where a process the worker starts would inherit it
    assert server.SETTINGS_VARIABLE not in os.environ
    assert not any("s3cret" in value for value in os.environ.values())
    with TestClient(app) as c:
        assert "max_terms = 7" in c.get("/api/articles", params={"q": " ".join(["ادلب"] * 8)}).json()["detail"]


def test_the_parent_leaves_the_token_in_its_environment_only_while_its_workers_run(
        db_path: str, monkeypatch: pytest.MonkeyPatch):
    import uvicorn

    from marsad.web import server

    seen: list[str | None] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.append(os.environ.get(server.SETTINGS_VARIABLE)))
    server.serve(db_path, token="s3cret", workers=2)
    assert seen and "s3cret" in (seen[0] or "")  # what the spawned workers read
    assert server.SETTINGS_VARIABLE not in os.environ
