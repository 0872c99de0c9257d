"""Same-story probability of two articles: a small logistic model over pair features.

Features (all in [0, 1]): ``body``, the cosine of full TF-IDF vectors of headline
plus body; ``headbody``, the better cosine of one headline against the other's
body; ``entities``, the rarity-weighted overlap of their linked entities. A
country says little (most articles of a day name Egypt), a city more, a named
person or a local name the tagger found most. The weights of the model are fitted
on the dev split of ``tests/gold/stories`` by ``scripts/fit_stories.py`` and
shipped as ``data/stories_model.json``; nothing is trained at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad import data
from marsad.corpus.features import Vector, cosine

MODEL = "stories_model.json"
FEATURES = ("body", "headbody", "entities")

# Evidence of sharing one entity, by registry type and kind; ids the registry lacks
# (``local:``) are names the tagger found in the text: specific, so strong.
_KIND_WEIGHTS = {"country": 0.1, "region": 0.1, "capital": 0.3, "city": 0.6}
_TYPE_WEIGHTS = {"PER": 0.7, "ORG": 0.4, "MISC": 0.4}
_LOCAL_WEIGHTS = {"PER": 1.0, "LOC": 1.0, "ORG": 1.0, "MISC": 0.5}


@dataclass(frozen=True)
class Doc:
    """What story decisions read of one article."""

    body: Vector
    head: Vector
    entities: tuple[str, ...]
    day: float | None


@dataclass(frozen=True)
class Model:
    """Logistic weights over :data:`FEATURES`, and the probability that decides."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float

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
    return Model(tuple(float(c) for c in raw["coef"]), float(raw["intercept"]), float(raw["threshold"]))


@lru_cache(maxsize=65536)
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


def entity_overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Weight of the shared entities over the weight of the smaller side's (0 when either has none)."""
    if not a or not b:
        return 0.0
    # fsum: a float sum that does not depend on the (hash-seeded) order of the sets.
    shared = math.fsum(entity_weight(e) for e in set(a) & set(b))
    smaller = min(math.fsum(entity_weight(e) for e in set(a)), math.fsum(entity_weight(e) for e in set(b)))
    return shared / smaller if smaller > 0 else 0.0


def features(a: Doc, b: Doc) -> tuple[float, float, float]:
    """The :data:`FEATURES` row of a pair."""
    headbody = max(cosine(a.head, b.body), cosine(b.head, a.body))
    return cosine(a.body, b.body), headbody, entity_overlap(a.entities, b.entities)


def probability(a: Doc, b: Doc, fitted: Model | None = None) -> float:
    """P(same story) of two articles under the shipped (or a given) model."""
    return (fitted or model()).probability(features(a, b))
