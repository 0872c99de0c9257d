"""Extraction and republisher clean-up, on fixtures written for these tests."""

from __future__ import annotations

import pytest

from marsad.extract import extract, text_draft
from marsad.extract.cleanup import Draft, clean, dateline_outlet
from marsad.record import Source
from marsad.sources import RawDocument, read_file

RELATED = [
    "الأردن وسوريا يبحثان ملف المياه في اجتماع عمّان",
    "ارتفاع حركة الشحن عبر ميناء العقبة بنسبة 12 في المئة",
    "وفاة سائق شاحنة في حادث سير قرب الرمثا",
]


def html_document(html: str, url: str | None = "https://news.example/a/1") -> RawDocument:
    return RawDocument(body=html, kind="html", source=Source(None, url, "html"), identity=html.encode())


def test_republished_text_page_is_cleaned(republished):
    article = extract(next(read_file(str(republished))))
    assert article.title == "مسؤول أردني يكشف تفاصيل خطة لإعادة فتح معبر جابر"
    assert article.site == "شبكة الحدث الآن"
    assert article.outlet == "وكالة أنباء المشرق"
    assert article.text.startswith("كشف مسؤول رفيع المستوى")
    assert article.text.endswith("تهريب المخدرات عبر الحدود.")
    assert [r.title for r in article.related] == RELATED
    assert not any(headline in article.text for headline in RELATED)
    assert "شارك على فيسبوك" not in article.text
    kinds = [b.kind for b in article.boilerplate]
    for kind in ("title_suffix", "repeated_title", "credit_line", "related", "share"):
        assert kind in kinds
    assert article.lang == "ar"


def test_same_input_same_id(republished):
    first = extract(next(read_file(str(republished))))
    second = extract(next(read_file(str(republished))))
    assert first.id == second.id and len(first.id) == 16


def test_title_with_a_dash_inside_is_not_cut():
    draft = clean(Draft(title="سوريا - تركيا", lines=["نص طويل بما يكفي ليكون فقرة كاملة من الخبر هنا."]))
    assert draft.title == "سوريا - تركيا" and draft.site is None


def test_suffix_matching_a_known_site_is_cut_even_when_long():
    draft = clean(Draft(title="اتفاق | شبكة الأخبار العربية المستقلة", lines=["فقرة."], site="شبكة الأخبار العربية المستقلة"))
    assert draft.title == "اتفاق"


def test_inline_read_also_lines_leave_the_body():
    draft = clean(
        Draft(
            title="عنوان",
            lines=[
                "فقرة أولى طويلة من الخبر تتحدث عن الاجتماع في عمّان وما دار فيه.",
                "اقرأ أيضاً: وزير الخارجية يصل إلى القاهرة",
                "فقرة ثانية طويلة من الخبر تتحدث عن نتائج الاجتماع وما بعده.",
            ],
        )
    )
    assert [r.title for r in draft.related] == ["وزير الخارجية يصل إلى القاهرة"]
    assert len(draft.lines) == 2


def test_credit_at_the_end_names_the_outlet():
    draft = clean(Draft(title="عنوان", lines=["فقرة طويلة من الخبر تتحدث عن الاجتماع في عمّان وما دار فيه.", "المصدر: وكالة الأناضول"]))
    assert draft.outlet == "وكالة الأناضول"
    assert draft.lines == ["فقرة طويلة من الخبر تتحدث عن الاجتماع في عمّان وما دار فيه."]


PARAGRAPH = "قال وزير النقل إن العمل في الميناء الجديد سيبدأ الشهر المقبل بعد اكتمال الأرصفة والمخازن كلها."


@pytest.mark.parametrize(
    ("label", "outlet", "kind"),
    [
        ("صدى نيوز", "صدى نيوز", "credit_line"),  # a media word
        ("الرياض - أ.ش.أ", "أ.ش.أ", "credit_line"),  # place, dash, an agency
        ("سامي الورداني", None, "label"),  # a reporter's name
        ("سامي الورداني - هالة منير", None, "label"),  # two of them
        ("إجراءات أمنية مشددة", None, "label"),  # a caption
    ],
)
def test_a_short_label_above_the_text_is_an_outlet_only_when_it_names_a_medium(label, outlet, kind):
    draft = clean(Draft(title="عنوان", lines=[label, PARAGRAPH]))
    assert draft.outlet == outlet
    assert [(b.kind, b.text) for b in draft.boilerplate] == [(kind, label)]
    assert draft.lines == [PARAGRAPH]


def test_a_label_the_dateline_credits_is_the_outlet():
    draft = clean(Draft(title="عنوان", lines=["الفجر الجديد", "بغداد (الفجر الجديد) - " + PARAGRAPH]))
    assert draft.outlet == "الفجر الجديد"
    assert draft.boilerplate[0].kind == "credit_line"


