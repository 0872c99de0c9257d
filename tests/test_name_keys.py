"""Name keys: one definition read by the linker and by the store's mention index."""

from __future__ import annotations

from marsad.analyse.linking import keys as linking_keys
from marsad.text import name_keys


def test_keys_fold_spelling_the_article_and_latin_accents() -> None:
    assert name_keys.bare_key("الشرق الأوسط") == "شرق اوسط"
    assert name_keys.bare_key("أردوغان،") == name_keys.bare_key("اردوغان") == "اردوغان"
    assert name_keys.name_key("Erdoğan") == name_keys.name_key("erdogan") == ("erdogan",)
    assert name_keys.word_key("الى") == "الى"  # too short a rest to drop the article from


def test_linking_reads_the_same_keys_as_the_store() -> None:
    assert linking_keys.name_key is name_keys.name_key
    assert linking_keys.word_key is name_keys.word_key
