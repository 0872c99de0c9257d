"""Pipeline stage that fills ``article.statements``: who said what, on whose word."""

from __future__ import annotations

from typing import Any, ClassVar

from marsad.analyse.statements.extract import Candidate, candidates, quoted_paragraph
from marsad.analyse.statements.patterns import units
from marsad.analyse.statements.resolve import statements
from marsad.pipeline import Stage
from marsad.record import Article, Entity


def find_statements(text: str, entities: list[Entity] | None = None) -> list[dict[str, Any]]:
    """Attributed statements of ``text``, using entity mentions when given."""
    found: list[Candidate] = []
    previous, said = None, False
    for unit in units(text):
        here = candidates(unit, previous)
        if not here and said and (quoted := quoted_paragraph(unit)) is not None:
            here = [quoted]  # a quotation paragraph after a statement goes on with its speaker
        found.extend(here)
        previous, said = unit, bool(here)
    return statements(text, found, list(entities or []))


class StatementStage(Stage):
    """Attributed statements; uses ``article.entities`` when an earlier stage filled them."""

    name: ClassVar[str] = "statements"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("statements",)

    def process(self, article: Article) -> Article:
        """Replace ``article.statements`` with those found in its text."""
        article.statements = find_statements(article.text, article.entities)
        return article
