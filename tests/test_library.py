"""The Python interface: marsad.process and marsad.open_store."""

from __future__ import annotations

import logging

import marsad
from marsad.pipeline import FailedDocument


def test_process_text_of_any_length():
    text = "قال مسؤول في وزارة الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في عمّان.\n" * 300
    (article,) = list(marsad.process(text))
    assert article.lang == "ar" and article.text.startswith("قال مسؤول")


def test_process_html_string():
    html = "<html><head><title>عنوان</title></head><body><article><p>" + "نص الخبر عن حلب. " * 30 + "</p></article></body></html>"
    (article,) = list(marsad.process(html))
    assert "حلب" in article.text and article.source.format == "html"


def test_process_streams_a_folder_and_reports_failures(tmp_path, republished, caplog):
    (tmp_path / "a.txt").write_text(republished.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    failures: list[FailedDocument] = []
    records = marsad.process(str(tmp_path), on_failure=failures.append)
    first = next(records)  # a generator: the first record comes before the rest is read
    assert first.title and list(records) == []
    assert [f.code for f in failures] == ["empty"]
    with caplog.at_level(logging.WARNING):
        assert len(list(marsad.process(str(tmp_path)))) == 1
    assert "empty" in caplog.text


def test_open_store_searches(tmp_path, republished):
    from marsad.engines.local import run
    from marsad.engines.sinks import StoreSink
    from marsad.library import default_pipeline

    db = str(tmp_path / "m.db")
    with marsad.open_store(db) as store:
        run([str(republished)], default_pipeline(), StoreSink(store))
    with marsad.open_store(db) as store:
        assert store.search("معبر جابر")[0].title.startswith("مسؤول أردني")
