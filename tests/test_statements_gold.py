"""The statements gate: found statements against hand-made gold paragraphs.

Floors are pinned in ``tests/gold/statements/floors.json`` with a hash of the gold
file, and the test pins a hash of ``floors.json`` itself (``FLOORS_HASH``): changing
the gold without re-pinning fails here, and so does any edit of a floor, so a floor
is never lowered silently (``tests/floors.py``). Run this file with ``-s`` to see every miss after a failure.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from floors import pinned_floors
from marsad.analyse.statements import find_statements
from marsad.analyse.statements.evaluation import FIELDS, Scores, score

GOLD = Path(__file__).parent / "gold" / "statements"
# The hash of floors.json: raising a floor is that line there and this one here.
FLOORS_HASH = "2c885d39b56da72d"


def floors() -> dict:
    return pinned_floors(GOLD / "floors.json", FLOORS_HASH)


def gold_hash() -> str:
    return hashlib.sha256((GOLD / "gold.json").read_bytes()).hexdigest()[:16]


@pytest.fixture(scope="module")
def scores() -> Scores:
    paragraphs = json.loads((GOLD / "gold.json").read_text(encoding="utf-8"))["paragraphs"]
    total = Scores()
    for paragraph in paragraphs:
        score(paragraph["statements"], find_statements(paragraph["text"]), total, paragraph["id"])
    print("\n".join(total.misses), total.summary(), sep="\n")
    return total


def test_gold_set_is_well_formed() -> None:
    paragraphs = json.loads((GOLD / "gold.json").read_text(encoding="utf-8"))["paragraphs"]
    assert 25 <= len(paragraphs) <= 30
    for paragraph in paragraphs:
        for statement in paragraph["statements"]:
            assert paragraph["text"].count(statement["content"]) == 1, (paragraph["id"], statement["content"])
            assert statement["speaker"] in paragraph["text"], paragraph["id"]


def test_floors_are_pinned_to_this_gold_set() -> None:
    assert floors()["gold_hash"] == gold_hash(), "gold set changed: re-measure and re-pin floors.json"


def test_detection_meets_the_floors(scores: Scores) -> None:
    pinned = floors()
    for name in ("precision", "recall", "f1"):
        assert getattr(scores, name) >= pinned[name], (name, scores.summary(), scores.misses)


def test_fields_meet_the_floors(scores: Scores) -> None:
    pinned = floors()
    for name in FIELDS:
        assert scores.accuracy(name) >= pinned[name], (name, scores.summary(), scores.misses)
