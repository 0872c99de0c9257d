"""Tests for enumeration markers."""

from __future__ import annotations

from marsad.analyse.points import PointStage, find_points
from marsad.record import Article, Source


def labels(text: str) -> list[str]:
    """The labels of the points in ``text``, checking spans on the way."""
    points = find_points(text)
    for p in points:
        assert text[p.start : p.end] == p.text == p.label
    return [p.label for p in points]


def test_bracketed_items_in_order() -> None:
    text = (
        "وأوضح المصدر أن (البند الأول) تمثّل بالتأكيد على الالتزام بالاتفاق.\n\n"
        "وأشار إلى أن (البند الثاني)، تضمن تعليمات للمستوى العسكري.\n\n"
        "وتضمن (البند الثالث)، وفقاً للمصدر، إبقاء قنوات الاتصال."
    )
    assert labels(text) == ["البند الأول", "البند الثاني", "البند الثالث"]


def test_other_heads_and_compound_ordinals() -> None:
    assert labels("ناقش النقطة الأولى ثم المحور الثاني والبند الثاني عشر") == [
        "النقطة الأولى",
        "المحور الثاني",
        "البند الثاني عشر",
    ]
    assert labels("لا توجد بنود هنا وإنما البنود عامة") == []


def test_adverbial_enumerators() -> None:
    text = "أولاً: وقف إطلاق النار.\nثانياً، تبادل الأسرى.\nوثالثا - إعادة الإعمار.\nأخيراً: المتابعة."
    assert labels(text) == ["أولاً", "ثانياً", "ثالثا", "أخيراً"]
    assert labels("يجب أولاً أن نفهم الوضع") == []


def test_numbered_lines() -> None:
    text = "المطالب:\n1- وقف القصف\n2. فتح المعابر\n ٣) إطلاق المعتقلين\n(4) عودة اللاجئين"
    assert labels(text) == ["1-", "2.", "٣)", "(4)"]


def test_score_is_not_a_point() -> None:
    assert labels("فاز الفريق 2-1 على ضيفه في المباراة") == []
    assert labels("2-1 هي النتيجة\n1.5 مليون نازح") == []


def test_stage() -> None:
    article = Article(id="a", source=Source(), text="أولاً: كذا\nثانياً: كذا")
    assert [p.label for p in PointStage().process(article).points] == ["أولاً", "ثانياً"]
