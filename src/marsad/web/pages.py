"""Server-rendered pages: home, search, article, entity, story, sources (Arabic first, RTL)."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.api import views
from marsad.api.deps import Db
from marsad.api.queries import counts, latest_articles, media_totals, page_dict
from marsad.store.articles import find_articles
from marsad.web import charts, i18n, render

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
    return env


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
def home(request: Request, db: Db) -> HTMLResponse:
    """Search box, counts, latest stories (or articles) and the most named entities."""
    return page(request, "home.html", counts=counts(db), stories=views.story_list(db, limit=8),
                latest=latest_articles(db, 8), entities=views.entity_list(db, limit=24))


def _flag(value: str | None) -> bool | None:
    return {"1": True, "true": True, "0": False, "false": False}.get((value or "").lower())


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, db: Db,
    q: str = "", entity: str = "", site: str = "", outlet: str = "", since: str = "", until: str = "",
    anonymous: str = "", offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """Results with highlighted snippets, filters kept in the form."""
    ids = views.entity_ids(db, entity) if entity else None
    found = page_dict(find_articles(db, q or None, ids, site or None, outlet or None, since or None,
                                    until or None, _flag(anonymous), PAGE_SIZE, offset), PAGE_SIZE, offset)
    form = {"q": q, "entity": entity, "site": site, "outlet": outlet, "since": since, "until": until,
            "anonymous": anonymous}
    return page(request, "search.html", form=form, found=found,
                paging=_paging(request, found["total"], offset, PAGE_SIZE))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, db: Db, article_id: str) -> HTMLResponse:
    """The clean text with entities linked, statements, provenance, copies, dates and points."""
    record = views.article_detail(db, article_id)
    if record is None:
        raise HTTPException(404)
    grouped: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for e in record.get("entities") or []:
        key = e.get("id") or e["text"]
        grouped[e["label"]].setdefault(key, {"id": e.get("id"), "name": e.get("name") or e["text"], "n": 0})["n"] += 1
    return page(request, "article.html", a=record,
                body=render.paragraphs(record["text"], render.article_marks(record)),
                source_link=render.safe_link((record.get("source") or {}).get("url")),
                entity_groups=[(label, list(grouped[label].values())) for label in LABELS if grouped.get(label)])


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, db: Db, label: str = "") -> HTMLResponse:
    """The most mentioned entities, by type."""
    return page(request, "entities.html", label=label,
                entities=views.entity_list(db, label or None, 200), labels=LABELS)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity(request: Request, db: Db, entity_id: str) -> HTMLResponse:
    """Coverage over time, statements by and about the entity, articles naming it."""
    found = views.entity_detail(db, entity_id)
    if found is None:
        raise HTTPException(404)
    chart = charts.coverage([(p["day"], p["articles"]) for p in found["timeline"]])
    return page(request, "entity.html", e=found, chart=chart)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, db: Db) -> HTMLResponse:
    """Stories, most recent first."""
    return page(request, "stories.html", stories=views.story_list(db, limit=200))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, db: Db, story_id: str) -> HTMLResponse:
    """A story's timeline by outlet: first publisher and copies marked."""
    found = views.story_detail(db, story_id)
    if found is None:
        raise HTTPException(404)
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in found["timeline"]:
        by_outlet[item.get("outlet") or item.get("site") or "—"].append(item)
    return page(request, "story.html", s=found, by_outlet=list(by_outlet.items()))


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, db: Db) -> HTMLResponse:
    """Sites and outlets: what they published, credited, copied and were copied."""
    return page(request, "sources.html", media=media_totals(db), republications=views.republications(db, 200))


async def _not_found(request: Request, exc: Exception) -> Response:
    """An HTML error page for pages, JSON for the API."""
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    detail = exc.detail if isinstance(exc, StarletteHTTPException) else "error"
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": detail}, status_code=status, headers=getattr(exc, "headers", None))
    return page(request, "error.html", status=status, code=status)


def install(app: FastAPI) -> None:
    """Add the pages, the static files and the HTML error page to ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(StarletteHTTPException, _not_found)
