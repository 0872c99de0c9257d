"""Stories: articles from any outlet covering the same event within a time window.

Articles are placed one at a time in publication order (day, then article id): an
article joins the story, among those with members in the last ``window`` days,
whose centroid (its ``recent`` latest members: summed vectors, and the headline
words, entities and numbers at least half of them give) it matches best, when that
same-story probability (:mod:`marsad.corpus.similarity`) reaches ``threshold``
and at least a share ``support`` of those recent members, each on its own, is more
likely than not the same story as the article; else it starts a story. Comparing
with the centroid, not with the best single member, keeps one loose pair from
chaining two events, and keeping only what most members give keeps a story from
widening with every stray member until a whole day's topic joins it. The members'
support is the second check a topic needs: a story of student elections at one
university has a centroid that the next university's election resembles as much as
its own reports do, while its members, one by one, mostly do not (on the dev days,
asking half of them kept 2 more of 57 same-topic pairs apart for 2 of 82 same-event
pairs split; asking two thirds split more). Once an article has joined a story, that story's new centroid
is compared with the other candidate stories' and those the model joins at the
higher ``merge`` probability are merged into it:
a big event's first reports (the verdict, the clashes after it, the reactions)
often start several stories that its later, fuller reports show to be one.
A copy joins the story of the earliest member of its copy group within the
window. Candidates are the stories of articles sharing one of its heaviest terms.
Since a placement reads only earlier articles, new articles are placed by replaying
from the earliest of them, so incremental runs equal one-shot runs. Each article keeps the group it was placed
in (``placed_group``) and each merge the article that caused it, so a replay first
undoes the merges of the articles it places again and sees earlier articles' groups
as they were when it starts. A story's id is ``s-`` plus the id of its earliest article.

Every article is placed in time: by its record's ``time`` (its publication date or
dateline, else a crawl date); an article with none (``time`` null) by its order of
arrival on a timeline of undated articles (:func:`arrival_day`), so undated input is
compared with what arrived around it instead of never being grouped.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.corpus.features import Featurizer, Vector, cosine, entity_ids
from marsad.corpus.similarity import Doc, Model, article_doc, centroid, model, probability, summed
from marsad.outlets import registry as outlet_registry
from marsad.store.corpus import connection, set_field
from marsad.store.transaction import transaction

BATCH = 1000
INDEX_TERMS = 10
# A member "agrees" with an article that it is, on its own, more likely than not the same story as.
MEMBER_PROBABILITY = 0.5
# Articles nothing dates are placed on a timeline of their own, far before any real
# date, by the order they reached the store: ARRIVALS_PER_DAY of them make one "day",
# so each is compared with those that arrived around it (the window's worth of
# arrivals), and a rerun or a replay places them exactly as before.
UNDATED_ORIGIN = -1e6  # days: some 2,700 years before 1970
ARRIVALS_PER_DAY = 2000


def arrival_day(rowid: int) -> float:
    """The place on the undated timeline of the article stored as ``rowid``."""
    return UNDATED_ORIGIN + rowid / ARRIVALS_PER_DAY

Key = tuple[float, str]


@dataclass(frozen=True)
class Params:
    """Story settings; ``model`` defaults to the shipped one, ``threshold`` and ``merge``
    (probabilities) to its own.

    The model and its thresholds are fitted on the dev split by scripts/fit_stories.py.
    """

    window: float = 3.0
    threshold: float | None = None
    merge: float | None = None
    recent: int = 8
    model: Model | None = None
    support: float | None = None

    @property
    def probability(self) -> float:
        """The same-story probability an article must reach to join a story."""
        return self.threshold if self.threshold is not None else (self.model or model()).threshold

    @property
    def merge_probability(self) -> float:
        """The same-story probability of two stories' centroids that merges them."""
        return self.merge if self.merge is not None else (self.model or model()).merge

    @property
    def support_share(self) -> float:
        """The share of a story's recent members an article must match on its own to join it."""
        return self.support if self.support is not None else (self.model or model()).support


_SELECT_NEW = """
SELECT a.rowid, a.digest, a.id, json_extract(a.record, '$.time.value'), a.published, a.title,
       json_extract(a.record, '$.text'),
       json_extract(a.record, '$.entities'), d.story_group, d.day
FROM articles a LEFT JOIN story_docs d ON d.article = a.rowid
WHERE d.article IS NULL OR d.digest != a.digest ORDER BY a.rowid LIMIT ?
"""

# Copy groups split across stories: copies found after their articles were placed.
_SPLIT_COPIES = """
SELECT min(d.day) FROM corpus_docs c JOIN story_docs d ON d.article = c.article
JOIN corpus_docs c2 ON c2.copy_group = c.copy_group JOIN story_docs d2 ON d2.article = c2.article
WHERE d.story_group != d2.story_group AND abs(d.day - d2.day) <= ?
"""

