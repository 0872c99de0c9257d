"""The local engine: runs the stage list over every input, in this process or a pool.

The engine owns the loop, the error capture and the counting; stages and sinks
hold no loop of their own. Inputs are read in the main process (readers are
I/O bound and cheap); extraction and the analysis stages, the expensive part,
run in ``workers`` processes when asked, in input order, so results are the
same whatever the number of workers. A document whose worker process dies (killed
for memory, a crash in native code) fails alone as ``worker_died``.

Failures are bounded: the first :data:`LISTED_FAILURES` of an input file go to
the sink one by one; the rest are counted by code, and each code becomes one
entry with its count when the file ends. A file of a million bad lines costs a
thousand error rows and a counter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from marsad.engines.pool import ordered_map
from marsad.errors import EXTRACT_FAILED, STAGE_FAILED, WORKER_DIED, DocumentError, MarsadError, Unreadable
from marsad.extract import extract
from marsad.pipeline import FailedDocument, Pipeline, RunSummary
from marsad.record import Article, ErrorNote, Source
from marsad.sources import Failure, InputStamp, Limits, RawDocument, expand, read_file
from marsad.sources.files import refused
from marsad.sources.valid import valid

# Failed documents of one input file handed to the sink one by one; the rest are counted.
LISTED_FAILURES = 1000


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
            code = e.code if isinstance(e, MarsadError) else STAGE_FAILED
            article.errors.append(ErrorNote(stage.name, code, f"{type(e).__name__}: {e}"))
    return article


def process_document(raw: RawDocument, pipeline: Pipeline, limits: Limits = Limits()) -> Article | FailedDocument:
    """One raw document through extraction and the stages, or the reason it failed."""
    try:
        article = extract(raw, limits)
    except DocumentError as e:
        return _failed(raw.source, e.code, e.message, "extract")
    except Exception as e:  # noqa: BLE001 - a parser crash on one page must not stop the batch
        return _failed(raw.source, EXTRACT_FAILED, f"{type(e).__name__}: {e}", "extract")
    return run_stages(article, pipeline)


def _failed(source: Source, code: str, message: str, stage: str = "read") -> FailedDocument:
    # A failure's strings reach the store and the terminal too: made valid like a document's.
    return FailedDocument(valid(source.path), valid(source.member), code, valid(message) or code,
                          valid(source.url), stage)


def pending_inputs(
    paths: Iterable[str],
    sink: Sink,
    summary: RunSummary,
    on_input: Callable[[str], None] | None = None,
    follow_links: bool = False,
) -> list[tuple[str, InputStamp | None]]:
    """The inputs to read, with their stamps; unchanged ones are skipped and counted.

    Decided here, in the calling thread, before any worker starts: the sink (a
    store) is only ever touched from one thread.
    """
    pending = []
    for path in expand(paths, follow_links):
        stamp = InputStamp.of(path) if path != "-" and not refused(path) else None
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
    limits: Limits = Limits()

    @classmethod
    def init(cls, pipeline: Pipeline, limits: Limits) -> None:
        cls.pipeline = pipeline
        cls.limits = limits

    @classmethod
    def apply(cls, item: RawDocument | Failure | EndOfInput) -> Result:
        assert cls.pipeline is not None
        return apply(item, cls.pipeline, cls.limits)


def apply(item: RawDocument | Failure | EndOfInput, pipeline: Pipeline, limits: Limits = Limits()) -> Result:
    """Process a raw document, turn a reader failure into a failed document, pass markers on."""
    if isinstance(item, RawDocument):
        return process_document(item, pipeline, limits)
    if isinstance(item, Failure):
        return _failed(item.source, item.code, item.error.message)
    return item


def _worker_died(item: RawDocument | Failure | EndOfInput) -> Result:
    """The result of an item whose worker process died on it, alone, twice."""
    if isinstance(item, RawDocument):
        return _failed(item.source, WORKER_DIED, "the worker process died on this document"
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
    items = read_inputs(pending_inputs(paths, sink, summary, on_input, limits.follow_links), limits)
    if workers > 1:
        pooled = ordered_map(_Worker.apply, items, workers, _worker_died, _Worker.init, (pipeline, limits))
        consume(pooled, sink, summary, on_input)
    else:
        consume((apply(item, pipeline, limits) for item in items), sink, summary, on_input)
    return summary


def results(paths: Iterable[str], pipeline: Pipeline, limits: Limits = Limits()) -> Iterator[Article | FailedDocument]:
    """Articles and failures of every input, in order, one at a time (no sink, no skipping)."""
    for item in read_inputs(((path, None) for path in expand(paths, limits.follow_links)), limits):
        result = apply(item, pipeline, limits)
        if not isinstance(result, EndOfInput):
            yield result


@dataclass
class Tally:
    """Articles and failures of the input being consumed (it may arrive in several parts).

    ``unlisted`` counts, by code, the failures past :data:`LISTED_FAILURES`.
    """

    articles: int = 0
    failures: int = 0
    unlisted: Counter[str] = field(default_factory=Counter)

    def fail(self, failed: FailedDocument, sink: Sink) -> None:
        """Count a failure; hand it to the sink while the input has listed fewer than the bound."""
        self.failures += 1
        if self.failures <= LISTED_FAILURES:
            sink.failure(failed)
        else:
            self.unlisted[failed.code] += 1

    def close(self, sink: Sink, path: str | None) -> None:
        """Give the sink one counted entry per code left unlisted, and start the next input."""
        for code, count in sorted(self.unlisted.items()):
            sink.failure(FailedDocument(
                valid(path), None, code,
                f"{count} more documents of this input failed with {code}; only the first"
                f" {LISTED_FAILURES} failures of an input are listed one by one", None, "read",
            ))
        self.articles = self.failures = 0
        self.unlisted.clear()


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
            articles, failures = tally.articles, tally.failures
            tally.close(sink, result.path)
            if result.stamp is not None:
                sink.input_finished(result.stamp, articles, failures)
            if on_input and result.path is not None:
                on_input(result.path)
        elif isinstance(result, FailedDocument):
            summary.documents += 1
            summary.add_failure(result)
            tally.fail(result, sink)
        else:
            summary.documents += 1
            summary.articles += 1
            tally.articles += 1
            summary.stage_errors.update(note.code for note in result.errors if note.stage != "decode")
            if sink.article(result):
                summary.stored += 1
            else:
                summary.unchanged += 1
