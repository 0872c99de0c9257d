from hypothesis import given
from hypothesis import strategies as st

from marsad.text.normalize import normalize, normalize_with_map

ARABIC_HEAVY = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.sampled_from(list("abcXYZ 123.,\n\u200f\u0640")),
    ),
    max_size=80,
)


def test_folds_spelling_variants_to_one_form():
    assert normalize("إِدْلِب") == normalize("ادلب") == normalize("أدلب")
    assert normalize("مصطفى") == normalize("مصطفي")
    assert normalize("مدينة") == normalize("مدينه")
    assert normalize("مدينة", fold_taa=False) == "مدينة"
    assert normalize("٢٠٢٠ ۲۰۲۰") == "2020 2020"
    assert normalize("ﻻ") == "لا"
    assert normalize("الـــرئيس") == "الرئيس"
    assert normalize("Putin") == "putin"
    assert normalize("a\u200fb") == "ab"


def test_offsets_point_back_to_the_original():
    original = "وبِإِدْلِبَ ﻻ"
    mapped = normalize_with_map(original)
    assert mapped.text == "وبادلب لا"
    start, end = mapped.original_span(2, 6)  # "ادلب"
    assert original[start:end] == "إِدْلِب"
    assert mapped.original_span(7, 9) == (12, 13)  # the ligature expands to two letters


@given(st.text(max_size=60))
def test_normalisation_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(ARABIC_HEAVY)
def test_idempotent_on_arabic_and_presentation_forms(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.one_of(st.text(max_size=60), ARABIC_HEAVY))
def test_map_agrees_with_fast_path(text):
    mapped = normalize_with_map(text)
    assert mapped.text == normalize(text)
    assert len(mapped.offsets) == len(mapped.text) + 1
    assert all(0 <= o <= len(text) for o in mapped.offsets)
    assert list(mapped.offsets) == sorted(mapped.offsets)