_SELECT_WINDOW = """
SELECT d.article, a.id, d.day, d.vector, d.lead, d.anchors, d.entities, d.numbers, d.placed_group, d.story_group,
       c.copy_group
FROM story_docs d JOIN articles a ON a.rowid = d.article LEFT JOIN corpus_docs c ON c.article = d.article
WHERE d.day >= ? ORDER BY d.day, a.id
"""


def update_stories(store: Any, params: Params | None = None, batch: int = BATCH) -> dict[str, int]:
    """Place the articles not placed yet into stories; returns counts."""
    params = params or Params()
    db = connection(store)
    featurizer = Featurizer()
    counts = {"placed": 0, "story_links": 0, "stories_updated": 0}
    start: Key | None = None
    stale: set[int] = set()
    while todo := db.execute(_SELECT_NEW, (batch,)).fetchall():
        with transaction(db):
            first = _store_docs(db, todo, featurizer, stale)
        if first is not None and (start is None or first < start):
            start = first
        counts["placed"] += len(todo)
    split = db.execute(_SPLIT_COPIES, (params.window,)).fetchone()[0]
    if split is not None and (start is None or (split, "") < start):
        start = (split, "")
    with transaction(db):
        if start is not None:
            groups, counts["story_links"] = _replay(db, start, params)
            stale |= groups
        counts["stories_updated"] = settle(db, stale) if stale else 0
    return counts


def _store_docs(db: sqlite3.Connection, todo: list[Any], featurizer: Featurizer, stale: set[int]) -> Key | None:
    """Store one batch's features, each article alone in its story; the earliest dated key."""
    first: Key | None = None
    rows = []
    for rowid, digest, article_id, timed, published, title, text, entities, old_group, old_day in todo:
        stale.add(rowid)
        if old_group is not None:  # changed since placed: its old story loses it
            stale.add(old_group)
        ids = entity_ids({"entities": json.loads(entities or "[]")})
        features = article_doc(featurizer, title or "", text or "", ids, timed or published)
        day = features.day if features.day is not None else arrival_day(rowid)
        rows.append((rowid, digest, day, features.body.to_blob(), features.lead.to_blob(),
                     features.anchors.to_blob(), json.dumps(ids), json.dumps(features.numbers), rowid, rowid))
        # Replay from the earlier of its new and old day: articles placed after its old
        # day may have joined it and must be placed again.
        for moment in (day, old_day):
            if moment is not None and (first is None or (moment, article_id) < first):
                first = (moment, article_id)
    db.executemany(
        "INSERT INTO story_docs(article, digest, day, vector, lead, anchors, entities, numbers, placed_group,"
        " story_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article) DO UPDATE SET"
        " digest = excluded.digest, day = excluded.day, vector = excluded.vector, lead = excluded.lead,"
        " anchors = excluded.anchors, entities = excluded.entities, numbers = excluded.numbers,"
        " placed_group = excluded.placed_group, story_group = excluded.story_group, story = NULL",
        rows,
    )
    return first


