"""Outlets and cited media: display names from a shipped registry, and what each one did.

Outlets are known by the registry of :mod:`marsad.outlets` (``data/outlets.tsv``).
:func:`outlet_table` and :func:`cited_media_table` are what the
sources page, ``/api/sources`` and ``marsad sources`` show.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from marsad.outlets import name_key, registry
from marsad.store.schema import has_table
from marsad.text.normalize import normalize


def names(name: str | None) -> dict[str, str | None]:
    """A medium's display names: ``{"ar": ..., "en": ...}`` (the stored name where unknown)."""
    found = registry().find(name)
    return {"ar": found.ar, "en": found.en} if found else {"ar": name, "en": name}


def medium_ids(db: sqlite3.Connection, name: str) -> list[int]:
    """Media rows for a slug or name in any spelling (and the names the outlet registry knows it by).

    The one reading of a site or outlet filter: search, statements and their pages use it."""
    spellings = {name, normalize(name)}
    known = registry().find(name)
    if known is not None:
        spellings |= {known.slug, known.ar, known.en, *known.aliases}
        spellings |= {normalize(n) for n in list(spellings)}
    marks = ", ".join("?" * len(spellings))
    rows = db.execute(f"SELECT id FROM media WHERE name IN ({marks}) OR norm IN ({marks})",
                      [*spellings, *spellings])
    return [int(r[0]) for r in rows]


# Statements per medium from indexes alone (statements' primary key, articles' id, site and
# outlet indexes), never the articles' rows: the cost does not grow with the records' size.
# UNION, not UNION ALL: an article whose site is its credited outlet counts once.
_STATEMENTS_PER_MEDIUM = """
SELECT m.medium, sum(s.n) FROM (SELECT article_id, count(*) AS n FROM statements GROUP BY article_id) s
JOIN articles a ON a.id = s.article_id
JOIN (SELECT rowid AS rid, site_id AS medium FROM articles WHERE site_id IS NOT NULL
      UNION SELECT rowid, outlet_id FROM articles WHERE outlet_id IS NOT NULL) m ON m.rid = a.rowid
GROUP BY m.medium
"""


# A story's id is ``s-`` and the id of its earliest article (kept so when an earlier
# article joins or stories merge), so its first publisher is one lookup per story.
_FIRST_PUBLISHERS = """
SELECT coalesce(a.outlet_id, a.site_id) AS medium, count(*)
FROM stories st JOIN articles a ON a.id = substr(st.id, 3)
WHERE st.id LIKE 's-%' AND json_array_length(st.outlets) > 1
GROUP BY medium
"""


