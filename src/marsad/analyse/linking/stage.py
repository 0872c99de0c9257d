"""Pipeline stage that links ``article.entities`` to canonical entities."""

from __future__ import annotations

from marsad.analyse.linking.linker import link
from marsad.analyse.linking.registry import Registry, registry
from marsad.pipeline import Stage
from marsad.record import Article


class LinkStage(Stage):
    """Canonical ids and names for entity mentions, plus registry mentions the tagger missed."""

    name = "linking"
    requires = ("text", "entities", "published")
    provides = ("entities",)

    def __init__(self, reg: Registry | None = None) -> None:
        """Use ``reg`` or the shipped registry (loaded on first ``process``)."""
        self._registry = reg

    def process(self, article: Article) -> Article:
        """Replace ``article.entities`` with a new, linked list; the text is left as it is."""
        reg = self._registry or registry()
        article.entities = link(article.text, list(article.entities), article.published, reg)
        return article