@dataclass
class _Window:
    """The articles of the last ``window`` days: features, stories, centroids, term index."""

    docs: dict[int, Doc] = field(default_factory=dict)
    group: dict[int, int] = field(default_factory=dict)
    members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    index: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    copies: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    order: deque[tuple[int, list[int], int | None]] = field(default_factory=deque)
    rank: dict[int, int] = field(default_factory=dict)
    centroids: dict[int, Doc] = field(default_factory=dict)

    def add(self, rowid: int, doc: Doc, group: int, terms: list[int], copy_group: int | None) -> None:
        """Make ``rowid`` a member of ``group``."""
        self.docs[rowid], self.group[rowid] = doc, group
        self.rank[rowid] = len(self.rank)
        self.members[group].append(rowid)
        self.centroids.pop(group, None)
        for term in terms:
            self.index[term].append(rowid)
        if copy_group is not None:
            self.copies[copy_group].append(rowid)
        self.order.append((rowid, terms, copy_group))

    def evict(self, before: float) -> None:
        """Forget the articles published before day ``before``."""
        while self.order and (self.docs[self.order[0][0]].day or 0.0) < before:
            rowid, terms, copy_group = self.order.popleft()
            group = self.group.pop(rowid)
            self.members[group].remove(rowid)
            self.centroids.pop(group, None)
            if not self.members[group]:
                del self.members[group]
            for term in terms:
                self.index[term].remove(rowid)
            if copy_group is not None:
                self.copies[copy_group].remove(rowid)
                if not self.copies[copy_group]:
                    del self.copies[copy_group]
            del self.docs[rowid], self.rank[rowid]

    def choose(self, doc: Doc, terms: list[int], copy_group: int | None, params: Params) -> tuple[int | None, list[int]]:
        """The story ``doc`` joins (None for a new one), and the other stories it was compared with."""
        if copy_group is not None and copy_group in self.copies:
            return self.group[self.copies[copy_group][0]], []
        candidates = sorted({self.group[r] for t in terms for r in self.index.get(t, ())})
        scored = [(probability(doc, self.centroid(group, params.recent), params.model), group) for group in candidates]
        best = next((group for score, group in sorted(scored, key=lambda sg: (-sg[0], sg[1]))
                     if score >= params.probability and self.supported(doc, group, params)), None)
        return best, [g for g in candidates if g != best]

    def supported(self, doc: Doc, group: int, params: Params) -> bool:
        """Whether at least ``support_share`` of the recent members of ``group`` are, each on its
        own, more likely than not the same story as ``doc``."""
        share = params.support_share
        if share <= 0:
            return True
        members = self.members[group][-params.recent:]
        agree = sum(probability(doc, self.docs[m], params.model) >= MEMBER_PROBABILITY for m in members)
        return agree >= share * len(members)

    def mergeable(self, group: int, others: list[int], params: Params) -> list[int]:
        """The stories of ``others`` whose centroid the model joins with ``group``'s."""
        core = self.centroid(group, params.recent)
        return [other for other in others if probability(
            core, self.centroid(other, params.recent), params.model) >= params.merge_probability]

    def merge(self, absorbed: int, into: int) -> None:
        """Make the members of ``absorbed`` members of ``into``."""
        for rowid in self.members.pop(absorbed):
            self.group[rowid] = into
            self.members[into].append(rowid)
        self.members[into].sort(key=self.rank.__getitem__)
        self.centroids.pop(absorbed, None)
        self.centroids.pop(into, None)

    def centroid(self, group: int, recent: int) -> Doc:
        """The centroid of the ``recent`` latest members of ``group`` (kept until the story changes)."""
        known = self.centroids.get(group)
        if known is None:
            known = self.centroids[group] = centroid([self.docs[m] for m in self.members[group][-recent:]])
        return known


def _rows(db: sqlite3.Connection, since: float) -> Iterator[tuple[Any, ...]]:
    """Dated story docs from day ``since`` on, in placement order (fetched in chunks)."""
    cursor = db.execute(_SELECT_WINDOW, (since,))
    while chunk := cursor.fetchmany(BATCH):
        yield from chunk


def _root(merges: dict[int, int], group: int) -> int:
    """The group ``group`` was merged into, through any chain of ``merges`` (absorbed -> into)."""
    while group in merges:
        group = merges[group]
    return group


def _replay(db: sqlite3.Connection, start: Key, params: Params) -> tuple[set[int], int]:
    """Place again every article from ``start`` on; the stories changed and the joins made."""
    recorded = db.execute("SELECT absorbed, into_group, day, article FROM story_merges").fetchall()
    before = {absorbed: into for absorbed, into, _, _ in recorded}
    merges = {absorbed: into for absorbed, into, day, article in recorded if (day, article) < start}
    db.execute("DELETE FROM story_merges WHERE (day, article) >= (?, ?)", start)
    window = _Window()
    placed: list[tuple[int, int, int]] = []  # article, placed group, story group before
    replaced: list[tuple[int, int]] = []  # placed group, article: where the placement changed
    joins = 0
    for row in _rows(db, start[0] - params.window):
        rowid, article_id, day, vector, lead, anchors, entities, numbers, group, stored, copy_group = row
        features = Doc(Vector.from_blob(vector), Vector.from_blob(lead), Vector.from_blob(anchors),
                       tuple(json.loads(entities)), tuple(json.loads(numbers)), day)
        terms = features.body.top(INDEX_TERMS)
        window.evict(day - params.window)
        if (day, article_id) < start:
            window.add(rowid, features, _root(merges, group), terms, copy_group)
            continue
        chosen, others = window.choose(features, terms, copy_group, params)
        joins += chosen is not None
        placement = rowid if chosen is None else chosen
        if placement != group:
            replaced.append((placement, rowid))
        placed.append((rowid, placement, stored))
        window.add(rowid, features, placement, terms, copy_group)
        if chosen is not None:
            for other in window.mergeable(chosen, others, params):
                window.merge(other, chosen)
                merges[other] = chosen
                db.execute("INSERT INTO story_merges(absorbed, into_group, day, article) VALUES (?, ?, ?, ?)",
                           (other, chosen, day, article_id))
    db.executemany("UPDATE story_docs SET placed_group = ? WHERE article = ?", replaced)
    return _resolve(db, before, merges, placed), joins