def outlet_table(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every site and outlet: articles, statements in them, copies made and copied from it,
    multi-outlet stories it published first; most articles first."""
    media = {int(r[0]): r[1] for r in db.execute("SELECT id, name FROM media")}
    rows: dict[int, Counter[str]] = defaultdict(Counter)
    if not media:
        return []
    # Articles per medium from the site and outlet indexes (no pass over the records);
    # an article whose site is its own credited outlet counts once.
    for role, column in (("as_site", "site_id"), ("as_outlet", "outlet_id")):
        for medium, n in db.execute(f"SELECT {column}, count(*) FROM articles WHERE {column} IS NOT NULL"
                                    f" GROUP BY {column}"):
            rows[medium][role] += n
            rows[medium]["articles"] += n
    for medium, n in db.execute("SELECT outlet_id, count(*) FROM articles WHERE outlet_id IS NOT NULL"
                                " AND outlet_id = site_id GROUP BY outlet_id"):
        rows[medium]["articles"] -= n
    if has_table(db, "statements"):
        for medium, said in db.execute(_STATEMENTS_PER_MEDIUM):
            rows[medium]["statements"] += said
    if has_table(db, "republications"):
        for medium, n in db.execute("SELECT site_id, count(*) FROM republications GROUP BY site_id"):
            if medium is not None:
                rows[medium]["copies_made"] += n
        for medium, n in db.execute("SELECT coalesce(original_outlet_id, original_site_id) AS m, count(*)"
                                    " FROM republications GROUP BY m"):
            if medium is not None:
                rows[medium]["copied_from"] += n
    if has_table(db, "story_docs") and has_table(db, "stories"):
        for medium, n in db.execute(_FIRST_PUBLISHERS):
            if medium is not None:
                rows[medium]["first_publisher"] += n
    keys = ("articles", "as_site", "as_outlet", "statements", "copies_made", "copied_from", "first_publisher")
    table = [{"id": media[m], "names": names(media[m]), **{k: counts[k] for k in keys}}
             for m, counts in rows.items() if m in media]
    table.sort(key=lambda r: (-r["articles"], -r["first_publisher"], r["id"]))
    return table


# Distinct relayed texts read for the cited media table, most statements first: bounds the
# page's work on a store with an unbounded variety of ``via_text`` spellings.
MAX_RELAYED = 20_000
_WORD = re.compile(r"\w+")
_PROCLITICS = frozenset("وفبلك")


def _cited_in(text: str, by_words: dict[str, tuple[int, str]], longest: int) -> str | None:
    """The earliest cited name whose words occur as a run in ``text`` (a run's first word
    may carry a one-letter proclitic, as in «لصحيفة الأفق»), or None."""
    words = _WORD.findall(name_key(text))
    best: tuple[int, str] | None = None
    for start in range(len(words)):
        first = words[start]
        heads = (first, first[1:]) if len(first) > 2 and first[0] in _PROCLITICS else (first,)
        for head in heads:
            for end in range(start + 1, min(start + longest, len(words)) + 1):
                found = by_words.get(" ".join((head, *words[start + 1:end])))
                if found is not None and (best is None or found < best):
                    best = found
    return best[1] if best else None


def cited_media_table(db: sqlite3.Connection, limit: int = 200) -> list[dict[str, Any]]:
    """Every medium the articles cite: articles citing it, outlets citing it, statements relayed by it."""
    if not has_table(db, "cited_media"):
        return []
    rows = db.execute(
        """SELECT coalesce(c.entity_id, c.name) AS key, c.entity_id, c.name, count(DISTINCT c.article_id),
                  count(DISTINCT coalesce(a.outlet_id, a.site_id))
           FROM cited_media c JOIN articles a ON a.id = c.article_id
           GROUP BY key, c.name"""
    ).fetchall()
    media: dict[str, dict[str, Any]] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for key, entity, name, articles, outlets in rows:
        item = media.setdefault(key, {"id": key, "entity": entity, "articles": 0, "outlets": 0, "statements": 0})
        item["articles"] += articles
        item["outlets"] = max(item["outlets"], outlets)
        spellings[key][name] += articles
    relayed = db.execute("SELECT via_entity, via_text, count(*) FROM statements WHERE via_text IS NOT NULL"
                         " GROUP BY via_entity, via_text ORDER BY count(*) DESC LIMIT ?",
                         (MAX_RELAYED,)).fetchall() if has_table(db, "statements") else []
    # Each cited name (without an entity) is normalised once into its words; a relayed text
    # is matched by looking up its word runs, so the work grows with the texts, not with
    # texts x cited media. The earliest cited name wins, as a scan in order would choose.
    by_words: dict[str, tuple[int, str]] = {}
    longest = 1
    for rank, (k, item) in enumerate(media.items()):
        words = _WORD.findall(name_key(k))
        if words and not item["entity"]:
            by_words.setdefault(" ".join(words), (rank, k))
            longest = max(longest, len(words))
    for entity, text, n in relayed:
        key = entity if entity in media else _cited_in(text, by_words, longest)
        if key is None:
            key = entity or text
            media[key] = {"id": key, "entity": entity, "articles": 0, "outlets": 0, "statements": 0}
            spellings[key][text] += 1
        media[key]["statements"] += n
    for key, item in media.items():
        item["name"] = spellings[key].most_common(1)[0][0]
        item["names"] = names(item["name"])
    return sorted(media.values(), key=lambda r: (-r["statements"], -r["articles"], r["id"]))[:limit]
