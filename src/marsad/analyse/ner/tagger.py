"""The shipped named-entity tagger: BIO tags for words, character spans for text.

The model (``data/models/ner.npz``, a BiLSTM-CRF run in numpy by ``neural.py``;
see ``scripts/train_ner_neural.py``) is loaded on first use and kept for the
process. Labels: PER, LOC, ORG, MISC. A mention written with a clitic prefix
(«وبوتين», «لصحيفة») spans the name only; the article «ال» stays part of the
name («والقاهرة» → «القاهرة»).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from marsad.analyse.linking.keys import name_key
from marsad.analyse.ner.common import ARTICLE, excluded, formula, is_very_common, never_alone
from marsad.analyse.ner.document import consistent
from marsad.analyse.ner.features import word
from marsad.analyse.ner.institutions import institutions, may_hold, merge
from marsad.analyse.ner.neural import NeuralModel
from marsad.analyse.ner.scoring import spans
from marsad.text.normalize import normalize
from marsad.text.sentences import sentence_spans
from marsad.text.tokens import TOKEN, Token, tokenize


def default_model() -> Path:
    """Path of the model shipped with marsad."""
    return Path(str(resources.files("marsad.data").joinpath("models/ner.npz")))


@lru_cache(maxsize=4)
def _open(path: str) -> NeuralModel:
    """The model in a file, loaded once per process."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"NER model not found: {path} (run scripts/train_ner_neural.py)")
    with np.load(path) as arrays:
        return NeuralModel({name: arrays[name] for name in arrays.files})


def clitic_chars(token: Token) -> int:
    """How many characters of ``token.text`` belong to a proclitic before the name.

    The article is kept with the name; diacritics and tatweel written on the last
    clitic letter are skipped with it («وَبوتين» → «بوتين»).
    """
    prefix = token.prefix
    if prefix.endswith(ARTICLE):
        prefix = prefix[: -len(ARTICLE)]
    if not prefix:
        return 0
    skip = 0
    for k in range(1, len(token.text)):
        folded = normalize(token.text[:k])
        if folded == prefix:
            skip = k
        elif len(folded) > len(prefix):
            break
    return skip


def _split_conjoined(found: list[tuple[int, int, str]], words: list[str]) -> list[tuple[int, int, str]]:
    """Person spans cut before a word that starts with the conjunction «و» («أوباما وبوتين» → two names).

    A person's name has no «و» inside it, while an organisation's may («حزب
    الحرية والعدالة»), so only PER spans are cut.
    """
    out = []
    for i, j, label in found:
        start = i
        for k in range(i + 1, j):
            if label == "PER" and word(words[k]).prefix.startswith("و"):
                out.append((start, k, label))
                start = k
        out.append((start, j, label))
    return out


class Tagger:
    """Arabic NER with the shipped model (loaded lazily)."""

    def __init__(self, model: str | Path | None = None) -> None:
        """Use ``model`` or, by default, the model shipped with marsad."""
        self.model = str(model or default_model())

    def tag(self, words: list[str]) -> list[str]:
        """BIO tags (``B-PER``, ``I-LOC``, ``O`` ...) for the words of one sentence."""
        return self.tag_sentences([words])[0]

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags for each sentence of a document, computed together (one pass of the network)."""
        if not any(sentences):
            return [[] for _ in sentences]
        return _open(self.model).tag(sentences)

    def entities(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` character spans of the entities in ``text``.

        A person span is cut before a word that starts with the conjunction «و»
        («أوباما وبوتين» is two names). Words that are practically never part of
        a name («على», «بأنه», a frequent verb) are trimmed off the edges of a
        tagged span, and a span left empty is dropped, as is a one-word span the
        tagger practically never makes of that word by itself
        (``common.never_alone``: «قصر»); so are currencies, «الله» and religious
        terms, which marsad's MISC leaves out (``common.excluded``), and such a
        word with words that are not parts of names (``common.formula``: «نسأل الله»).
        Institutions named by a head noun and definite words («وزارة الداخلية»),
        which ANERcorp leaves untagged, are added as ORG (``institutions``). A
        name tagged in one sentence is tagged wherever it recurs in ``text``
        (``document.consistent``).
        """
        found = []
        sentences = [(s_start, text[s_start:s_end]) for s_start, s_end in sentence_spans(text)]
        all_words = [TOKEN.findall(sentence) for _, sentence in sentences]
        all_tags = consistent(all_words, self.tag_sentences(all_words))
        for (s_start, sentence), words, tags in zip(sentences, all_words, all_tags, strict=True):
            found_here = spans(tags)
            heads = may_hold([word(w).norm for w in words])
            # The same tokens with offsets, built only for sentences that name something.
            tokens = tokenize(sentence) if found_here or heads else []
            here: list[tuple[int, int, str]] = []
            for i, j, label in _split_conjoined(found_here, words):
                while i < j and is_very_common(words[i]):
                    i += 1
                while j > i and is_very_common(words[j - 1]):
                    j -= 1
                if i == j or (j - i == 1 and never_alone(words[i])) or formula(words[i:j]):
                    continue
                start = tokens[i].start + clitic_chars(tokens[i])
                end = tokens[j - 1].end
                if start < end and not excluded(name_key(sentence[start:end]), label):
                    here.append((start, end, label))
            if heads:
                here = merge(here, institutions(sentence, tokens, here))
            found += [(s_start + start, s_start + end, label) for start, end, label in here]
        return found
