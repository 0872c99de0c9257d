"""Institution names by head noun and definite words (marsad.analyse.ner.institutions)."""

from __future__ import annotations

from marsad.analyse.ner.institutions import institutions, merge
from marsad.analyse.ner.tagger import Tagger
from marsad.text.tokens import tokenize


def names(sentence: str, tagged: list[tuple[int, int, str]] | None = None) -> list[str]:
    return [sentence[s:e] for s, e in institutions(sentence, tokenize(sentence), tagged or [])]


def test_head_and_definite_words() -> None:
    assert names("وقالت وزارة الداخلية إن الأمن مستقر") == ["وزارة الداخلية"]
    assert names("أقره مجلس الشورى أمس") == ["مجلس الشورى"]
    assert names("بيان حزب الحرية والعدالة اليوم") == ["حزب الحرية والعدالة"]
    assert names("تقرير الجهاز المركزي للمحاسبات") == ["الجهاز المركزي للمحاسبات"]


def test_clitic_before_the_head_stays_out() -> None:
    assert names("وأحالها لوزارة الصحة") == ["وزارة الصحة"]
    assert names("وبمجلس النواب") == ["مجلس النواب"]


def test_generic_phrases_are_not_names() -> None:
    assert names("اجتمع مجلس الإدارة صباحا") == []
    assert names("قررت المحكمة تأجيل القضية") == []
    assert names("وقالت المحكمة الجديدة") == []
    assert names("عضو مجلس") == []


def test_head_with_article_needs_a_naming_adjective() -> None:
    assert names("أحالتها إلى المحكمة الدستورية العليا") == ["المحكمة الدستورية العليا"]
    assert names("وقالت النيابة العامة") == ["النيابة العامة"]
    # Adjectives of data/ar/institution_naming.txt that the «ـي»/«ـية» ending does not catch.
    assert names("وقال المجلس الأعلى للقضاء") == ["المجلس الأعلى للقضاء"]
    assert names("وقالت الهيئة العامة للاستثمار") == ["الهيئة العامة للاستثمار"]
    assert names("وقال المجلس الحالي") == []


def test_qualifiers_stay_out_and_punctuation_ends_the_name() -> None:
    assert names("نائب مجلس الشعب السابق") == ["مجلس الشعب"]
    # A day (data/ar/institution_qualifiers.txt) or a weekday (data/ar/weekdays.tsv) dates the news.
    assert names("أعلنت وزارة الصحة اليوم") == ["وزارة الصحة"]
    assert names("قالت وزارة الداخلية الثلاثاء إن") == ["وزارة الداخلية"]
    assert names("وأكدت وزارة الخارجية الإثنين") == ["وزارة الخارجية"]
    assert names("وزارة الخارجية، الأمريكية") == ["وزارة الخارجية"]


def test_a_tagged_name_after_the_head_joins_it() -> None:
    sentence = "طلاب جامعة سوهاج"
    start = sentence.index("سوهاج")
    assert names(sentence, [(start, start + 5, "LOC")]) == ["جامعة سوهاج"]


def test_merge_replaces_inner_spans_and_respects_crossing_ones() -> None:
    assert merge([(6, 13, "LOC")], [(0, 13)]) == [(0, 13, "ORG")]
    assert merge([(0, 20, "ORG")], [(5, 25)]) == [(0, 20, "ORG")]
    assert merge([], [(0, 5)]) == [(0, 5, "ORG")]


def test_tagger_reports_institutions_as_org() -> None:
    text = "وقال متحدث باسم وزارة الداخلية إن مجلس النواب سيناقش القانون."
    found = {text[s:e]: label for s, e, label in Tagger().entities(text)}
    assert found.get("وزارة الداخلية") == "ORG"
    assert found.get("مجلس النواب") == "ORG"
