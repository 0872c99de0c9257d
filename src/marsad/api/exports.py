"""Analyst exports: search results, statements and a story as CSV or JSON lines.

CSV cells that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) are prefixed with ``'``: scraped text
must not run in the analyst's spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from fastapi.responses import Response

from marsad.csvcells import cell

FORMATS = ("csv", "jsonl")

SEARCH_FIELDS = ("id", "title", "published", "site", "outlet", "copies", "copy_ids", "snippet")
STATEMENT_FIELDS = ("speaker_text", "anonymous", "affiliation", "cue", "content", "direct", "via_text",
                    "article_id", "title", "published", "site", "outlet", "count", "outlets", "article_ids")
STORY_FIELDS = ("story", "headline", "id", "title", "published", "site", "outlet", "first", "copy_of")


def csv_text(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> str:
    """``rows`` as CSV with a header line of ``fields``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in fields])
    return out.getvalue()


def jsonl_text(rows: Iterable[dict[str, Any]]) -> str:
    """``rows`` as JSON lines, non-ASCII text kept as it is."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def search_rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collapsed search results with their copies counted and listed by id."""
    return [{**r, "copies": len(r.get("copies") or []), "copy_ids": [c["id"] for c in r.get("copies") or []]}
            for r in results]


def statement_rows(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Grouped statements with the ids of every article that carries them."""
    return [{**g, "article_ids": [i["article_id"] for i in g.get("items") or []]} for g in groups]


def story_rows(story: dict[str, Any]) -> list[dict[str, Any]]:
    """A story's timeline, one row per article, with the story's id and headline."""
    return [{"story": story["id"], "headline": story.get("headline"), **item} for item in story["timeline"]]


def download(fmt: str, name: str, records: list[dict[str, Any]], rows: list[dict[str, Any]],
             fields: tuple[str, ...]) -> Response:
    """An attachment ``name``.csv (``rows``, columns ``fields``) or ``name``.jsonl (``records``, whole)."""
    if fmt == "csv":
        body, media = csv_text(rows, fields), "text/csv; charset=utf-8"
    else:
        body, media = jsonl_text(records), "application/x-ndjson; charset=utf-8"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
