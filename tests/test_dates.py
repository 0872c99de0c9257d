"""Tests for date mentions: spans, values, grains and the dateline helper."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.analyse.dates import DateStage, find_dates, parse_published, publication_date_from_dateline
from marsad.pipeline import Pipeline
from marsad.record import Article, Source

FRIDAY = dt.date(2024, 11, 29)


def values(text: str, published: dt.date | None = None) -> list[tuple[str, str | None, str]]:
    """(text, value, grain) of each mention."""
    return [(m.text, m.value, m.grain) for m in find_dates(text, published)]


def test_paired_month_name_with_year() -> None:
    text = "وفي مارس/آذار 2020، توصلت تركيا وروسيا إلى اتفاق حول المنطقة."
    assert values(text) == [("مارس/آذار 2020", "2020-03", "month")]
    assert values("أعلن في آذار/مارس 2020 عن الخطة") == [("آذار/مارس 2020", "2020-03", "month")]
    assert values("أعلن في شباط (فبراير) 2021 عن الخطة") == [("شباط (فبراير) 2021", "2021-02", "month")]
    assert values("في مارس 2020") == [("مارس 2020", "2020-03", "month")]


def test_full_date_and_weekday() -> None:
    assert values("اجتمع الطرفان في 27 نوفمبر 2024 بالعاصمة") == [("27 نوفمبر 2024", "2024-11-27", "day")]
    assert values("الأربعاء، 27 نوفمبر 2024") == [("الأربعاء، 27 نوفمبر 2024", "2024-11-27", "day")]
    assert values("صدر القرار في 3 كانون الثاني 2023") == [("3 كانون الثاني 2023", "2023-01-03", "day")]


def test_arabic_indic_digits() -> None:
    assert values("وصل الوفد يوم ٢٧ نوفمبر ٢٠٢٤ إلى المدينة") == [("٢٧ نوفمبر ٢٠٢٤", "2024-11-27", "day")]


def test_maghrebi_months() -> None:
    assert values("انطلقت الحملة في 5 جويلية 2022 وتنتهي في أوت 2022") == [
        ("5 جويلية 2022", "2022-07-05", "day"),
        ("أوت 2022", "2022-08", "month"),
    ]
    assert values("جرت الانتخابات يوم 12 جوان 2021") == [("12 جوان 2021", "2021-06-12", "day")]


def test_years_need_a_year_word_or_month() -> None:
    assert values("استناداً على القرار الدولي 2254 الصادر") == []
    assert values("منذ عام 2019 وحتى سنة 2021") == [
        ("عام 2019", "2019", "year"),
        ("سنة 2021", "2021", "year"),
    ]
    assert values("في العام 2011 اندلعت الاحتجاجات") == [("العام 2011", "2011", "year")]
    assert values("وصل عدد المشاركين إلى 2019 شخصاً") == []


def test_bare_month_word_is_not_a_date() -> None:
    assert values("مارس الحزب ضغوطاً كبيرة على الحكومة") == []


def test_day_month_without_year() -> None:
    assert values("وقع الاتفاق في 27 نوفمبر") == [("27 نوفمبر", None, "day")]
    assert values("وقع الاتفاق في 27 نوفمبر", FRIDAY) == [("27 نوفمبر", "2024-11-27", "day")]
    assert values("بدأت الحملة في 5 ديسمبر", FRIDAY) == [("5 ديسمبر", "2024-12-05", "day")]
    assert values("بدأت الحملة في 20 ديسمبر", FRIDAY) == [("20 ديسمبر", "2023-12-20", "day")]
    assert values("في مارس الماضي", FRIDAY) == [("مارس الماضي", "2024-03", "month")]


def test_weekday_relative_to_publication() -> None:
    text = "خلال لقائهما في مدينة سوتشي يوم الأربعاء"
    assert values(text) == [("يوم الأربعاء", None, "weekday")]
    assert values(text, FRIDAY) == [("يوم الأربعاء", "2024-11-27", "day")]
    assert values("التقيا الأربعاء الماضي", FRIDAY) == [("الأربعاء الماضي", "2024-11-27", "day")]
    assert values("التقيا الجمعة الماضي", FRIDAY) == [("الجمعة الماضي", "2024-11-22", "day")]
    assert values("سيلتقيان الأحد المقبل", FRIDAY) == [("الأحد المقبل", "2024-12-01", "day")]
    assert values("شارك الأحد عشر لاعباً") == []


def test_relative_days_weeks_months() -> None:
    assert values("وقال الوزير أمس إن", FRIDAY) == [("أمس", "2024-11-28", "day")]
    assert values("وقعت الحادثة البارحة", FRIDAY) == [("البارحة", "2024-11-28", "day")]
    assert values("أعلنت الوزارة اليوم الجمعة", FRIDAY) == [("اليوم الجمعة", "2024-11-29", "day")]
    assert values("وقال اليوم، إن", FRIDAY) == [("اليوم", "2024-11-29", "day")]
    assert values("الأسبوع الماضي", FRIDAY) == [("الأسبوع الماضي", "2024-W47", "week")]
    assert values("الشهر الماضي") == [("الشهر الماضي", None, "month")]
    assert values("الشهر الماضي", FRIDAY) == [("الشهر الماضي", "2024-10", "month")]


def test_today_in_names_is_not_a_date() -> None:
    assert values("نقلت صحيفة اليوم السابع عن مصدر", FRIDAY) == []
    assert values("كما أفادت قناة روسيا اليوم", FRIDAY) == []
    assert values("وفي اليوم التالي عاد الوفد", FRIDAY) == []


def test_hijri() -> None:
    assert values("يبدأ في 15 رمضان 1445 هـ") == [("15 رمضان 1445 هـ", "2024-03-25", "day")]
    assert values("في 10 ذو الحجة 1445هـ") == [("10 ذو الحجة 1445هـ", "2024-06-16", "day")]
    assert values("عام 1445 هـ") == []


def test_numeric_dates() -> None:
    assert values("بتاريخ 27/11/2024 و2024-11-28.") == [
        ("27/11/2024", "2024-11-27", "day"),
        ("2024-11-28", "2024-11-28", "day"),
    ]
    assert values("فاز الفريق 2-1 على ضيفه") == []


def test_overlaps_keep_the_longest() -> None:
    mentions = find_dates("الخميس 28 نوفمبر 2024 وأمس الخميس", FRIDAY)
    assert [m.text for m in mentions] == ["الخميس 28 نوفمبر 2024", "أمس الخميس"]


def test_dateline() -> None:
    assert publication_date_from_dateline("الأربعاء 27 نوفمبر 2024\nقال الوزير") == "2024-11-27"
    assert publication_date_from_dateline("دمشق - 12 آذار/مارس 2023 (وكالات) - أعلن") == "2023-03-12"
    assert publication_date_from_dateline("قال الوزير إن الوضع مستقر") is None


def test_stage() -> None:
    article = Article(
        id="a", source=Source(), text="التقى الوزيران يوم الأربعاء", published="2024-11-29T10:00:00"
    )
    Pipeline.of([DateStage()]).stages[0].process(article)
    assert [(d.value, d.grain) for d in article.dates] == [("2024-11-27", "day")]
    undated = Article(id="b", source=Source(), text="الجمعة 29 نوفمبر 2024\nالتقيا أمس")
    DateStage().process(undated)
    assert [d.value for d in undated.dates] == ["2024-11-29", "2024-11-28"]
    assert parse_published("bad") is None


def test_stage_says_which_date_places_the_article() -> None:
    published = Article(id="a", source=Source(), text="الجمعة 29 نوفمبر 2024\nنص", published="2024-11-30")
    assert DateStage().process(published).time == {"value": "2024-11-30", "from": "published"}
    dateline = Article(id="b", source=Source(), text="الجمعة 29 نوفمبر 2024\nنص")
    assert DateStage().process(dateline).time == {"value": "2024-11-29", "from": "dateline"}
    crawled = Article(id="c", source=Source(), text="نص بلا تاريخ", time={"value": "2024-11-27T10:00:00+00:00", "from": "crawl"})
    assert DateStage().process(crawled).time == {"value": "2024-11-27T10:00:00+00:00", "from": "crawl"}
    assert DateStage().process(Article(id="d", source=Source(), text="نص بلا تاريخ")).time is None


FRAGMENTS = [
    "في",
    "مارس/آذار 2020",
    "٢٧ نوفمبر ٢٠٢٤",
    "يوم الأربعاء",
    "الأربعاء الماضي",
    "أمس",
    "اليوم",
    "عام 2019",
    "القرار 2254",
    "15 رمضان 1445 هـ",
    "اليوم السابع",
    "الأسبوع الماضي",
    "غداً",
    "3 جوان",
    "مارَسَ",
    "الأحد عشر",
    "27/11/2024",
    "2-1",
    "،",
    ".",
    "\n",
    "ـ",
    "\u200f",
    "ً",
    "(",
    ")",
    "كانون  الثاني",
    "شهر",
    "ماي",
    "15",
    "2024م",
    "هـ",
    "أولاً:",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=14),
    st.lists(st.sampled_from(["", " ", "  ", "\n", "و"]), min_size=14, max_size=14),
    st.none() | st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
)
def test_spans_match_text(pieces: list[str], seps: list[str], published: dt.date | None) -> None:
    text = "".join(p + s for p, s in zip(pieces, seps, strict=False))
    mentions = find_dates(text, published)
    previous_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end and m.end > m.start
        previous_end = m.end
        assert m.grain in {"day", "week", "month", "year", "weekday"}