def test_dateline_credits():
    assert dateline_outlet("القاهرة (رويترز) - قال مسؤول") == "رويترز"
    assert dateline_outlet("عمّان - وكالة الأنباء الأردنية - دعا الوزير") == "وكالة الأنباء الأردنية"
    assert dateline_outlet("دمشق (خاص) - قال مسؤول") is None
    assert dateline_outlet("كشف مصدر دبلوماسي في وزارة الخارجية، عما توصل إليه") is None
    # An aside between dashes is not a credit; an agency between them is.
    assert dateline_outlet("هتف متظاهرون - مشاركون في مسيرة الأمس - بسقوط الحكومة") is None
    assert dateline_outlet("بيروت - د ب أ - قال مسؤول") == "د ب أ"


@pytest.mark.parametrize("label", ["أسوان ـ أ ش أ:", "أسوان — أ.ش.أ"])
def test_a_place_before_an_agency_is_not_part_of_the_outlet(label):
    draft = clean(Draft(title="عنوان", lines=[label, PARAGRAPH]))
    assert draft.outlet in {"أ ش أ", "أ.ش.أ"}
    assert [b.kind for b in draft.boilerplate] == ["credit_line"]


def test_first_line_is_a_headline_only_when_shaped_like_one():
    assert text_draft("عنوان قصير\nفقرة.").title == "عنوان قصير"
    assert text_draft("هذه جملة تامة تنتهي بنقطة.\nفقرة ثانية.").title is None


PAGE = """<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>الجيش يعلن السيطرة على الحريق | صوت الجنوب</title>
<meta property="og:site_name" content="صوت الجنوب">
<meta property="article:published_time" content="2024-11-27T08:00:00Z">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a></nav>
<article><h1>الجيش يعلن السيطرة على الحريق</h1>
<p>أعلن الجيش، صباح الأربعاء، السيطرة على حريق اندلع في أحراج بلدة القبيات شمالي البلاد، بعد ساعات من العمل المتواصل لفرق الإطفاء والدفاع المدني.</p>
<p>وقال مصدر عسكري لوكالة الأنباء الرسمية إن الحريق أتى على نحو 40 هكتاراً من الأشجار الحرجية، مؤكداً أن أسباب اندلاعه لا تزال قيد التحقيق.</p>
<p>اقرأ أيضاً: <a href="/news/22">موجة حر تضرب البلاد نهاية الأسبوع</a></p>
<p>وأضاف المصدر أن طوافات الجيش شاركت في عمليات الإخماد، فيما عملت فرق الدفاع المدني على تبريد المنطقة لمنع تجدد النيران.</p>
</article>
<div class="related"><h3>أخبار ذات صلة</h3><ul>
<li><a href="/news/10">حرائق الغابات تلتهم مساحات واسعة في الشمال</a></li>
<li><a href="/news/11">الدفاع المدني يطلب تعزيزات لمواجهة الحرائق</a></li>
</ul></div>
<footer>جميع الحقوق محفوظة © صوت الجنوب 2024</footer>
</body></html>"""


def test_html_page_main_text_metadata_and_related_links():
    article = extract(html_document(PAGE))
    assert article.title == "الجيش يعلن السيطرة على الحريق"
    assert article.site == "صوت الجنوب"
    assert article.published == "2024-11-27"
    assert article.text.startswith("أعلن الجيش")
    assert "وأضاف المصدر" in article.text
    assert "موجة حر" not in article.text and "جميع الحقوق" not in article.text
    related = {r.title: r.url for r in article.related}
    assert related["موجة حر تضرب البلاد نهاية الأسبوع"] == "https://news.example/news/22"
    assert related["حرائق الغابات تلتهم مساحات واسعة في الشمال"] == "https://news.example/news/10"
    assert "title_suffix" in [b.kind for b in article.boilerplate]


def test_language_identification():
    from marsad.extract.lang import language

    assert language("قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في مدينة سوتشي الروسية.") == "ar"
    assert language("The foreign minister said the talks would resume next week in the Russian city of Sochi.") == "en"
    assert language("وزیر امور خارجه گفت که مذاکرات هفته آینده در شهر سوچی روسیه از سر گرفته می‌شود.") == "fa"
    assert language("..") is None


def test_published_dates_are_normalised_to_iso():
    from marsad.extract.published import iso_published

    assert iso_published("2025-03-20T10:30:00+02:00") == "2025-03-20T10:30:00+02:00"
    assert iso_published("2025-03-20") == "2025-03-20"
    assert iso_published("2025-03-20T10:30:00Z") == "2025-03-20T10:30:00+00:00"
    assert iso_published("Mon, 12 Mar 2020 10:00:00 GMT") == "2020-03-12T10:00:00+00:00"
    assert iso_published("2020/03/12") == iso_published("12/03/2020") == "2020-03-12"
    assert iso_published("12 Mar 2020") == "2020-03-12"
    assert (iso_published("2020-03"), iso_published("2020")) == ("2020-03", "2020")  # ISO, lower precision
    for bad in ("yesterday", "2020-13-45", "31/02/2020", "", None):
        assert iso_published(bad) is None


def test_a_bad_published_value_is_dropped_with_a_note():
    raw = RawDocument(body="نص الخبر عن الاجتماع في عمّان اليوم.", kind="text", source=Source(None, None, "jsonl"),
                      identity=b"x", meta={"published": "next tuesday"})
    article = extract(raw)
    assert article.published is None
    assert [(e.stage, e.code) for e in article.errors] == [("extract", "bad_date")]
