"""The Python interface: ``marsad.process`` and ``marsad.open_store``.

The CLI, the HTTP API and the tests call these same functions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from marsad.engines.local import process_document
from marsad.engines.local import run as run_local
from marsad.engines.sinks import ListSink
from marsad.pipeline import Pipeline, Stage
from marsad.record import Article, Source
from marsad.sources import Limits, RawDocument
from marsad.sources.sniff import text_format
from marsad.store import DEFAULT_PATH, Store


def default_stages() -> list[Stage]:
    """The per-article analysis stages marsad runs by default, in order."""
    from marsad.analyse.dates import DateStage
    from marsad.analyse.linking import LinkStage
    from marsad.analyse.ner.stage import EntityStage
    from marsad.analyse.points import PointStage
    from marsad.analyse.statements import StatementStage

    # Dates first: linking reads the publication date (who held an office then),
    # statements read the linked entities (speakers, media, affiliations).
    return [DateStage(), PointStage(), EntityStage(), LinkStage(), StatementStage()]


def default_pipeline() -> Pipeline:
    """A pipeline of :func:`default_stages`."""
    return Pipeline.of(default_stages())


def process(path_or_text: str | os.PathLike[str], pipeline: Pipeline | None = None,
            limits: Limits = Limits()) -> Iterator[Article]:
    """Clean, analysed records of a file, a folder, or a string of text or HTML.

    A string that names an existing path is read as that path; any other string
    is processed as a document itself. Documents that fail are skipped here (the
    CLI reports them); use :func:`marsad.engines.local.run` to see the failures.
    """
    pipeline = pipeline or default_pipeline()
    if isinstance(path_or_text, os.PathLike) or Path(str(path_or_text)).exists():
        sink = ListSink()
        run_local([os.fspath(path_or_text)], pipeline, sink, limits)
        yield from sink.articles
        return
    text = str(path_or_text)
    kind = "html" if text_format(text[:4096]) == "html" else "text"
    identity = text.encode("utf-8", "surrogatepass")
    raw = RawDocument(body=text, kind=kind, source=Source(None, None, kind), identity=identity)
    result = process_document(raw, pipeline)
    if isinstance(result, Article):
        yield result


def open_store(path: str = DEFAULT_PATH) -> Store:
    """Open (or create) the store at ``path`` for queries and writes."""
    return Store(path)


__all__ = ["default_pipeline", "default_stages", "open_store", "process"]
