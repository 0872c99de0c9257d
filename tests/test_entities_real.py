"""The cross-domain entity gold (tests/gold/entities_real) is well-formed and matches the corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

GOLD = Path(__file__).parent / "gold" / "entities_real"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
CORPUS = Path(__file__).resolve().parents[2] / "shared/data/unlabeled/news-2013.jsonl.xz"


def gold() -> list[dict]:
    return list(json.loads((GOLD / "gold.json").read_text(encoding="utf-8")))


def test_gold_is_well_formed() -> None:
    records = gold()
    assert len(records) == 144
    assert len({(g["line"], g["paragraph"]) for g in records}) == len(records)
    assert sum(len(g["entities"]) for g in records) >= 300
    for g in records:
        assert g["split"] in ("dev", "test")
        assert g["day"] in ("2013-02-26", "2013-03-08", "2013-03-20")
        ends = [0]
        for start, end, label in g["entities"]:
            assert label in ("PER", "LOC", "ORG", "MISC")
            assert ends[-1] <= start < end, g["line"]
            ends.append(end)
    splits = [g["split"] for g in records]
    assert splits.count("dev") == splits.count("test")


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/data/unlabeled")
def test_gold_matches_the_corpus() -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import eval_entities_real as real
    finally:
        sys.path.remove(str(SCRIPTS))
    records = gold()
    texts = real.paragraphs(CORPUS, {g["line"]: g["paragraph"] for g in records})
    for g in records:
        text = texts[g["line"]]
        assert real.digest(text) == g["sha"]
        for start, end, _ in g["entities"]:
            assert text[start:end].strip() == text[start:end]
            assert end == len(text) or not text[end].isalpha()
