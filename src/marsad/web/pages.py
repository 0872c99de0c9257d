"""Server-rendered pages: home, search, article, entity, story, sources (Arabic first, RTL)."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.api.deps import DAY_FORMAT, MAX_OFFSET, Offset, ReadStore
from marsad.outlets import registry
from marsad.store.statement_groups import StatementFilters
from marsad.web import charts, daychart, i18n, render

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20
LABELS = ("PER", "ORG", "LOC", "MISC")

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment (built once): autoescape always on, templates from this package."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["entity_href"] = render.entity_href
    env.filters["snippet"] = lambda hit: render.snippet_html(hit["snippet"], hit["highlights"])
    env.filters["day"] = lambda value: (value or "")[:10]
    env.filters["when"] = when
    env.filters["medium"] = _medium
    return env


def when(value: str | None) -> str:
    """A publication date with its time to the minute where it has one («2024-05-14 08:15»)."""
    if not value:
        return ""
    return value[:10] + (" " + value[11:16] if len(value) >= 16 and value[10] in "T " else "")


@pass_context
def _medium(context: Context, name: str | None) -> str | None:
    """An outlet's display name in the page's language (the stored name when the registry lacks it)."""
    return registry().display(name, context.get("lang", "ar"))


def _local_path(request: Request) -> str:
    """The request's path as a same-site link: «//evil.example/x» must not become one off-site."""
    return "/" + request.url.path.lstrip("/")


def _switch_url(request: Request, lang: str) -> str:
    """This page in the other language (query kept, ``lang`` replaced)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", lang)]
    return _local_path(request) + "?" + urlencode(params)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` in the request's language, remembering a language chosen by query."""
    lang, chosen = i18n.pick(request)
    other = "en" if lang == "ar" else "ar"
    html = environment().get_template(template).render(
        lang=lang, dir="rtl" if lang == "ar" else "ltr", t=i18n.translator(lang),
        switch_url=_switch_url(request, other), other_lang=other, path=_local_path(request), **context,
    )
    response = HTMLResponse(html, status_code=status)
    if chosen:
        response.set_cookie(i18n.COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def _paging(request: Request, total: int, offset: int, limit: int) -> dict[str, str | None]:
    """Links to the previous and next page of results."""
    def link(to: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"] + [("offset", str(to))]
        return _local_path(request) + "?" + urlencode(params)

    return {"prev": link(max(0, offset - limit)) if offset > 0 else None,
            "next": link(offset + limit) if offset + limit < total else None}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: ReadStore, day: str = "") -> HTMLResponse:
    """A day at a glance (the latest day unless ``day``): multi-outlet stories, who was named,
    anonymous sources, articles per hour by outlet; then the latest articles."""
    try:
        summary = store.day_summary(day or None)
    except ValueError as e:  # refused as /api/summary refuses it
        raise HTTPException(422, DAY_FORMAT) from e
    return page(request, "home.html", counts=store.counts(), summary=summary,
                chart=daychart.hours_chart(summary["hours"]["counts"]),
                latest=store.latest_articles(8), entities=store.top_entities(limit=24))


def _flag(value: str | None) -> bool | None:
    return {"1": True, "true": True, "0": False, "false": False}.get((value or "").lower())


def _query(request: Request, drop: tuple[str, ...] = ("offset", "lang")) -> str:
    """The request's query string without ``drop`` (for export links and facet links)."""
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in drop and v])


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, store: ReadStore,
    q: str = "", entity: str = "", site: str = "", outlet: str = "", since: str = "", until: str = "",
    anonymous: str = "", label: str = "", sort: str = "relevance", offset: Offset = 0,
) -> HTMLResponse:
    """Results with copies collapsed and highlighted snippets, facets, filters kept in the form."""
    sort = sort if sort in ("relevance", "date") else "relevance"
    label = label if label in LABELS else ""
    found = store.reader_search(q, entity, site, outlet, since, until, _flag(anonymous), label, sort, PAGE_SIZE, offset)
    form = {"q": q, "entity": entity, "site": site, "outlet": outlet, "since": since, "until": until,
            "anonymous": anonymous, "label": label, "sort": sort}
    base = _query(request, ("offset", "lang", "site", "outlet", "since", "until", "label"))
    return page(request, "search.html", form=form, found=found, query=_query(request), facet_base=base,
                paging=_paging(request, found["total"], offset, PAGE_SIZE), labels=LABELS)


