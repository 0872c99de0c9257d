"""``marsad sources`` and ``marsad summary``: the sources table and a day at a glance, as the web pages show them."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from marsad.cli import DbOpt, _fail, _open_existing, app, err, out
from marsad.store import DEFAULT_PATH


@app.command()
def sources(
    db: DbOpt = DEFAULT_PATH,
    lang: Annotated[str, typer.Option("--lang", help="Display names in ar or en.")] = "ar",
    as_json: Annotated[bool, typer.Option("--json", help="The outlets, cited media and copies as one JSON object.")] = False,
) -> None:
    """Per outlet and per cited medium: articles, statements, copies made and copied from, first publications."""
    if lang not in ("ar", "en"):
        raise _fail("--lang must be ar or en")
    with _open_existing(db) as store:
        outlets, cited, copies = store.outlets(), store.cited_media(), store.republications(100)
    if as_json:
        print(json.dumps({"outlets": outlets, "cited": cited, "republications": copies}, ensure_ascii=False))
        return
    out.print("[bold]articles  statements  copies made  copied from  first  outlet[/]")
    for m in outlets:
        name = m["names"][lang] or m["id"]
        slug = f"  [dim]{escape(m['id'])}[/]" if name != m["id"] else ""
        out.print(f"{m['articles']:>8}  {m['statements']:>10}  {m['copies_made']:>11}  {m['copied_from']:>11}"
                  f"  {m['first_publisher']:>5}  {escape(name)}{slug}")
    if cited:
        out.print("\n[bold]articles  outlets  statements relayed  cited medium[/]")
        for c in cited:
            out.print(f"{c['articles']:>8}  {c['outlets']:>7}  {c['statements']:>18}  {escape(c['names'][lang] or c['name'])}")
    if not outlets:
        err.print("no article stored yet")


@app.command()
def summary(
    db: DbOpt = DEFAULT_PATH,
    day: Annotated[str | None, typer.Option("--day", help="YYYY-MM-DD (default: the latest day in the store).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="The summary as one JSON object.")] = False,
) -> None:
    """A day at a glance: its biggest multi-outlet stories, most named people and organisations,
    busiest anonymous sources, and articles per hour."""
    with _open_existing(db) as store:
        try:
            found = store.day_summary(day, limit)
        except ValueError as e:
            raise _fail("--day must be YYYY-MM-DD") from e
    if as_json:
        print(json.dumps(found, ensure_ascii=False))
        return
    if found["day"] is None:
        err.print("no dated article stored yet")
        return
    out.print(f"[bold]{found['day']}[/]: {found['articles']} articles from {found['outlets']} outlets")
    out.print("\n[bold]Stories covered by several outlets[/]")
    for s in found["stories"]:
        out.print(f"  {s['day_outlets']:>3} outlets {s['day_articles']:>4} articles  {escape(s['headline'] or '')}  [dim]{s['id']}[/]")
    if not found["stories"]:
        out.print("  none")
    for title, key in (("People", "people"), ("Organisations", "organisations")):
        names = ", ".join(f"{e['name'] or e['id']} ({e['articles']})" for e in found[key])
        out.print(f"\n[bold]{title}[/]: {escape(names or 'none')}")
    out.print("\n[bold]Anonymous sources[/]")
    for a in found["anonymous_sources"]:
        who = a["speaker_text"] + (f" ({a['affiliation_name']})" if a["affiliation_name"] else "")
        out.print(f"  {a['statements']:>4} statements  {escape(who)}")
    hours = found["hours"]
    per_hour: dict[int, int] = {}
    for c in hours["counts"]:
        per_hour[c["hour"]] = per_hour.get(c["hour"], 0) + c["articles"]
    if per_hour:
        out.print("\n[bold]Articles per hour[/]: " + "  ".join(f"{h:02d}h {n}" for h, n in sorted(per_hour.items())))
    if hours["untimed"]:
        out.print(f"[dim]{hours['untimed']} articles without a time[/]")
