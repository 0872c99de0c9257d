"""The Ray engine: the same stage list, run by actors on a Ray cluster (or a local Ray).

Inputs are cut into *shards*: a whole file, or a byte range of a large
uncompressed JSON-lines file (whole lines, numbered as in the file). Only shard
descriptors travel to the workers, never documents: each worker reads its shard
itself, so every worker must see the input paths (a shared file system). One
actor per worker builds the pipeline once and keeps its models loaded.

This process is the single writer. Shards come back in input order and reach
the sink in that order, so the store is the same as the local engine's, id for
id and span for span. Each shard is recorded in the store once its results are
written (and each file once its last shard is); after a crash, a rerun skips
finished shards and finished files.

An actor that dies on a shard (killed for memory, a crash in native code) is
restarted by Ray; the shard becomes one ``worker_died`` failure and the run goes
on. Neither the shard nor its file is recorded as finished, so a rerun tries them
again. When every actor is dead for good (one that cannot even start), the run
stops with ``WorkersLost``, the finished shards kept.

Ray is an optional dependency (``pip install 'marsad[ray]'``), imported here only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from marsad.engines.local import EndOfInput, Result, Sink, Tally, apply, consume, pending_inputs
from marsad.errors import WORKER_DIED, WorkersLost
from marsad.pipeline import FailedDocument, Pipeline, RunSummary
from marsad.sources import InputStamp, Limits, read_file
from marsad.sources.files import refused
from marsad.sources.jsonl import read_byte_range
from marsad.sources.sniff import compression, text_format

# Uncompressed JSON-lines files larger than this are read in ranges of this size.
SHARD_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Shard:
    """A unit of work: a whole file, or the lines of a JSON-lines file starting in [start, end)."""

    path: str
    start: int = 0
    end: int | None = None
    last: bool = True

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end if self.end is not None else 'end'}"


def plan(path: str, shard_bytes: int | None = None) -> list[Shard]:
    """The shards of one input: byte ranges for a large plain JSON-lines file, else the file."""
    shard_bytes = shard_bytes or SHARD_BYTES
    if path == "-" or refused(path) or not os.path.isfile(path) or os.path.getsize(path) <= shard_bytes:
        return [Shard(path)]
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if compression(head) or text_format(head.decode("utf-8", "replace"), path) != "jsonl":
        return [Shard(path)]
    size = os.path.getsize(path)
    starts = list(range(0, size, shard_bytes))
    return [Shard(path, start, min(start + shard_bytes, size), start + shard_bytes >= size) for start in starts]


class ShardWorker:
    """Lives in a Ray actor: reads shards and runs extraction and the stages."""

    def __init__(self, pipeline: Pipeline, limits: Limits) -> None:
        self.pipeline = pipeline
        self.limits = limits

    def process(self, shard: Shard) -> list[Result]:
        """Every result of the shard, in input order."""
        if shard.end is None:
            items = read_file(shard.path, self.limits)
        else:
            items = read_byte_range(shard.path, shard.start, shard.end, self.limits)
        return [apply(item, self.pipeline, self.limits) for item in items]


def _work(pending: list[tuple[str, InputStamp | None]], sink: Sink) -> Iterator[tuple[Shard, InputStamp | None]]:
    """The shards still to do: every shard of every pending input, less those written before."""
    for path, stamp in pending:
        for shard in plan(path):
            if shard.end is None or not sink.shard_done(stamp, shard.key):
                yield shard, stamp


def run(
    paths: Iterable[str],
    pipeline: Pipeline,
    sink: Sink,
    limits: Limits = Limits(),
    workers: int = 2,
    address: str | None = None,
    on_input: Callable[[str], None] | None = None,
) -> RunSummary:
    """Like :func:`marsad.engines.local.run`, with the per-article work on Ray actors."""
    import ray
    from ray.exceptions import RayActorError
    from ray.util import ActorPool

    summary = RunSummary()
    work = list(_work(pending_inputs(paths, sink, summary, on_input, limits.follow_links), sink))
    if not ray.is_initialized():
        options: dict[str, Any] = {"address": address, "include_dashboard": False, "log_to_driver": False}
        if address is None:
            options["num_cpus"] = workers
        ray.init(**options)
    actor = ray.remote(num_cpus=1, max_restarts=-1)(ShardWorker)
    pool = ActorPool([actor.remote(pipeline, limits) for _ in range(workers)])
    for item in work:
        pool.submit(lambda worker, item: worker.process.remote(item[0]), item)
    tally = Tally()
    unfinished: set[str] = set()  # files with a shard whose actor died
    for shard, stamp in work:
        if not pool.has_next():  # the pool drops actors Ray reports dead for good, and ran out
            last = summary.failures[-1].message if summary.failures else "no error reported"
            raise WorkersLost(f"every Ray worker died (last: {last}); a rerun resumes after the finished shards")
        try:
            result: list[Result] = pool.get_next()
            died = False
        except RayActorError as e:
            result, died = [_worker_died(shard, e)], True
            unfinished.add(shard.path)
        # A file's counts run on over its shards; only its last shard closes it.
        closes = shard.last and shard.path not in unfinished
        consume([*result, EndOfInput(stamp, shard.path)] if closes else result, sink, summary, on_input, tally)
        if shard.last and not closes:
            tally.close(sink, shard.path)
        if shard.end is not None and not died:  # committed with the shard's articles
            sink.shard_finished(stamp, shard.key)
    return summary


def _worker_died(shard: Shard, error: Exception) -> FailedDocument:
    """The failure standing for a shard whose actor died on it."""
    where = f"bytes {shard.key} of the file" if shard.end is not None else "the file"
    return FailedDocument(shard.path, shard.key if shard.end is not None else None, WORKER_DIED,
                          f"the Ray worker died on {where} ({type(error).__name__}); a rerun tries it again",
                          None, "process")
