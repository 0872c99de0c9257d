"""Choosing between entities that share a name: spelling, dateline and context words.

The rules live in ``data/entities/disambiguation.tsv``: «عمّان» with shadda, or «عمان»
opening a dateline, is the Jordanian capital; «عمان» near «مسقط» or «العماني» is Oman;
«جورجيا» next to «ولاية» is the US state. A rule only overrides the linker when the
linker chose one of the candidates of that name (a media trigger still wins).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad import data
from marsad.analyse.linking.keys import Word, name_key

KINDS = ("spelling", "dateline", "adjacent", "near")
WINDOW = 12  # words on either side searched for a ``near`` cue
_REACH = {"adjacent": 1, "near": WINDOW}
_DATELINE_END = re.compile(r"\s*[-\u2013\u2014:(]")
_TATWEEL = "\u0640"


@dataclass(frozen=True, slots=True)
class Rule:
    """One cue rule: ``kind`` cues that name candidate ``id``."""

    id: str
    kind: str
    spellings: frozenset[str]
    cues: tuple[tuple[str, ...], ...]


def _spelling(text: str) -> str:
    """A surface compared with its marks in canonical order, tatweel dropped."""
    return unicodedata.normalize("NFD", text.replace(_TATWEEL, "")).strip()


@lru_cache(maxsize=1)
def rules() -> dict[tuple[str, ...], tuple[Rule, ...]]:
    """Name key → its rules, in file order."""
    lines = data.word_list("entities/disambiguation.tsv")
    found: dict[tuple[str, ...], list[Rule]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        kind = row["kind"].strip()
        if kind not in KINDS:
            raise ValueError(f"disambiguation.tsv: unknown kind {kind!r}")
        words = [w for w in (row.get("cues") or "").split("|") if w.strip()]
        spellings = frozenset(_spelling(w) for w in words) if kind == "spelling" else frozenset()
        cues = tuple(k for k in (name_key(w) for w in words) if k) if kind in _REACH else ()
        found.setdefault(name_key(row["name"]), []).append(Rule(row["id"].strip(), kind, spellings, cues))
    return {key: tuple(value) for key, value in found.items()}


def _distance(ws: Sequence[Word], first: int, last: int, cue: tuple[str, ...]) -> int | None:
    """Words between the mention (``ws[first..last]``) and the nearest occurrence of ``cue``."""
    best: int | None = None
    size = len(cue)
    for i in range(len(ws) - size + 1):
        end = i + size - 1
        if not (end < first or i > last):
            continue  # the cue overlaps the mention
        if cue[0] not in {key for _, key in ws[i].variants}:
            continue
        if any(ws[i + n].key != cue[n] for n in range(1, size)):
            continue
        gap = first - end if end < first else i - last
        best = gap if best is None else min(best, gap)
    return best


def _nearest(candidates: Sequence[Rule], ws: Sequence[Word], first: int, last: int, reach: int) -> str | None:
    """The candidate with the nearest cue within ``reach`` words; None when none or a tie."""
    best: dict[str, int] = {}
    for rule in candidates:
        for cue in rule.cues:
            gap = _distance(ws, first, last, cue)
            if gap is not None and gap <= reach:
                best[rule.id] = min(gap, best.get(rule.id, gap))
    if not best:
        return None
    closest = min(best.values())
    winners = sorted(entity_id for entity_id, gap in best.items() if gap == closest)
    return winners[0] if len(winners) == 1 else None


def decide(
    key: tuple[str, ...], current: str | None, start: int, end: int, ws: Sequence[Word], text: str
) -> str | None:
    """The entity the context names for a mention at ``start:end``, or None to keep ``current``."""
    found = rules().get(key)
    if not found or current not in {rule.id for rule in found}:
        return None
    first = next((i for i, w in enumerate(ws) if w.end > start), len(ws))
    last = max(first, next((i for i in range(len(ws) - 1, -1, -1) if ws[i].start < end), first))
    for kind in KINDS:
        candidates = [rule for rule in found if rule.kind == kind]
        if not candidates:
            continue
        if kind == "spelling":
            surface = _spelling(text[start:end])
            chosen = {rule.id for rule in candidates if surface in rule.spellings}
        elif kind == "dateline":
            opens = not text[:start].strip() and bool(_DATELINE_END.match(text, end))
            chosen = {rule.id for rule in candidates} if opens else set()
        else:
            nearest = _nearest(candidates, ws, first, last, _REACH[kind])
            chosen = {nearest} if nearest else set()
        if len(chosen) == 1:
            return chosen.pop()
    return None
