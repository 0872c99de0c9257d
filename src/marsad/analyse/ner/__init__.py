"""Arabic named-entity recognition: a BiLSTM-CRF tagger trained by marsad, run in numpy (PER, LOC, ORG, MISC)."""

from marsad.analyse.ner.tagger import Tagger

__all__ = ["Tagger"]
