from hypothesis import given
from hypothesis import strategies as st

from marsad.record import Article, DateMention, Entity, Source, stable_id


def test_json_round_trip_keeps_every_field():
    article = Article(
        id="x", source=Source("a.txt", "https://a.example", "text", "3"), text="قال بوتين إن الاتفاق صامد.", title="عنوان",
        entities=[Entity(4, 9, "بوتين", "PER", "Q7747", "فلاديمير بوتين")],
        dates=[DateMention(0, 3, "قال", None, "weekday")],
    )
    assert Article.from_json(article.to_json()) == article
    assert "بوتين" in article.to_json()  # non-ASCII kept as it is


def test_stable_id_depends_on_content_and_url_only():
    assert stable_id(b"abc") == stable_id(b"abc")
    assert stable_id(b"abc") != stable_id(b"abd")
    assert stable_id(b"abc", "https://a") != stable_id(b"abc", "https://b")


@given(st.text(max_size=50), st.data())
def test_spans_always_match_the_text(text, data):
    article = Article(id="x", source=Source(), text=text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = article.span(start, end)
    assert span.text == text[span.start : span.end]
