"""Pipeline stage that fills ``article.statements``: who said what, on whose word."""

from __future__ import annotations

from typing import Any, ClassVar

from marsad.analyse.statements.candidate import Candidate
from marsad.analyse.statements.extract import candidates
from marsad.analyse.statements.lines import list_item, quoted_paragraph
from marsad.analyse.statements.patterns import Unit, units
from marsad.analyse.statements.resolve import statements
from marsad.pipeline import Stage
from marsad.record import Article, Entity


def find_statements(text: str, entities: list[Entity] | None = None) -> list[dict[str, Any]]:
    """Attributed statements of ``text``, using entity mentions when given."""
    found: list[Candidate] = []
    previous, said = None, False
    pending: Candidate | None = None  # «وقال الوزير:» at a line's end: what was said is on the lines after
    items: list[Unit] = []
    for unit in units(text):
        if pending is not None:
            if list_item(unit) or (not items and quoted_paragraph(unit) is not None):
                items.append(unit)
                continue
            found.extend(_with_lines(pending, items))
            pending, items = None, []
        here = candidates(unit, previous)
        spoken = [c for c in here if not c.silent]  # silent ones only name a speaker for later ones
        if not spoken and said and (quoted := quoted_paragraph(unit)) is not None:
            here = spoken = [quoted]  # a quotation paragraph after a statement goes on with its speaker
        if spoken and spoken[-1].follows:
            pending = spoken.pop()
            here.remove(pending)
        found.extend(here)
        previous, said = unit, bool(spoken) or pending is not None
    if pending is not None:
        found.extend(_with_lines(pending, items))
    return statements(text, found, list(entities or []))


def _with_lines(pending: Candidate, items: list[Unit]) -> list[Candidate]:
    """A statement whose content is the list items or quotation paragraph after it (none: dropped)."""
    if not items:
        return []
    quoted = quoted_paragraph(items[0]) if len(items) == 1 else None
    if quoted is not None:
        pending.content, pending.direct = quoted.content, True
    else:
        pending.content = (items[0].tokens[0].start, items[-1].tokens[-1].end)
    pending.follows = False
    return [pending]


class StatementStage(Stage):
    """Attributed statements of the text, with speakers and media from the linked entities."""

    name: ClassVar[str] = "statements"
    requires: ClassVar[tuple[str, ...]] = ("text", "entities")
    provides: ClassVar[tuple[str, ...]] = ("statements",)

    def process(self, article: Article) -> Article:
        """Replace ``article.statements`` with those found in its text."""
        article.statements = find_statements(article.text, article.entities)
        return article
