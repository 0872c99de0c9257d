"""The shipped CRF named-entity tagger: BIO tags for words, character spans for text.

The model (``data/models/ner.crfsuite``, see ``scripts/train_ner.py``) is opened on
first use and kept for the process. Labels: PER, LOC, ORG, MISC. A mention written
with a clitic prefix («وبوتين», «لصحيفة») spans the name only; the article «ال»
stays part of the name («والقاهرة» → «القاهرة»).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from marsad.analyse.linking.keys import name_key
from marsad.analyse.ner.common import ARTICLE, excluded, is_very_common, never_alone
from marsad.analyse.ner.document import consistent
from marsad.analyse.ner.features import model_features, sentence_features, word
from marsad.analyse.ner.institutions import institutions, may_hold, merge
from marsad.analyse.ner.scoring import spans
from marsad.text.normalize import normalize
from marsad.text.sentences import sentence_spans
from marsad.text.tokens import TOKEN, Token, tokenize


def default_model() -> Path:
    """Path of the model shipped with marsad."""
    return Path(str(resources.files("marsad.data").joinpath("models/ner.crfsuite")))


@lru_cache(maxsize=4)
def _open(path: str) -> pycrfsuite.Tagger:
    """A crfsuite tagger for a model file, opened once per process."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"NER model not found: {path} (run scripts/train_ner.py)")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


@lru_cache(maxsize=4)
def _attributes(path: str) -> frozenset[bytes] | None:
    """The attributes a model knows (UTF-8), read once from its dump (about 0.2 s); None if it reads wrong."""
    ids = _open(path).info().attributes
    # Ids 0..n-1, each once: every attribute line of the dump was read as one name.
    if sorted(map(int, ids.values())) != list(range(len(ids))):
        return None
    return frozenset(name.encode("utf-8") for name in ids)


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


class Tagger:
    """Arabic NER with the shipped CRF model (loaded lazily)."""

    def __init__(self, model: str | Path | None = None) -> None:
        """Use ``model`` or, by default, the model shipped with marsad."""
        self.model = str(model or default_model())

    def tag(self, words: list[str]) -> list[str]:
        """BIO tags (``B-PER``, ``I-LOC``, ``O`` ...) for the words of one sentence."""
        if not words:
            return []
        known = _attributes(self.model)
        features = sentence_features(words) if known is None else model_features(words, known)
        return list(_open(self.model).tag(features))

    def entities(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` character spans of the entities in ``text``.

        Words that are practically never part of a name («على», «بأنه», a frequent
        verb) are trimmed off the edges of a tagged span, and a span left empty is
        dropped, as is a one-word span the tagger practically never makes of that
        word by itself (``common.never_alone``: «قصر»); so are currencies, «الله»
        and religious terms, which marsad's MISC leaves out (``common.excluded``).
        Institutions named by a head noun and definite words («وزارة الداخلية»),
        which ANERcorp leaves untagged, are added as ORG (``institutions``). A
        name tagged in one sentence is tagged wherever it recurs in ``text``
        (``document.consistent``).
        """
        found = []
        sentences = [(s_start, text[s_start:s_end]) for s_start, s_end in sentence_spans(text)]
        all_words = [TOKEN.findall(sentence) for _, sentence in sentences]
        all_tags = consistent(all_words, [self.tag(words) for words in all_words])
        for (s_start, sentence), words, tags in zip(sentences, all_words, all_tags, strict=True):
            found_here = spans(tags)
            heads = may_hold([word(w).norm for w in words])
            # The same tokens with offsets, built only for sentences that name something.
            tokens = tokenize(sentence) if found_here or heads else []
            here: list[tuple[int, int, str]] = []
            for i, j, label in found_here:
                while i < j and is_very_common(words[i]):
                    i += 1
                while j > i and is_very_common(words[j - 1]):
                    j -= 1
                if i == j or (j - i == 1 and never_alone(words[i])):
                    continue
                start = tokens[i].start + clitic_chars(tokens[i])
                end = tokens[j - 1].end
                if start < end and not excluded(name_key(sentence[start:end]), label):
                    here.append((start, end, label))
            if heads:
                here = merge(here, institutions(sentence, tokens, here))
            found += [(s_start + start, s_start + end, label) for start, end, label in here]
        return found
