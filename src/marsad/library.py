"""The Python interface: ``marsad.process`` and ``marsad.open_store``.

The CLI, the HTTP API and the tests call these same functions.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from marsad.engines.local import process_document, results
from marsad.pipeline import FailedDocument, Pipeline, Stage
from marsad.record import Article, Source
from marsad.sources import Limits, RawDocument
from marsad.sources.sniff import text_format
from marsad.store import DEFAULT_PATH, Store

log = logging.getLogger(__name__)


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


def process(
    path_or_text: str | os.PathLike[str],
    pipeline: Pipeline | None = None,
    limits: Limits = Limits(),
    on_failure: Callable[[FailedDocument], None] | None = None,
) -> Iterator[Article]:
    """Clean, analysed records of a file, a folder, or a string of text or HTML, one at a time.

    A string that names an existing path is read as that path; any other string
    (one with a line break, or too long to be a path) is processed as a document.
    A document that fails is handed to ``on_failure`` (default: logged as a
    warning with its reason code) and the others go on.
    """
    pipeline = pipeline or default_pipeline()
    report = on_failure or _log_failure
    if _is_path(path_or_text):
        for result in results([os.fspath(path_or_text)], pipeline, limits):
            if isinstance(result, Article):
                yield result
            else:
                report(result)
        return
    text = str(path_or_text)
    kind = "html" if text_format(text[:4096]) == "html" else "text"
    identity = text.encode("utf-8", "surrogatepass")
    raw = RawDocument(body=text, kind=kind, source=Source(None, None, kind), identity=identity)
    result = process_document(raw, pipeline)
    if isinstance(result, Article):
        yield result
    else:
        report(result)


def _is_path(value: str | os.PathLike[str]) -> bool:
    if isinstance(value, os.PathLike):
        return True
    if "\n" in value or len(value) > 4096:
        return False
    try:
        return Path(value).exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False


def _log_failure(failed: FailedDocument) -> None:
    where = (failed.path or "-") + (f"#{failed.member}" if failed.member else "")
    log.warning("%s: %s (%s)", where, failed.message, failed.code)


def open_store(path: str = DEFAULT_PATH) -> Store:
    """Open (or create) the store at ``path`` for queries and writes."""
    return Store(path)


__all__ = ["default_pipeline", "default_stages", "open_store", "process"]
