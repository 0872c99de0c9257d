"""Arabic named-entity recognition: a CRF tagger trained by marsad (PER, LOC, ORG, MISC)."""

from marsad.analyse.ner.tagger import Tagger

__all__ = ["Tagger"]