def _resolve(db: sqlite3.Connection, before: dict[int, int], merges: dict[int, int],
             placed: list[tuple[int, int, int]]) -> set[int]:
    """Set ``story_group`` to the merged group of ``placed_group`` for the articles just
    ``placed`` and those of groups whose merges changed; returns the story groups changed."""
    mentioned = {*before, *before.values(), *merges, *merges.values()}
    moved = {g for g in mentioned if _root(before, g) != _root(merges, g)}
    rows = [row for g in sorted(moved) for row in db.execute(
        "SELECT article, placed_group, story_group FROM story_docs WHERE placed_group = ?", (g,))]
    changes = {rowid: (_root(merges, group), old) for rowid, group, old in rows + placed
               if _root(merges, group) != old}
    db.executemany("UPDATE story_docs SET story_group = ? WHERE article = ?", [(new, r) for r, (new, _) in changes.items()])
    return {g for pair in changes.values() for g in pair}


def settle(db: sqlite3.Connection, groups: set[int]) -> int:
    """Rewrite the stories of ``groups`` (story_group ids) and their members' ``story`` field."""
    found = {}
    for group in sorted(groups):
        found[group] = db.execute(
            """SELECT d.article, d.story, a.id, a.title, a.published, d.entities,
                      coalesce(o.name, s.name), d.vector FROM story_docs d JOIN articles a ON a.rowid = d.article
               LEFT JOIN media s ON s.id = a.site_id LEFT JOIN media o ON o.id = a.outlet_id
               WHERE d.story_group = ? ORDER BY a.published IS NULL, a.published, a.rowid""",
            (group,),
        ).fetchall()
    # Old rows go first, all of them, so a story id moving between groups is not deleted after its rewrite.
    db.executemany("DELETE FROM stories WHERE story_group = ?", [(g,) for g in found])
    db.executemany("DELETE FROM stories WHERE id = ?", [(m[1],) for ms in found.values() for m in ms if m[1]])
    moved: dict[str, Counter[str]] = defaultdict(Counter)
    for group, members in found.items():
        if not members:
            continue
        story_id = "s-" + members[0][2]
        for rowid, old, *_ in members:
            if old != story_id:
                if old is not None:
                    moved[old][story_id] += 1
                db.execute("UPDATE story_docs SET story = ? WHERE article = ?", (story_id, rowid))
                set_field(db, rowid, "story", story_id)
        dates = [m[4] for m in members if m[4]]
        headline = representative_headline([(m[3], m[7]) for m in members])
        # One name per outlet, however each article spelled it («أ ش أ», «أ.ش.أ», «وكالة أنباء الشرق الأوسط»).
        outlets = sorted({outlet_registry().display(m[6]) or m[6] for m in members if m[6]})
        entities = Counter(e for m in members for e in json.loads(m[5]))
        db.execute(
            "INSERT OR REPLACE INTO stories(id, story_group, headline, first_seen, last_seen, articles,"
            " outlets, top_entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (story_id, group, headline, min(dates, default=None), max(dates, default=None), len(members),
             json.dumps(outlets, ensure_ascii=False),
             json.dumps([{"id": e, "articles": n} for e, n in entities.most_common(5)], ensure_ascii=False)),
        )
    _redirect(db, moved)
    return sum(1 for members in found.values() if members)


def representative_headline(members: list[tuple[str | None, bytes]]) -> str | None:
    """The headline of the member closest to what the story's members share (the sum of their
    vectors), the earliest on a tie; None when no member has one.

    A story's earliest report is often a preview or one angle («غداً.. مؤتمر صحفي ...») of
    what its later reports cover; the most central one names the event as most of them tell it.
    """
    titled = [(title, Vector.from_blob(blob)) for title, blob in members if title]
    if len(titled) <= 1:
        return titled[0][0] if titled else None
    core = summed([vector for _, vector in titled])
    # Rounded: two members are always equally close to their sum, and float noise must not pick.
    scores = [round(cosine(vector, core), 4) for _, vector in titled]
    return titled[max(range(len(titled)), key=lambda i: (scores[i], -i))][0]


def _redirect(db: sqlite3.Connection, moved: dict[str, Counter[str]]) -> None:
    """Point each story id that no longer names a story (``moved``: where its articles went) at
    the story holding most of its articles, so links to a merged or renamed story still lead somewhere."""
    for old, to in sorted(moved.items()):
        if db.execute("SELECT 1 FROM stories WHERE id = ?", (old,)).fetchone() is None:
            new = min(to, key=lambda story_id: (-to[story_id], story_id))
            db.execute("INSERT OR REPLACE INTO story_aliases(id, story) VALUES (?, ?)", (old, new))
            db.execute("UPDATE story_aliases SET story = ? WHERE story = ?", (new, old))
    db.execute("DELETE FROM story_aliases WHERE id IN (SELECT id FROM stories)")
