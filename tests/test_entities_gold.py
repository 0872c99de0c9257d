"""The entities gate: tagged and linked mentions against hand-made gold paragraphs.

The default analysis stages run on each paragraph; mention detection (exact span and
label) and linking (the canonical id of each gold mention found) are scored by
``marsad.analyse.linking.evaluation``. Floors are pinned in
``tests/gold/entities/floors.json`` with a hash of the gold file, and the test pins a
hash of ``floors.json`` itself (``FLOORS_HASH``): changing the gold without re-pinning
fails here, and so does any edit of a floor (``tests/floors.py``). Run this file with ``-s`` to see every miss.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from floors import pinned_floors
from marsad.analyse.linking import registry
from marsad.analyse.linking.evaluation import LABELS, LOCAL, Scores, locate, score
from marsad.engines.local import run_stages
from marsad.library import default_pipeline
from marsad.record import Article, Source

GOLD = Path(__file__).parent / "gold" / "entities"
# The hash of floors.json: raising a floor is that line there and this one here.
FLOORS_HASH = "2a7ba1e8fac0fdd6"
# A gold mention may sit after these clitics inside a word («وبوتين», «لصحيفة», «للوكالة»).
CLITICS = re.compile("^[وفبلك]{0,2}$")


def gold_hash() -> str:
    return hashlib.sha256((GOLD / "gold.json").read_bytes()).hexdigest()[:16]


def paragraphs() -> list[dict[str, Any]]:
    return list(json.loads((GOLD / "gold.json").read_text(encoding="utf-8"))["paragraphs"])


def floors() -> dict[str, Any]:
    return pinned_floors(GOLD / "floors.json", FLOORS_HASH)


@pytest.fixture(scope="module")
def scores() -> Scores:
    pipeline = default_pipeline()
    total = Scores()
    for paragraph in paragraphs():
        article = Article(
            f"gold-{paragraph['id']}", Source(), paragraph["text"], published=paragraph["published"]
        )
        article = run_stages(article, pipeline)
        assert not article.errors, article.errors
        score(locate(paragraph["text"], paragraph["entities"]), article.entities, total, paragraph["id"])
    print("\n".join(total.misses), total.summary(), sep="\n")
    return total


def test_gold_set_is_well_formed() -> None:
    found = paragraphs()
    assert 30 <= len(found) <= 40
    assert len({p["id"] for p in found}) == len(found)
    known = registry().entities
    for paragraph in found:
        text = paragraph["text"]
        for mention in locate(text, paragraph["entities"]):
            assert mention.label in LABELS, (paragraph["id"], mention)
            assert mention.id == LOCAL or mention.id in known, (paragraph["id"], mention)
            # Whole words only: a clitic may precede the mention, nothing may follow it.
            word_start = mention.start
            while word_start > 0 and text[word_start - 1].isalpha():
                word_start -= 1
            assert CLITICS.match(text[word_start : mention.start]), (paragraph["id"], mention)
            assert mention.end == len(text) or not text[mention.end].isalpha(), (paragraph["id"], mention)


def test_floors_are_pinned_to_this_gold_set() -> None:
    assert floors()["gold_hash"] == gold_hash(), "gold set changed: re-measure and re-pin floors.json"


def test_detection_and_linking_meet_the_floors(scores: Scores) -> None:
    measured = scores.summary()
    pinned = {name: value for name, value in floors().items() if isinstance(value, float)}
    assert pinned, "floors.json pins no rates"
    low = {name: (measured[name], floor) for name, floor in pinned.items() if measured[name] < floor}
    assert not low, (low, scores.misses)
