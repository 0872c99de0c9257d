"""The local engine: runs the stage list over every input, in this process or a pool.

The engine owns the loop, the error capture and the counting; stages and sinks
hold no loop of their own. Inputs are read in the main process (readers are
I/O bound and cheap); extraction and the analysis stages, the expensive part,
run in ``workers`` processes when asked, in input order, so results are the
same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from marsad.errors import DocumentError, MarsadError
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


def _items(paths: Iterable[str], sink: Sink, limits: Limits, summary: RunSummary,
           on_input: Callable[[str], None] | None) -> Iterator[RawDocument | Failure | EndOfInput]:
    """Raw documents of every input not skipped, each file closed by an end marker."""
    for path in paths:
        if on_input:
            on_input(path)
        stamp = InputStamp.of(path) if path != "-" else None
        if stamp is not None and sink.skip_input(stamp):
            summary.skipped_inputs += 1
            continue
        yield from read_file(path, limits)
        yield EndOfInput(stamp)


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


def run(
    paths: Iterable[str],
    pipeline: Pipeline,
    sink: Sink,
    limits: Limits = Limits(),
    workers: int = 1,
    on_input: Callable[[str], None] | None = None,
) -> RunSummary:
    """Read, extract and analyse every input into ``sink``; count what happened."""
    summary = RunSummary()
    items = _items(expand(paths), sink, limits, summary, on_input)
    if workers > 1:
        context = multiprocessing.get_context("forkserver" if os.name != "nt" else "spawn")
        with context.Pool(workers, initializer=_Worker.init, initargs=(pipeline,)) as pool:
            consume(pool.imap(_Worker.apply, items, chunksize=4), sink, summary)
    else:
        consume((apply(item, pipeline) for item in items), sink, summary)
    return summary


def consume(results: Iterable[Result], sink: Sink, summary: RunSummary) -> None:
    """Hand results to the sink in order, counting them in ``summary``."""
    articles = failures = 0
    for result in results:
        if isinstance(result, EndOfInput):
            if result.stamp is not None:
                sink.input_finished(result.stamp, articles, failures)
            articles = failures = 0
        elif isinstance(result, FailedDocument):
            summary.documents += 1
            summary.failures.append(result)
            failures += 1
            sink.failure(result)
        else:
            summary.documents += 1
            summary.articles += 1
            articles += 1
            summary.stage_errors.update(note.stage for note in result.errors if note.stage != "decode")
            if sink.article(result):
                summary.stored += 1
            else:
                summary.unchanged += 1
