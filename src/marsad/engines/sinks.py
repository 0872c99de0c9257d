"""Sinks: where an engine's results go (JSON lines on a stream, a store, a list)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TextIO

from marsad.pipeline import FailedDocument
from marsad.record import Article
from marsad.sources import InputStamp
from marsad.store import Store


class JsonLinesSink:
    """Writes each article as one line of JSON; reads every input (no store to compare)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def skip_input(self, stamp: InputStamp) -> bool:
        return False

    def article(self, article: Article) -> bool:
        self.stream.write(article.to_json() + "\n")
        return True

    def failure(self, failed: FailedDocument) -> None:
        """Failures are reported in the run summary on standard error, not mixed into the records."""

    def input_finished(self, stamp: InputStamp, articles: int, failures: int) -> None:
        """Nothing to remember between runs."""

    def shard_done(self, stamp: InputStamp | None, key: str) -> bool:
        return False

    def shard_finished(self, stamp: InputStamp | None, key: str) -> None:
        """Nothing to remember between runs."""


class StoreSink:
    """Upserts articles into a store, records errors, and skips unchanged inputs.

    ``remember_inputs=False`` records no finished inputs (for temporary files, such
    as uploads); ``rename`` maps an input path to the name records should carry.
    """

    def __init__(
        self,
        store: Store,
        reprocess: bool = False,
        remember_inputs: bool = True,
        rename: Callable[[str], str] | None = None,
    ) -> None:
        self.store = store
        self.reprocess = reprocess
        self.remember_inputs = remember_inputs
        self.rename = rename

    def skip_input(self, stamp: InputStamp) -> bool:
        return not self.reprocess and self.store.input_done(stamp)

    def article(self, article: Article) -> bool:
        if self.rename and article.source.path:
            article.source = replace(article.source, path=self.rename(article.source.path))
        if not self.store.changed(article):
            return False
        self.store.add(article)
        return True

    def failure(self, failed: FailedDocument) -> None:
        path = self.rename(failed.path) if self.rename and failed.path else failed.path
        self.store.add_error(path, failed.member, failed.url, failed.stage, failed.code, failed.message)

    def input_finished(self, stamp: InputStamp, articles: int, failures: int) -> None:
        if self.remember_inputs:
            self.store.mark_input(stamp, articles, failures)

    def shard_done(self, stamp: InputStamp | None, key: str) -> bool:
        return stamp is not None and not self.reprocess and self.store.shard_done(stamp, key)

    def shard_finished(self, stamp: InputStamp | None, key: str) -> None:
        if stamp is not None:
            self.store.mark_shard(stamp, key)


@dataclass
class ListSink:
    """Keeps everything in memory: for the Python API and tests."""

    articles: list[Article] = field(default_factory=list)
    failures: list[FailedDocument] = field(default_factory=list)

    def skip_input(self, stamp: InputStamp) -> bool:
        return False

    def article(self, article: Article) -> bool:
        self.articles.append(article)
        return True

    def failure(self, failed: FailedDocument) -> None:
        self.failures.append(failed)

    def input_finished(self, stamp: InputStamp, articles: int, failures: int) -> None:
        """Nothing to remember between runs."""

    def shard_done(self, stamp: InputStamp | None, key: str) -> bool:
        return False

    def shard_finished(self, stamp: InputStamp | None, key: str) -> None:
        """Nothing to remember between runs."""
