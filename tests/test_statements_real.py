"""The real-news statements set: its shape, the span scorer on hand-made cases, and the dev gate.

The gate's floors are in ``tests/gold/statements_real/floors.json``, pinned by
``FLOORS_HASH`` so that no floor is lowered silently (``tests/floors.py``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import lzma
from pathlib import Path

import pytest

from floors import pinned_floors
from marsad.analyse.statements import find_statements
from marsad.analyse.statements.evaluation import SpanScores, names_match, score_spans

GOLD = Path(__file__).parent / "gold" / "statements_real" / "annotations.jsonl"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unlabeled" / "news-2013.jsonl.xz"
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "eval_statements_real.py"
FLOORS = Path(__file__).parent / "gold" / "statements_real" / "floors.json"
# The hash of floors.json: raising a floor is that line there and this one here.
FLOORS_HASH = "f6eb48bf7a935869"


def floors() -> dict[str, float]:
    pinned = pinned_floors(FLOORS, FLOORS_HASH)
    assert pinned["split"] == "dev"
    return {name: value for name, value in pinned.items() if isinstance(value, float)}


def test_floors_are_pinned() -> None:
    assert set(floors()) == {"precision", "recall", "f1", "speaker", "anonymous", "via"}


def rows() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def test_the_set_is_split_by_article_before_scoring() -> None:
    found = rows()
    dev = [r for r in found if r["split"] == "dev"]
    test = [r for r in found if r["split"] == "test"]
    assert len(dev) >= 28 and len(test) >= 20 and len(dev) + len(test) == len(found)
    assert len({r["line"] for r in found}) == len(found)
    for row in found:
        for statement in row["statements"]:
            assert statement["content"][0] < statement["content"][1]
            assert statement["cue"][0] < statement["cue"][1]


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared")
def test_offsets_fall_inside_the_annotated_texts() -> None:
    wanted = {r["line"]: r for r in rows()}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if n not in wanted:
                continue
            text = json.loads(line)["text"]
            row = wanted.pop(n)
            assert hashlib.sha1(text.encode("utf-8")).hexdigest() == row["sha1"]
            for statement in row["statements"]:
                assert statement["content"][1] <= len(text)
                assert statement["speaker"] in text
                assert statement["via"] is None or statement["via"] in text
    assert not wanted


def test_names_match_allows_articles_and_a_title_but_not_another_name() -> None:
    assert names_match("وزير الخارجية سامح شكري", "سامح شكري")
    assert names_match("والبرادعي", "محمد البرادعي")
    assert not names_match("وزير الخارجية", "سامح شكري")
    assert not names_match(None, "سامح شكري")


def gold(text: str, cue: str, content: str, speaker: str, **flags: object) -> dict:
    start = text.index(content)
    at = text.index(cue)
    return {"cue": [at, at + len(cue)], "content": [start, start + len(content)], "speaker": speaker,
            "speaker_alt": [], "anonymous": False, "direct": False, "via": None} | flags


def test_score_spans_matches_by_content_overlap_and_judges_fields() -> None:
    text = "قال وزير المالية سليم داود إن العجز سينخفض هذا العام. وأضاف أن الدين مستقر."
    wanted = [
        gold(text, "قال", "العجز سينخفض هذا العام", "سليم داود"),
        gold(text, "أضاف", "الدين مستقر", "سليم داود"),
    ]
    scores = SpanScores()
    score_spans(text, wanted, find_statements(text), scores, "t")
    assert (scores.gold, scores.found, scores.matched) == (2, 2, 2)
    assert scores.accuracy("speaker") == 1.0 and scores.accuracy("via") == 1.0


def test_score_spans_counts_misses_and_extras() -> None:
    text = "قال المتحدث إن الاجتماع انتهى. وكان الطقس باردا."
    wanted = [gold(text, "وكان", "الطقس باردا", "المتحدث")]
    found = [{"speaker": {"text": "المتحدث", "anonymous": False}, "cue": {"start": 0, "end": 3, "text": "قال"},
              "content": {"start": 15, "end": 29, "text": text[15:29]}, "direct": False, "via": None}]
    scores = SpanScores()
    score_spans(text, wanted, found, scores, "t")
    assert (scores.gold, scores.found, scores.matched) == (1, 1, 0)
    assert scores.precision == 0.0 and scores.recall == 0.0
    assert any("missed" in m for m in scores.misses) and any("extra" in m for m in scores.misses)


def test_a_via_with_a_joined_lam_names_the_gold_medium() -> None:
    text = "وقال مسؤول محلي لرويترز إن الطريق مغلق."
    wanted = [gold(text, "قال", "الطريق مغلق", "مسؤول محلي", anonymous=True, via="رويترز")]
    found = [{"speaker": {"text": "مسؤول محلي", "anonymous": True}, "cue": {"start": 1, "end": 4, "text": "قال"},
              "content": {"start": 27, "end": 38, "text": "الطريق مغلق"}, "direct": False,
              "via": {"start": 16, "end": 23, "text": "لرويترز"}}]
    scores = SpanScores()
    score_spans(text, wanted, found, scores, "t")
    assert scores.matched == 1 and scores.accuracy("via") == 1.0


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared")
def test_the_dev_split_meets_its_floors() -> None:
    """The studied split only: the test split is scored by hand, once (README.md there)."""
    spec = importlib.util.spec_from_file_location("eval_statements_real", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    scores, articles = script.evaluate("dev")
    assert articles == 28
    summary = scores.summary()
    assert all(summary[name] >= floor for name, floor in floors().items()), (summary, scores.misses)
