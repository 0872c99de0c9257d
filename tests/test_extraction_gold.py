"""The extraction gate: marsad's clean text against hand-made gold on realistic pages.

Floors are pinned in ``tests/gold/extraction/floors.json`` with a hash of the gold
set, and the test pins a hash of ``floors.json`` itself (``FLOORS_HASH``): changing
a page or its gold without re-pinning fails here, and so does any edit of a floor,
so a floor is never lowered silently (``tests/floors.py``). marsad must also do at least as well as trafilatura's
``extract()`` alone on the same pages, and no related headline may leak.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from statistics import mean

import pytest
import trafilatura

from extraction_scoring import token_score
from floors import pinned_floors
from marsad.extract import extract
from marsad.record import Source
from marsad.sources import RawDocument

GOLD = Path(__file__).parent / "gold" / "extraction"
PAGES = sorted((GOLD / "pages").glob("*.html"))
# The hash of floors.json: raising a floor is that line there and this one here.
FLOORS_HASH = "1ccdf04c4840ed4d"


def floors() -> dict:
    return pinned_floors(GOLD / "floors.json", FLOORS_HASH)


def corpus_hash() -> str:
    digest = hashlib.sha256()
    for page in PAGES:
        digest.update(page.read_bytes())
        digest.update((GOLD / "gold" / f"{page.stem}.json").read_bytes())
    return digest.hexdigest()[:16]


def run_marsad(page: Path):
    body = page.read_bytes()
    return extract(RawDocument(body=body, kind="html", source=Source(str(page), None, "html"), identity=body))


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    out = {}
    for page in PAGES:
        gold = json.loads((GOLD / "gold" / f"{page.stem}.json").read_text(encoding="utf-8"))
        article = run_marsad(page)
        baseline = trafilatura.extract(page.read_text(encoding="utf-8"))
        out[page.stem] = {
            "gold": gold,
            "article": article,
            "marsad": token_score(article.text, gold["text"]).f1,
            "trafilatura": token_score(baseline, gold["text"]).f1,
        }
    return out


def test_floors_are_pinned_to_this_gold_set():
    assert floors()["corpus_hash"] == corpus_hash(), "gold set changed: re-measure and re-pin floors.json"


def test_mean_f1_meets_the_floor_and_beats_trafilatura(results):
    pinned = floors()
    ours = mean(r["marsad"] for r in results.values())
    theirs = mean(r["trafilatura"] for r in results.values())
    assert ours >= pinned["mean_f1"], (ours, pinned["mean_f1"])
    assert ours >= theirs, (ours, theirs)
    for name, result in results.items():
        assert result["marsad"] >= pinned["page_f1"], (name, result["marsad"])


def test_no_related_headline_or_furniture_leaks(results):
    for name, result in results.items():
        text = result["article"].text
        for phrase in result["gold"]["must_not_contain"]:
            assert phrase not in text, (name, phrase)
        for phrase in result["gold"]["must_contain"]:
            assert phrase in text, (name, phrase)


def test_titles_and_sites(results):
    for name, result in results.items():
        assert result["article"].title == result["gold"]["title"], name
        if result["gold"].get("site"):
            assert result["article"].site == result["gold"]["site"], name
