"""The Python interface: ``process`` (records, no store), ``ingest`` (into a store) and ``open_store``.

The CLI, the HTTP API and the tests call these same functions; ``marsad.process``
and ``marsad.open_store`` are re-exported by the package.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from marsad.corpus import update_corpus
from marsad.engines.local import process_document, results
from marsad.engines.local import run as run_local
from marsad.engines.sinks import StoreSink
from marsad.errors import UsageError
from marsad.pipeline import FailedDocument, Pipeline, RunSummary, Stage
from marsad.record import Article, Source
from marsad.sources import Limits, RawDocument, expand
from marsad.sources.sniff import text_format
from marsad.store import DEFAULT_PATH, Store

log = logging.getLogger(__name__)


def default_stages() -> list[Stage]:
    """The per-article analysis stages marsad runs by default, in order."""
    from marsad.analyse.dates import DateStage
    from marsad.analyse.linking import LinkStage
    from marsad.analyse.ner.stage import EntityStage
    from marsad.analyse.points import PointStage
    from marsad.analyse.provenance import ProvenanceStage
    from marsad.analyse.statements import StatementStage

    # Dates first: linking reads the publication date (who held an office then),
    # statements read the linked entities (speakers, media, affiliations), and
    # provenance reads the statements.
    return [DateStage(), PointStage(), EntityStage(), LinkStage(), StatementStage(), ProvenanceStage()]


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
    result = process_document(raw, pipeline, limits)
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


@dataclass(frozen=True)
class IngestResult:
    """What an ingest did: the engine's run summary and the copies/stories update counts."""

    summary: RunSummary
    corpus: dict[str, int]

    def to_dict(self) -> dict[str, object]:
        return {**self.summary.to_dict(), "corpus": self.corpus}


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int = 1,
    limits: Limits = Limits(),
    reprocess: bool = False,
    sink: StoreSink | None = None,
    on_input: Callable[[str], None] | None = None,
    command: str = "ingest",
) -> IngestResult:
    """Read, analyse and store ``paths``, then update copies and stories: one recorded run.

    The store's own files (the database and its journal) are never read as input.
    ``engine`` is ``local`` (processes on this machine) or ``ray`` (imported only then).
    """
    run_engine = _engine(engine, address)
    inputs = ingest_inputs(paths, store.path, limits.follow_links)
    store.start_run(command)
    summary = run_engine(inputs, default_pipeline(), sink or StoreSink(store, reprocess), limits, workers,
                         on_input=on_input)
    result = IngestResult(summary, update_corpus(store))
    store.finish_run(result.to_dict())
    return result


def ingest_inputs(paths: Iterable[str], store_path: str, follow_links: bool = False) -> list[str]:
    """Every input file under ``paths``, less the store's own database and journal files.

    Links in folders that lead outside them come back refused (read as a coded
    error) unless ``follow_links``.
    """
    own = _store_files(store_path)
    return [p for p in expand(paths, follow_links) if os.path.abspath(p) not in own]


def check_engine(name: str) -> None:
    """Raise a usage error for an engine marsad does not have (before anything is opened)."""
    if name not in ("local", "ray"):
        raise UsageError(f"unknown engine {name!r}: use local or ray")


def _engine(name: str, address: str | None) -> Callable[..., RunSummary]:
    check_engine(name)
    if name == "local":
        return run_local
    try:
        from marsad.engines.ray import run as run_ray
    except ImportError as e:
        raise UsageError("the ray engine needs Ray: pip install 'marsad[ray]'") from e
    return partial(run_ray, address=address)


def _store_files(path: str) -> set[str]:
    base = os.path.abspath(path)
    return {base, *(base + suffix for suffix in ("-wal", "-shm", "-journal"))}


def open_store(path: str = DEFAULT_PATH) -> Store:
    """Open (or create) the store at ``path`` for queries and writes."""
    return Store(path)


__all__ = ["IngestResult", "default_pipeline", "default_stages", "ingest", "open_store", "process"]
