"""The statements browser: filtered statements, the same statement repeated by copies grouped once.

A statement that copies and republications repeat word for word (same speaker text,
same content) is one row here, with every article that carries it, its outlets and
the earliest of them. The page, the API and ``marsad statements`` all read
:func:`browse_statements`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from marsad.store.schema import has_table
from marsad.store.statements import _like, _register
from marsad.text.normalize import normalize


@dataclass(frozen=True)
class StatementFilters:
    """What to keep: every field left ``None`` keeps everything.

    ``speaker``: an entity id, or text matched in the speaker or its affiliation;
    ``anonymous``: only anonymous (or only named) speakers; ``affiliation``: the
    anonymous source's affiliation (an entity id or text); ``via``: the relaying
    medium (entity id or name); ``outlet``: the article's site or outlet (slug or
    name); ``since``/``until``: publication dates (``until`` inclusive at its own
    precision); ``story``: a story id; ``about``: an entity the article mentions or
    a name in the content.
    """

    speaker: str | None = None
    anonymous: bool | None = None
    affiliation: str | None = None
    via: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    story: str | None = None
    about: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class StatementPage:
    """A page of grouped statements and how many groups match in all."""

    total: int
    groups: list[dict[str, Any]] = field(default_factory=list)


_LIKE = " LIKE ? ESCAPE '\\'"


def statement_where(db: sqlite3.Connection, f: StatementFilters) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``s`` statements, ``a`` articles) and their parameters for ``f``."""
    _register(db)
    where: list[str] = []
    params: list[Any] = []
    if f.speaker:
        where.append(f"(s.speaker_entity = ? OR s.affiliation = ? OR marsad_norm(s.speaker_text){_LIKE}"
                     f" OR marsad_norm(s.affiliation){_LIKE})")
        params += [f.speaker, f.speaker, _like(f.speaker), _like(f.speaker)]
    if f.anonymous is not None:
        where.append("s.anonymous = ?")
        params.append(int(f.anonymous))
    if f.affiliation:
        where.append(f"(s.affiliation = ? OR marsad_norm(s.affiliation){_LIKE})")
        params += [f.affiliation, _like(f.affiliation)]
    if f.via:
        where.append(f"(s.via_entity = ? OR marsad_norm(s.via_text){_LIKE})")
        params += [f.via, _like(f.via)]
    if f.outlet:
        ids = medium_ids(db, f.outlet)
        marks = ", ".join("?" * len(ids)) or "NULL"
        where.append(f"(a.site_id IN ({marks}) OR a.outlet_id IN ({marks}))")
        params += ids + ids
    if f.since:
        where.append("a.published >= ?")
        params.append(f.since)
    if f.until:
        where.append("substr(a.published, 1, ?) <= ?")
        params += [len(f.until), f.until]
    if f.story:
        if not has_table(db, "story_docs"):
            where.append("0")
        else:
            alias = db.execute("SELECT story FROM story_aliases WHERE id = ?", (f.story,)).fetchone()
            where.append("a.rowid IN (SELECT article FROM story_docs WHERE story = ?)")
            params.append(alias[0] if alias else f.story)
    if f.about:
        clause = f"marsad_norm(s.content){_LIKE}"
        if has_table(db, "mentions"):
            clause = (f"(s.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?) OR {clause})")
            params.append(f.about)
        params.append(_like(f.about))
        where.append(clause)
    return where, params


def medium_ids(db: sqlite3.Connection, name: str) -> list[int]:
    """Media rows for a slug or name in any spelling (and the names the outlet registry knows it by)."""
    from marsad.store.sources import registry

    names = {name, normalize(name)}
    known = registry().find(name)
    if known is not None:
        names |= {known.slug, known.ar, known.en, *known.aliases}
        names |= {normalize(n) for n in list(names)}
    marks = ", ".join("?" * len(names))
    rows = db.execute(f"SELECT id FROM media WHERE name IN ({marks}) OR norm IN ({marks})", [*names, *names])
    return [int(r[0]) for r in rows]


_GROUP_SQL = """
SELECT s.speaker_text, s.content, max(s.anonymous) AS anonymous, max(s.direct) AS direct,
       min(s.speaker_entity) AS speaker_entity, min(s.affiliation) AS affiliation, min(s.cue) AS cue,
       min(s.via_text) AS via_text, min(s.via_entity) AS via_entity, count(*) AS count,
       max(a.published) AS last_published,
       json_group_array(json_array(s.article_id, s.seq, a.title, a.published, site.name, outlet.name, a.rowid))
           AS items
FROM statements s JOIN articles a ON a.id = s.article_id
LEFT JOIN media site ON site.id = a.site_id LEFT JOIN media outlet ON outlet.id = a.outlet_id
{where}
GROUP BY s.speaker_text, s.content
"""

ITEM_KEYS = ("article_id", "seq", "title", "published", "site", "outlet")


def _group(row: sqlite3.Row) -> dict[str, Any]:
    """One group as JSON-ready data: the earliest article's statement, then every copy."""
    raw = json.loads(row["items"])
    raw.sort(key=lambda item: (item[3] is None, item[3] or "", item[6]))
    items = [dict(zip(ITEM_KEYS, item[:6], strict=True)) for item in raw]
    first = items[0]
    group = {key: row[key] for key in ("speaker_text", "speaker_entity", "affiliation", "cue", "content",
                                         "via_text", "via_entity")}
    group.update(first)
    group["anonymous"], group["direct"] = bool(row["anonymous"]), bool(row["direct"])
    group["count"] = int(row["count"])
    group["outlets"] = list(dict.fromkeys(i["site"] or i["outlet"] for i in items if i["site"] or i["outlet"]))
    group["items"] = items
    return group


def browse_statements(db: sqlite3.Connection, filters: StatementFilters | None = None,
                      limit: int = 50, offset: int = 0) -> StatementPage:
    """Statements matching ``filters``, repeated ones grouped, newest first (by their latest copy)."""
    if not has_table(db, "statements"):
        return StatementPage(0)
    where, params = statement_where(db, filters or StatementFilters())
    sql = _GROUP_SQL.format(where=("WHERE " + " AND ".join(where)) if where else "")
    total = int(db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])
    rows = db.execute(sql + " ORDER BY last_published IS NULL, last_published DESC, min(a.rowid) DESC"
                      " LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
    return StatementPage(total, [_group(row) for row in rows])


def page_dict(found: StatementPage, limit: int, offset: int) -> dict[str, Any]:
    """A page of :func:`browse_statements` as JSON-ready data."""
    return {"total": found.total, "limit": limit, "offset": offset, "results": found.groups}
