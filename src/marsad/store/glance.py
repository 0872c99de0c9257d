"""A day at a glance: the day's biggest multi-outlet stories, who was named, who spoke unnamed, when.

:func:`day_summary` is what the home page, ``/api/summary`` and ``marsad summary``
show. A day is a publication date (``YYYY-MM-DD``, as published: no time-zone
shift); without one, the latest day in the store. Every query starts from the day's
articles through the publication-date index (``CROSS JOIN`` keeps them outside), so
its cost follows the size of the day, not of the store.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from marsad.store.schema import has_table
from marsad.store.story_lists import name_entities


def latest_day(db: sqlite3.Connection) -> str | None:
    """The latest publication day in the store, or None when nothing is dated."""
    row = db.execute("SELECT max(published) FROM articles WHERE published IS NOT NULL").fetchone()
    return str(row[0])[:10] if row and row[0] else None


def _bounds(day: str) -> tuple[str, str]:
    """``published`` range of one day: from the day itself to (not including) the next."""
    start = date.fromisoformat(day)
    return start.isoformat(), (start + timedelta(days=1)).isoformat()


def _affiliation_name(db: sqlite3.Connection, entity_id: str | None) -> str | None:
    """A display name for an affiliation id (the store's entity name, else the registry's)."""
    if not entity_id:
        return None
    if has_table(db, "entities"):
        row = db.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row and row[0]:
            return str(row[0])
    from marsad.analyse.linking.registry import registry  # only when asked: see marsad.store.entities._kind

    found = registry().entities.get(entity_id)
    return found.name_ar if found is not None else entity_id


def day_stories(db: sqlite3.Connection, day: str, min_outlets: int = 2, limit: int = 8) -> list[dict[str, Any]]:
    """The day's stories covered by at least ``min_outlets`` outlets that day, most outlets then articles first."""
    if not has_table(db, "story_docs") or not has_table(db, "stories"):
        return []
    lo, hi = _bounds(day)
    rows = db.execute(
        """SELECT st.id, st.headline, st.articles, count(*) AS day_articles,
                  count(DISTINCT coalesce(a.outlet_id, a.site_id)) AS day_outlets, min(a.published) AS first
           FROM articles a JOIN story_docs d ON d.article = a.rowid JOIN stories st ON st.id = d.story
           WHERE a.published >= ? AND a.published < ?
           GROUP BY st.id HAVING day_outlets >= ?
           ORDER BY day_outlets DESC, day_articles DESC, first LIMIT ?""",
        (lo, hi, min_outlets, limit),
    ).fetchall()
    keys = ("id", "headline", "articles", "day_articles", "day_outlets", "first_published")
    return [dict(zip(keys, tuple(r), strict=True)) for r in rows]


def day_entities(db: sqlite3.Connection, day: str, label: str, limit: int = 10) -> list[dict[str, Any]]:
    """The entities of type ``label`` named in the most of the day's articles."""
    if not has_table(db, "mentions") or not has_table(db, "entities"):
        return []
    lo, hi = _bounds(day)
    rows = db.execute(
        """SELECT e.id, e.name, e.label, count(DISTINCT m.article_id) AS articles
           FROM articles a CROSS JOIN mentions m ON m.article_id = a.id JOIN entities e ON e.id = m.entity_id
           WHERE a.published >= ? AND a.published < ? AND e.label = ?
           GROUP BY e.id ORDER BY articles DESC, e.id LIMIT ?""",
        (lo, hi, label, limit),
    ).fetchall()
    return name_entities(db, [dict(zip(("id", "name", "label", "articles"), tuple(r), strict=True)) for r in rows])


def day_anonymous_sources(db: sqlite3.Connection, day: str, limit: int = 10) -> list[dict[str, Any]]:
    """The day's anonymous sources by how many statements they gave, with their affiliation."""
    if not has_table(db, "statements"):
        return []
    lo, hi = _bounds(day)
    rows = db.execute(
        """SELECT s.speaker_text, s.affiliation, count(*) AS statements, count(DISTINCT s.article_id) AS articles
           FROM articles a CROSS JOIN statements s ON s.article_id = a.id
           WHERE s.anonymous = 1 AND a.published >= ? AND a.published < ?
           GROUP BY s.speaker_text, s.affiliation ORDER BY statements DESC, articles DESC, s.speaker_text LIMIT ?""",
        (lo, hi, limit),
    ).fetchall()
    return [{"speaker_text": r[0], "affiliation": r[1], "affiliation_name": _affiliation_name(db, r[1]),
             "statements": r[2], "articles": r[3]} for r in rows]


def day_hours(db: sqlite3.Connection, day: str) -> dict[str, Any]:
    """Articles per hour (as published) and outlet, and how many of the day's articles carry no time."""
    lo, hi = _bounds(day)
    rows = db.execute(
        """SELECT CASE WHEN substr(a.published, 11, 1) = 'T' THEN CAST(substr(a.published, 12, 2) AS INTEGER) END
                  AS hour, coalesce(o.name, s.name) AS medium, count(*)
           FROM articles a LEFT JOIN media s ON s.id = a.site_id LEFT JOIN media o ON o.id = a.outlet_id
           WHERE a.published >= ? AND a.published < ? GROUP BY hour, medium ORDER BY hour, medium""",
        (lo, hi),
    ).fetchall()
    counts = [{"hour": h, "outlet": m, "articles": n} for h, m, n in rows if h is not None]
    return {"counts": counts, "untimed": sum(n for h, _, n in rows if h is None)}


def day_summary(db: sqlite3.Connection, day: str | None = None, limit: int = 8) -> dict[str, Any]:
    """Everything the home page shows about one day (the latest when ``day`` is None)."""
    day = day or latest_day(db)
    if day is None:
        return {"day": None, "articles": 0, "outlets": 0, "stories": [], "people": [], "organisations": [],
                "anonymous_sources": [], "hours": {"counts": [], "untimed": 0}}
    # A malformed day fails here, as a ValueError; an accepted one is written YYYY-MM-DD
    # (Python also reads «20240514», which the day's links must not carry on).
    day = date.fromisoformat(day).isoformat()
    lo, hi = _bounds(day)
    articles, outlets = db.execute(
        "SELECT count(*), count(DISTINCT coalesce(outlet_id, site_id)) FROM articles"
        " WHERE published >= ? AND published < ?", (lo, hi)).fetchone()
    return {"day": day, "articles": articles, "outlets": outlets, "stories": day_stories(db, day, limit=limit),
            "people": day_entities(db, day, "PER", limit), "organisations": day_entities(db, day, "ORG", limit),
            "anonymous_sources": day_anonymous_sources(db, day, limit), "hours": day_hours(db, day)}
