"""A small store for the API and web tests, built from our own Arabic fixtures."""

from __future__ import annotations

from pathlib import Path

from marsad.corpus import update_corpus
from marsad.engines.local import run
from marsad.engines.sinks import StoreSink
from marsad.library import default_pipeline
from marsad.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b onmouseover=alert(1)>")


def build_store(path: Path, *inputs: Path) -> str:
    """Ingest the fixtures (and ``inputs``) into a store at ``path``, as `marsad ingest` does."""
    with Store(str(path)) as store:
        store.start_run("test")
        summary = run([str(FIXTURES), *map(str, inputs)], default_pipeline(), StoreSink(store))
        update_corpus(store)
        store.finish_run(summary.to_dict())
    return str(path)
