from hypothesis import given
from hypothesis import strategies as st

from marsad.record import Article, DateMention, Entity, Point, Source, stable_id


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


def test_span_rejects_offsets_outside_the_text():
    import pytest

    article = Article(id="x", source=Source(), text="نص")
    with pytest.raises(ValueError):
        article.span(1, 5)
    with pytest.raises(ValueError):
        article.span(2, 1)


def test_records_from_newer_writers_are_read():
    data = Article(id="x", source=Source(), text="قال بوتين", entities=[Entity(4, 9, "بوتين", "PER")]).to_dict()
    data["sentiment"] = 0.3  # fields a later version may add, at any level
    data["source"]["crawl"] = "2024-11"
    data["entities"][0]["confidence"] = 0.9
    article = Article.from_dict(data)
    assert article.entities == [Entity(4, 9, "بوتين", "PER")] and article.source == Source()


@given(st.text(max_size=50), st.data())
def test_spans_of_the_record_round_trip(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    article = Article(id="x", source=Source(), text=text, points=[Point(start, end, "1", text[start:end])])
    again = Article.from_json(article.to_json())
    (point,) = again.points
    assert again.text[point.start : point.end] == point.text


@given(st.text(max_size=50), st.data())
def test_article_span_matches_its_text(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = Article(id="x", source=Source(), text=text).span(start, end)
    assert (span.start, span.end) == (start, end) and span.text == text[start:end]
