"""Same-story probability of an article and another article or a story: a small logistic model.

Features (all in [0, 1]):

- ``body``: cosine of the TF-IDF vectors of headline plus body;
- ``entities``: rarity-weighted overlap of their linked entities (a country says
  little, most articles of a day name Egypt; a city more; a named person or a
  local name the tagger found most);
- ``anchor``: the rarity of the rarest headline word they share (one rare word in
  both headlines, «المسحول», names the event where the bodies tell different angles);
- ``lead``: cosine of the TF-IDF vectors of the first words of the bodies (the lede
  says what happened);
- ``numbers``: share of the multi-digit numbers (not years) of the side with fewer
  that the other also gives: casualty counts, case numbers, scores;
- ``places_differ``: 1 when both name towns or cities and share none (two road
  accidents, two drug seizures, two protests in different governorates: the same
  kind of event, not the same event), else 0;
- ``people_differ``: 1 when both name people and share none, else 0 (two statements
  by different people in one debate).

Headline heat (how many of the day's headlines carry a rare word two articles share)
was a feature until it was measured on whole days: a city or a title in dozens of one
day's headlines («جدة», «ولي العهد») is a topic, not an event, and the feature joined
different events of that topic; without it, dev pair accuracy is as good or better.

A story is compared through its :func:`centroid`: the sum of its recent members'
vectors, and the headline words, entities and numbers that at least half of them
give, so an article that matches the story's common core joins it even when it
matches no single member well, and a stray member does not widen what it matches.
The model's weights are fitted on the dev splits of ``tests/gold/stories`` by
``scripts/fit_stories.py`` and shipped as ``data/stories_model.json``; nothing is
trained at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from marsad import data
from marsad.corpus.features import Featurizer, Vector, cosine, day_number
from marsad.lru import WORDS

MODEL = "stories_model.json"
FEATURES = ("body", "entities", "anchor", "lead", "numbers", "places_differ", "people_differ")
LEAD_WORDS = 60

_NUMBER = re.compile(r"\d{2,}")
# Years say when, not what: every article of a season names the same ones.
_YEARS = range(1900, 2100)

# Evidence of sharing one entity, by registry type and kind; ids the registry lacks
# (``local:``) are names the tagger found in the text: specific, so strong.
_KIND_WEIGHTS = {"country": 0.1, "region": 0.1, "capital": 0.3, "city": 0.6}
_TYPE_WEIGHTS = {"PER": 0.7, "ORG": 0.4, "MISC": 0.4}
_LOCAL_WEIGHTS = {"PER": 1.0, "LOC": 1.0, "ORG": 1.0, "MISC": 0.5}


@dataclass(frozen=True)
class Doc:
    """What story decisions read of one article (or of a story's centroid)."""

    body: Vector
    lead: Vector
    anchors: Vector  # headline terms weighted by rarity in [0, 1], not normalised
    entities: tuple[str, ...]
    numbers: tuple[str, ...]
    day: float | None


def numbers(text: str) -> tuple[str, ...]:
    """The distinct multi-digit numbers of ``text`` other than years, in canonical digits, sorted."""
    found = {str(int(n)) for n in _NUMBER.findall(text)}
    return tuple(sorted(n for n in found if int(n) not in _YEARS))


def article_doc(featurizer: Featurizer, title: str, text: str, entity_ids: Sequence[str], published: str | None) -> Doc:
    """The story features of one article."""
    return Doc(
        body=featurizer.vector(f"{title}\n{text}"),
        lead=featurizer.vector(" ".join(text.split()[:LEAD_WORDS])),
        anchors=featurizer.rarities(title),
        entities=tuple(entity_ids),
        numbers=numbers(text),
        day=day_number(published),
    )


def summed(vectors: Sequence[Vector]) -> Vector:
    """The normalised sum of normalised vectors."""
    terms, where = np.unique(np.concatenate([v.terms for v in vectors]), return_inverse=True)
    weights = np.bincount(where, weights=np.concatenate([v.weights for v in vectors]).astype(np.float64))
    norm = float(np.linalg.norm(weights)) or 1.0
    return Vector(terms, (weights / norm).astype(np.float32))


def _strongest(vectors: Sequence[Vector]) -> Vector:
    """Every term of ``vectors`` with its largest weight."""
    terms, where = np.unique(np.concatenate([v.terms for v in vectors]), return_inverse=True)
    weights = np.zeros(terms.size, dtype=np.float32)
    np.maximum.at(weights, where, np.concatenate([v.weights for v in vectors]))
    return Vector(terms, weights)


def _core_terms(vectors: Sequence[Vector], support: int) -> Vector:
    """The terms given by at least ``support`` of ``vectors``, each with its largest weight."""
    strongest = _strongest(vectors)
    counts = np.bincount(np.searchsorted(strongest.terms, np.concatenate([v.terms for v in vectors])),
                         minlength=strongest.terms.size)
    keep = counts >= support
    return Vector(strongest.terms[keep], strongest.weights[keep])


def _core_items(groups: Sequence[Sequence[str]], support: int) -> tuple[str, ...]:
    """The items given by at least ``support`` of ``groups``, sorted."""
    counts = Counter(item for group in groups for item in set(group))
    return tuple(sorted(item for item, n in counts.items() if n >= support))


def centroid(members: Sequence[Doc]) -> Doc:
    """One :class:`Doc` for a story: summed vectors; the anchors, entities and numbers that at
    least half its members give (its core); the last day.

    A union of every member's headline words, entities and numbers would grow with the
    story until any article of the day shares something with it: stories would chain
    unrelated events through a city or a title they all name. The core is what the
    story is about, and a stray member does not widen it.
    """
    if len(members) == 1:
        return members[0]
    support = (len(members) + 1) // 2
    return Doc(
        body=summed([m.body for m in members]),
        lead=summed([m.lead for m in members]),
        anchors=_core_terms([m.anchors for m in members], support),
        entities=_core_items([m.entities for m in members], support),
        numbers=_core_items([m.numbers for m in members], support),
        day=members[-1].day,
    )


@dataclass(frozen=True)
class Model:
    """Logistic weights over :data:`FEATURES`, the probability that makes an article join a
    story (``threshold``), the one that makes two stories' centroids merge (``merge``), and
    the share of a story's recent members the article must match on its own (``support``)."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float
    merge: float
    support: float = 0.0

    def probability(self, values: Sequence[float]) -> float:
        """P(same story) of one feature row."""
        z = self.intercept + sum(c * v for c, v in zip(self.coef, values, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (read once)."""
    raw = json.loads(resources.files(data.__name__).joinpath(MODEL).read_text(encoding="utf-8"))
    if tuple(raw["features"]) != FEATURES:
        raise ValueError(f"{MODEL} was fitted on {raw['features']}, expected {list(FEATURES)}")
    return Model(tuple(float(c) for c in raw["coef"]), float(raw["intercept"]), float(raw["threshold"]),
                 float(raw["merge"]), float(raw.get("support", 0.0)))


@lru_cache(maxsize=WORDS)
def entity_weight(entity_id: str) -> float:
    """How much sharing ``entity_id`` says that two articles report one event."""
    if entity_id.startswith("local:"):
        return _LOCAL_WEIGHTS.get(entity_id.split(":")[1], 0.5)
    from marsad.analyse.linking.registry import registry

    entity = registry().entities.get(entity_id)
    if entity is None:
        return 0.5
    if entity.type == "LOC":
        return _KIND_WEIGHTS.get(entity.kind, 0.3)
    return _TYPE_WEIGHTS.get(entity.type, 0.4)


@lru_cache(maxsize=WORDS)
def entity_role(entity_id: str) -> str | None:
    """``place`` for a town or city (linked, or a place name the tagger found), ``person`` for a
    person, else None (countries, regions, organisations say nothing of which event)."""
    if entity_id.startswith("local:"):
        return {"LOC": "place", "PER": "person"}.get(entity_id.split(":")[1])
    from marsad.analyse.linking.registry import registry

    entity = registry().entities.get(entity_id)
    if entity is None:
        return None
    if entity.type == "LOC":
        return "place" if entity.kind in ("city", "capital") else None
    return "person" if entity.type == "PER" else None


def differ(a: Sequence[str], b: Sequence[str], role: str) -> float:
    """1.0 when both name entities of ``role`` and share none of them, else 0.0."""
    mine = {e for e in a if entity_role(e) == role}
    theirs = {e for e in b if entity_role(e) == role}
    return 1.0 if mine and theirs and not mine & theirs else 0.0


# Full entity overlap takes at least this much shared weight (one named person's): two
# articles whose only entity is the same city share a place, not yet an event.
ENTITY_EVIDENCE = 1.0


def entity_overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Weight of the shared entities over the weight of the smaller side's, or over
    :data:`ENTITY_EVIDENCE` when that is less (0 when either has none)."""
    if not a or not b:
        return 0.0
    # fsum: a float sum that does not depend on the (hash-seeded) order of the sets.
    shared = math.fsum(entity_weight(e) for e in set(a) & set(b))
    smaller = min(math.fsum(entity_weight(e) for e in set(a)), math.fsum(entity_weight(e) for e in set(b)))
    return shared / max(smaller, ENTITY_EVIDENCE)


def anchor(a: Vector, b: Vector) -> float:
    """Rarity of the rarest headline term both share (the smaller of its two weights)."""
    _, ia, ib = np.intersect1d(a.terms, b.terms, assume_unique=True, return_indices=True)
    return float(np.minimum(a.weights[ia], b.weights[ib]).max()) if ia.size else 0.0


def number_overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the numbers of the side with fewer that the other gives too (0 when either has none)."""
    if not a or not b:
        return 0.0
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b)))


def features(a: Doc, b: Doc) -> tuple[float, ...]:
    """The :data:`FEATURES` row of a pair."""
    return (cosine(a.body, b.body), entity_overlap(a.entities, b.entities), anchor(a.anchors, b.anchors),
            cosine(a.lead, b.lead), number_overlap(a.numbers, b.numbers),
            differ(a.entities, b.entities, "place"), differ(a.entities, b.entities, "person"))


def probability(a: Doc, b: Doc, fitted: Model | None = None) -> float:
    """P(same story) of two articles (or an article and a centroid) under the shipped or a given model."""
    return (fitted or model()).probability(features(a, b))
