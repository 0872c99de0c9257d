"""The bundled examples/ folder: the README's main job must work on a fresh clone."""

from __future__ import annotations

from conftest import EXAMPLES
from marsad.engines.local import run
from marsad.engines.sinks import ListSink, StoreSink
from marsad.library import default_pipeline
from marsad.store import Store


def test_examples_ingest_without_failures_and_are_searchable(db_path):
    with Store(db_path) as store:
        summary = run([str(EXAMPLES)], default_pipeline(), StoreSink(store))
        assert summary.failed == 0, summary.failures
        assert summary.articles >= 12
        assert store.search("وقف إطلاق النار")
        formats = {a.source.format for a in store.articles()}
    assert formats == {"text", "html", "jsonl", "warc"}


def test_examples_rerun_adds_nothing(db_path):
    with Store(db_path) as store:
        run([str(EXAMPLES)], default_pipeline(), StoreSink(store))
        again = run([str(EXAMPLES)], default_pipeline(), StoreSink(store))
    assert again.documents == 0 and again.skipped_inputs > 0


def test_examples_span_every_encoding():
    sink = ListSink()
    run([str(EXAMPLES)], default_pipeline(), sink)
    titles = {a.source.path.rsplit("/", 1)[-1]: a.title for a in sink.articles}
    assert titles["syria-refugee-returns-utf16.txt"]
    assert titles["iraq-budget-vote-cp1256.htm"] and "\ufffd" not in titles["iraq-budget-vote-cp1256.htm"]
    assert all(a.lang == "ar" for a in sink.articles)
