"""The web interface in a real browser: right-to-left pages, entity links, screenshots for the docs."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip("no Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from marsad.web.app import create_app  # noqa: E402
from webstore import build_store  # noqa: E402

DESK = Path(__file__).resolve().parent / "fixtures" / "desk"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server over the fixture store, in a thread on a free port."""
    db = build_store(tmp_path_factory.mktemp("e2e") / "marsad.db", DESK)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[sync_api.Page]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield page
        context.close()
        browser.close()
        assert not errors, errors  # a CSP violation shows up here


def test_article_entity_story_pages_in_a_browser(base_url: str, page: sync_api.Page, tmp_path: Path):
    # Screenshots go to a scratch folder; MARSAD_SCREENSHOTS=docs/screenshots refreshes
    # the ones the README shows (tests never rewrite tracked files by themselves).
    shots = Path(os.environ.get("MARSAD_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.goto(base_url + "/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("svg.day-chart rect.bar").count() == 6
    page.screenshot(path=str(shots / "home.png"), full_page=True)

    page.goto(base_url + "/search?q=ادلب")
    page.click("a.hit-title:has-text('مصدر تركي')")
    page.wait_for_url("**/articles/*")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert "وقف إطلاق النار" in page.inner_text(".article-text")
    page.screenshot(path=str(shots / "article.png"), full_page=True)

    link = page.locator(".article-text a.ent", has_text="إدلب").first
    link.click()
    page.wait_for_url("**/entities/*")
    assert "إدلب" in page.inner_text("h1")
    assert page.locator("svg.chart rect.bar").count() > 0
    page.screenshot(path=str(shots / "entity.png"), full_page=True)

    page.goto(base_url + "/stories")
    page.click("a.card-title:has-text('ميناء ينبع الجديد')")
    page.wait_for_url("**/stories/*")
    assert page.locator(".event.is-first").count() == 1
    assert page.inner_text(".event.is-first time") == "2024-05-14 08:10"  # the time decides who was first
    page.screenshot(path=str(shots / "story.png"), full_page=True)


def test_english_switch(base_url: str, page: sync_api.Page):
    page.goto(base_url + "/")
    page.click("a.lang-switch")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    page.goto(base_url + "/sources")
    assert page.evaluate("document.documentElement.lang") == "en"  # remembered by cookie
    page.goto(base_url + "/?lang=ar")


def test_desk_pages_in_a_browser(base_url: str, page: sync_api.Page, tmp_path: Path):
    shots = Path(os.environ.get("MARSAD_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    # Statements: the one repeated by a copy is one row; its link highlights the sentence.
    page.goto(base_url + "/statements?lang=ar&anonymous=1")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.screenshot(path=str(shots / "statements.png"), full_page=True)
    row = page.locator("li.statement", has_text="الميناء سيبدأ استقبال السفن")
    assert row.count() == 1
    row.locator("details.copies summary").click()
    assert row.locator("details.copies li").count() == 2
    row.locator(".statement-source > a").click()
    page.wait_for_url("**/articles/*")
    said = page.locator("mark#said")
    assert "الميناء سيبدأ استقبال السفن" in said.inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('mark#said')).backgroundColor") != "rgba(0, 0, 0, 0)"
    # Hostile markup stays text.
    page.goto(base_url + "/statements?outlet=alriyadh")
    assert "<script>alert(2)</script>" in page.inner_text("main")
    # Search: copies collapsed and expandable, facets narrow the results.
    page.goto(base_url + "/search?q=ينبع")
    assert page.locator("li.hit").count() == 2
    page.click("li.hit details.copies summary")
    assert page.locator("li.hit details.copies li").count() == 1
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    mark, line = page.evaluate("""() => {
        const m = document.querySelector('mark.hit');
        return [m.getBoundingClientRect().height, parseFloat(getComputedStyle(m.closest('p')).lineHeight)];
    }""")
    assert mark <= line, (mark, line)  # the highlight stays within its own line, not over the one above
    page.click(".facets a:has-text('عكاظ')")
    assert page.locator("li.hit").count() == 1
    # Sources and the English interface.
    page.goto(base_url + "/sources?lang=en")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert "Asharq Al-Awsat" in page.inner_text("table")
    page.screenshot(path=str(shots / "sources.png"), full_page=True)
    page.goto(base_url + "/statements")
    assert page.evaluate("document.documentElement.lang") == "en" and "Statements" in page.inner_text("h1")
    page.goto(base_url + "/stories?sort=outlets&min_outlets=2")
    assert page.locator("a.card-title").count() >= 2
    page.goto(base_url + "/?lang=ar")