@router.get("/statements", response_class=HTMLResponse)
def statements(
    request: Request, store: ReadStore,
    speaker: str = "", anonymous: str = "", affiliation: str = "", via: str = "", outlet: str = "",
    since: str = "", until: str = "", story: str = "", about: str = "", offset: Offset = 0,
) -> HTMLResponse:
    """Who said what, on whose word: the statements browser, repeated statements grouped."""
    filters = StatementFilters(speaker or None, _flag(anonymous), affiliation or None, via or None, outlet or None,
                               since or None, until or None, story or None, about or None)
    found = store.statements(filters, PAGE_SIZE, offset)
    form = {"speaker": speaker, "anonymous": anonymous, "affiliation": affiliation, "via": via,
            "outlet": outlet, "since": since, "until": until, "story": story, "about": about}
    # The next page exists when more groups follow (``total`` counts statements, copies included).
    paging = _paging(request, offset + PAGE_SIZE + int(found.more), offset, PAGE_SIZE)
    return page(request, "statements.html", form=form, found=found, query=_query(request), paging=paging)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, store: ReadStore, article_id: str, said: int | None = None) -> HTMLResponse:
    """The clean text with entities linked, statements, provenance, copies, dates and points;
    ``said``: the statement (by its number) whose sentence is highlighted."""
    record = store.article_detail(article_id)
    if record is None:
        raise HTTPException(404)
    grouped: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for e in record.get("entities") or []:
        key = e.get("id") or e["text"]
        grouped[e["label"]].setdefault(key, {"id": e.get("id"), "name": e.get("name") or e["text"], "n": 0})["n"] += 1
    focus = render.statement_span(record, said)
    return page(request, "article.html", a=record,
                body=render.paragraphs(record["text"], render.article_marks(record), focus),
                source_link=render.safe_link((record.get("source") or {}).get("url")),
                entity_groups=[(label, list(grouped[label].values())) for label in LABELS if grouped.get(label)])


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, store: ReadStore, label: str = "") -> HTMLResponse:
    """The most mentioned entities, by type."""
    return page(request, "entities.html", label=label,
                entities=store.top_entities(label or None, 200), labels=LABELS)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity(request: Request, store: ReadStore, entity_id: str) -> HTMLResponse:
    """Coverage over time, statements by and about the entity, articles naming it."""
    found = store.entity_detail(entity_id)
    if found is None:
        raise HTTPException(404)
    chart = charts.coverage([(p["day"], p["articles"]) for p in found["timeline"]])
    return page(request, "entity.html", e=found, chart=chart)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, store: ReadStore, sort: str = "recent", min_outlets: str = "1", since: str = "",
            until: str = "") -> HTMLResponse:
    """Stories ranked by recency, size or outlets, at least ``min_outlets`` outlets each."""
    sort = sort if sort in ("recent", "size", "outlets") else "recent"
    least = min(max(1, int(min_outlets)), MAX_OFFSET) if min_outlets.isdigit() else 1
    form = {"sort": sort, "min_outlets": least, "since": since, "until": until}
    return page(request, "stories.html", form=form,
                stories=store.stories(sort, least, since or None, until or None, limit=200))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, store: ReadStore, story_id: str) -> HTMLResponse:
    """A story's timeline by outlet: first publisher and copies marked."""
    found = store.story_detail(story_id)
    if found is None:
        raise HTTPException(404)
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in found["timeline"]:
        by_outlet[item.get("outlet") or item.get("site") or "—"].append(item)
    return page(request, "story.html", s=found, by_outlet=list(by_outlet.items()),
                statements=store.statements(StatementFilters(story=found["id"]), 10).groups)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, store: ReadStore) -> HTMLResponse:
    """Per outlet and per cited medium: articles, statements, copies, first publications."""
    return page(request, "sources.html", outlets=store.outlets(), cited=store.cited_media(),
                republications=store.republications(200))


async def _not_found(request: Request, exc: Exception) -> Response:
    """An HTML error page for pages, JSON for the API."""
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    detail = exc.detail if isinstance(exc, StarletteHTTPException) else "error"
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": detail}, status_code=status, headers=getattr(exc, "headers", None))
    # A refused query (422) says which limit it passed.
    return page(request, "error.html", status=status, code=status, detail=detail if status == 422 else None)


def install(app: FastAPI) -> None:
    """Add the pages, the static files and the HTML error page to ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(StarletteHTTPException, _not_found)
