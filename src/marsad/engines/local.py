"""The local engine: runs the stage list over every input, in this process or a pool.

The engine owns the loop, the error capture and the counting; stages and sinks
hold no loop of their own. Inputs are read in the main process (readers are
I/O bound and cheap); extraction and the analysis stages, the expensive part,
run in ``workers`` processes when asked, in input order, so results are the
same whatever the number of workers. A document whose worker process dies (killed
for memory, a crash in native code) fails alone as ``worker_died``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from marsad.engines.pool import ordered_map
from marsad.errors import DocumentError, MarsadError, Unreadable
from marsad.extract import extract
from marsad.pipeline import FailedDocument, Pipeline, RunSummary
from marsad.record import Article, ErrorNote, Source
from marsad.sources import Failure, InputStamp, Limits, RawDocument, expand, read_file


class Sink(Protocol):
    """Where results go: stdout, a store, a list in a test."""

    def skip_input(self, stamp: InputStamp) -> bool:
        """Whether an input file is known and unchanged, so need not be read."""

    def article(self, article: Article) -> bool:
        """Take an article; True if it was new or changed."""

    def failure(self, failed: FailedDocument) -> None:
        """Take a document that produced no article."""

    def input_finished(self, stamp: InputStamp, articles: int, failures: int) -> None:
        """Called once every document of a file has been given to the sink."""

    def shard_done(self, stamp: InputStamp | None, key: str) -> bool:
        """Whether this part of an unchanged file was written by an earlier run."""

    def shard_finished(self, stamp: InputStamp | None, key: str) -> None:
        """Called once every document of a part of a file has been given to the sink."""


@dataclass(frozen=True)
class EndOfInput:
    """Marker flowing through the pool after a file's last document."""

    stamp: InputStamp | None
    path: str | None = None


Result = Article | FailedDocument | EndOfInput


def run_stages(article: Article, pipeline: Pipeline) -> Article:
    """Run every stage; a stage that raises leaves an error note and the rest go on."""
    for stage in pipeline.stages:
        try:
            article = stage.process(article)
        except Exception as e:  # noqa: BLE001 - one stage's bug must not lose the article
            code = e.code if isinstance(e, MarsadError) else "stage_failed"
            article.errors.append(ErrorNote(stage.name, code, f"{type(e).__name__}: {e}"))
    return article


def process_document(raw: RawDocument, pipeline: Pipeline) -> Article | FailedDocument:
    """One raw document through extraction and the stages, or the reason it failed."""
    try:
        article = extract(raw)
    except DocumentError as e:
        return _failed(raw.source, e.code, e.message, "extract")
    except Exception as e:  # noqa: BLE001 - a parser crash on one page must not stop the batch
        return _failed(raw.source, "extract_failed", f"{type(e).__name__}: {e}", "extract")
    return run_stages(article, pipeline)


def _failed(source: Source, code: str, message: str, stage: str = "read") -> FailedDocument:
    return FailedDocument(source.path, source.member, code, message, source.url, stage)


def pending_inputs(
    paths: Iterable[str], sink: Sink, summary: RunSummary, on_input: Callable[[str], None] | None = None
) -> list[tuple[str, InputStamp | None]]:
    """The inputs to read, with their stamps; unchanged ones are skipped and counted.

    Decided here, in the calling thread, before any worker starts: the sink (a
    store) is only ever touched from one thread.
    """
    pending = []
    for path in expand(paths):
        stamp = InputStamp.of(path) if path != "-" else None
        if stamp is not None and sink.skip_input(stamp):
            summary.skipped_inputs += 1
            if on_input:
                on_input(path)
            continue
        pending.append((path, stamp))
    return pending


def read_inputs(
    pending: Iterable[tuple[str, InputStamp | None]], limits: Limits
) -> Iterator[RawDocument | Failure | EndOfInput]:
    """Raw documents of every input, each file closed by an end marker.

    A reader that breaks on a file (a bug, not a bad document) costs that file
    only: it becomes a failure and the next file is read.
    """
    for path, stamp in pending:
        try:
            yield from read_file(path, limits)
        except Exception as e:  # noqa: BLE001 - one file's reader crash must not stop the batch
            yield Failure(Source(path), Unreadable(f"reader failed on {path}: {type(e).__name__}: {e}"))
        yield EndOfInput(stamp, path)


class _Worker:
    """Picklable function applied in pool processes; the pipeline is sent once."""

    pipeline: Pipeline | None = None

    @classmethod
    def init(cls, pipeline: Pipeline) -> None:
        cls.pipeline = pipeline

    @classmethod
    def apply(cls, item: RawDocument | Failure | EndOfInput) -> Result:
        assert cls.pipeline is not None
        return apply(item, cls.pipeline)


def apply(item: RawDocument | Failure | EndOfInput, pipeline: Pipeline) -> Result:
    """Process a raw document, turn a reader failure into a failed document, pass markers on."""
    if isinstance(item, RawDocument):
        return process_document(item, pipeline)
    if isinstance(item, Failure):
        return _failed(item.source, item.code, item.error.message)
    return item


def _worker_died(item: RawDocument | Failure | EndOfInput) -> Result:
    """The result of an item whose worker process died on it, alone, twice."""
    if isinstance(item, RawDocument):
        return _failed(item.source, "worker_died", "the worker process died on this document"
                       " (killed, out of memory, or a crash in native code)", "process")
    return apply(item, Pipeline())


def run(
    paths: Iterable[str],
    pipeline: Pipeline,
    sink: Sink,
    limits: Limits = Limits(),
    workers: int = 1,
    on_input: Callable[[str], None] | None = None,
) -> RunSummary:
    """Read, extract and analyse every input into ``sink``; count what happened.

    ``on_input`` is called with each input's path once it is done (or skipped).
    """
    summary = RunSummary()
    items = read_inputs(pending_inputs(paths, sink, summary, on_input), limits)
    if workers > 1:
        pooled = ordered_map(_Worker.apply, items, workers, _worker_died, _Worker.init, (pipeline,))
        consume(pooled, sink, summary, on_input)
    else:
        consume((apply(item, pipeline) for item in items), sink, summary, on_input)
    return summary


def results(paths: Iterable[str], pipeline: Pipeline, limits: Limits = Limits()) -> Iterator[Article | FailedDocument]:
    """Articles and failures of every input, in order, one at a time (no sink, no skipping)."""
    for item in read_inputs(((path, None) for path in expand(paths)), limits):
        result = apply(item, pipeline)
        if not isinstance(result, EndOfInput):
            yield result


@dataclass
class Tally:
    """Articles and failures of the input being consumed (it may arrive in several parts)."""

    articles: int = 0
    failures: int = 0


def consume(
    results: Iterable[Result],
    sink: Sink,
    summary: RunSummary,
    on_input: Callable[[str], None] | None = None,
    tally: Tally | None = None,
) -> None:
    """Hand results to the sink in order, counting them in ``summary``."""
    tally = tally or Tally()
    for result in results:
        if isinstance(result, EndOfInput):
            if result.stamp is not None:
                sink.input_finished(result.stamp, tally.articles, tally.failures)
            if on_input and result.path is not None:
                on_input(result.path)
            tally.articles = tally.failures = 0
        elif isinstance(result, FailedDocument):
            summary.documents += 1
            summary.failures.append(result)
            tally.failures += 1
            sink.failure(result)
        else:
            summary.documents += 1
            summary.articles += 1
            tally.articles += 1
            summary.stage_errors.update(note.code for note in result.errors if note.stage != "decode")
            if sink.article(result):
                summary.stored += 1
            else:
                summary.unchanged += 1
