"""The statements browser: filtered statements, the same statement repeated by copies grouped once.

A statement that the copies of one article (its copy group: republications and
near-duplicates found at ingest) repeat word for word, same speaker text and same
content, is one row here, with every article that carries it, its outlets and the
earliest of them. The page, the API and ``marsad statements`` all read
:func:`browse_statements`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, cast

from marsad.store.collapse import first_of_each
from marsad.store.schema import has_table
from marsad.store.sources import medium_ids
from marsad.store.statements import is_entity_id, like_pattern, register_functions


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


@dataclass
class StatementPage:
    """A page of grouped statements, how many statements match in all (copies included), and
    whether more groups follow this page."""

    total: int
    groups: list[dict[str, Any]] = field(default_factory=list)
    more: bool = False

    def to_dict(self, limit: int, offset: int) -> dict[str, Any]:
        """The page as JSON-ready data (``total``: matching statements, copies included)."""
        return {"total": self.total, "more": self.more, "limit": limit, "offset": offset, "results": self.groups}


_LIKE = " LIKE ? ESCAPE '\\'"


def statement_where(db: sqlite3.Connection, f: StatementFilters) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``s`` statements, ``a`` articles) and their parameters for ``f``."""
    register_functions(db)
    where: list[str] = []
    params: list[Any] = []
    # A stored entity's id is matched by id alone, through the indexes (see is_entity_id).
    if f.speaker and is_entity_id(db, f.speaker):
        where.append("(s.speaker_entity = ? OR s.affiliation = ?)")
        params += [f.speaker, f.speaker]
    elif f.speaker:
        where.append(f"(s.speaker_entity = ? OR s.affiliation = ? OR marsad_norm(s.speaker_text){_LIKE}"
                     f" OR marsad_norm(s.affiliation){_LIKE})")
        params += [f.speaker, f.speaker, like_pattern(f.speaker), like_pattern(f.speaker)]
    if f.anonymous is not None:
        where.append("s.anonymous = ?")
        params.append(int(f.anonymous))
    if f.affiliation:
        # An affiliation is stored as text or as an entity id: text also matches the entity's name.
        named = (f" OR s.affiliation IN (SELECT id FROM entities WHERE marsad_norm(name){_LIKE})"
                 if has_table(db, "entities") else "")
        where.append(f"(s.affiliation = ? OR marsad_norm(s.affiliation){_LIKE}{named})")
        params += [f.affiliation, like_pattern(f.affiliation)] + ([like_pattern(f.affiliation)] if named else [])
    if f.via:
        where.append(f"(s.via_entity = ? OR marsad_norm(s.via_text){_LIKE})")
        params += [f.via, like_pattern(f.via)]
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
    if f.about and is_entity_id(db, f.about) and has_table(db, "mentions"):
        where.append("s.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
        params.append(f.about)
    elif f.about:
        clause = f"marsad_norm(s.content){_LIKE}"
        if has_table(db, "mentions"):
            clause = (f"(s.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?) OR {clause})")
            params.append(f.about)
        params.append(like_pattern(f.about))
        where.append(clause)
    return where, params


_ROWS = """
SELECT s.article_id, s.seq, s.speaker_text, s.speaker_entity, s.anonymous, s.affiliation, s.cue, s.content,
       s.direct, s.via_text, s.via_entity, a.title, a.published, site.name AS site, outlet.name AS outlet,
       a.rowid AS rid, {group} AS grp
FROM statements s JOIN articles a ON a.id = s.article_id {copies}
LEFT JOIN media site ON site.id = a.site_id LEFT JOIN media outlet ON outlet.id = a.outlet_id
WHERE {where}"""
# Newest first through the publication-date index (NULLs sort last in descending order).
_NEWEST = " ORDER BY a.published DESC, a.rowid DESC"

ITEM_KEYS = ("article_id", "seq", "title", "published", "site", "outlet")
_SHARED = ("speaker_text", "speaker_entity", "affiliation", "cue", "content", "via_text", "via_entity")


def _key(row: sqlite3.Row) -> tuple[int, str, str]:
    """What makes two statements one: the same copy group (or article), speaker text and content."""
    return int(row["grp"]), row["speaker_text"], row["content"]


def _group(rows: list[sqlite3.Row]) -> dict[str, Any]:
    """One group as JSON-ready data: the earliest article's statement, then every copy."""
    rows = sorted(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["rid"], r["seq"]))
    items = [{key: r[key] for key in ITEM_KEYS} for r in rows]
    group = {key: rows[0][key] for key in _SHARED}
    group.update(items[0])
    group["anonymous"] = any(r["anonymous"] for r in rows)
    group["direct"] = any(r["direct"] for r in rows)
    group["count"] = len(items)
    group["outlets"] = list(dict.fromkeys(i["site"] or i["outlet"] for i in items if i["site"] or i["outlet"]))
    group["items"] = items
    return group


def browse_statements(db: sqlite3.Connection, filters: StatementFilters | None = None,
                      limit: int = 50, offset: int = 0) -> StatementPage:
    """Statements matching ``filters``, newest first (by their latest copy); a statement that copies
    of one article repeat word for word (same copy group, speaker text and content) is one group.

    The newest matching statements are read in pages until ``offset + limit`` groups are found,
    then every matching copy of those groups is read through the copy-group index: no pass over
    the whole table beyond the count of matching statements (``total``, copies included).
    """
    if not has_table(db, "statements"):
        return StatementPage(0)
    where, params = statement_where(db, filters or StatementFilters())
    copies = has_table(db, "corpus_docs")
    sql = _ROWS.format(group="coalesce(cd.copy_group, -a.rowid)" if copies else "-a.rowid",
                       copies="LEFT JOIN corpus_docs cd ON cd.article = a.rowid" if copies else "",
                       where=" AND ".join(where) or "1")
    total = int(db.execute(
        "SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id WHERE " + (" AND ".join(where) or "1"),
        params).fetchone()[0])
    wanted, batch = offset + limit, max(64, 3 * (offset + limit))
    order, _ = first_of_each(db, sql + _NEWEST, params, _key, wanted, batch)
    keys = [cast(tuple[int, str, str], key) for key in order][offset:wanted]
    members: dict[tuple[int, str, str], list[sqlite3.Row]] = {key: [] for key in keys}
    groups, lone = sorted({k[0] for k in keys if k[0] > 0}), sorted({-k[0] for k in keys if k[0] < 0})
    clauses = ([f"a.rowid IN (SELECT article FROM corpus_docs WHERE copy_group IN ({', '.join('?' * len(groups))}))"]
               if groups else []) + (
        [f"a.rowid IN ({', '.join('?' * len(lone))})"] if lone else [])
    if clauses:
        for row in db.execute(sql + " AND (" + " OR ".join(clauses) + ")", (*params, *groups, *lone)):
            if _key(row) in members:
                members[_key(row)].append(row)
    return StatementPage(total, [_group(members[key]) for key in keys], more=len(order) > wanted)
