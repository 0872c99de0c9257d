"""Pipeline stage that fills ``article.entities`` from the CRF tagger."""

from __future__ import annotations

from marsad.analyse.ner.tagger import Tagger
from marsad.pipeline import Stage
from marsad.record import Article, Entity


class EntityStage(Stage):
    """Named entities (PER, LOC, ORG, MISC) of ``article.text``."""

    name = "entities"
    requires = ("text",)
    provides = ("entities",)

    def __init__(self, tagger: Tagger | None = None) -> None:
        """Use ``tagger`` or the shipped model (opened on first ``process``)."""
        self.tagger = tagger or Tagger()

    def process(self, article: Article) -> Article:
        """Replace ``article.entities`` with the tagger's mentions in its text."""
        text = article.text
        article.entities = [
            Entity(start, end, text[start:end], label, id=None, name=None)
            for start, end, label in self.tagger.entities(text)
        ]
        return article
