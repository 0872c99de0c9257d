"""Stages and pipelines: the shape every per-article step takes.

A stage is a small class that declares what it reads (``requires``) and what it
fills in (``provides``) and has one method, :meth:`Stage.process`, from an
article to the same article with more annotations. Stages never rewrite
``Article.text``. They load heavy resources lazily (on first ``process``), so a
stage is cheap to build and to send to another process.

A :class:`Pipeline` is an ordered list of stages, checked once for ordering
(every ``requires`` provided by an earlier stage or by extraction). Engines
(``marsad.engines``) own the loops, batching, counters and error capture.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from marsad.errors import UsageError
from marsad.record import Article

# Fields filled in by extraction, before any stage runs.
EXTRACTED = ("text", "title", "lang", "site", "outlet", "published", "boilerplate", "related")


class Stage(ABC):
    """One per-article step. Subclasses set ``name``, ``requires``, ``provides``."""

    name: ClassVar[str] = "stage"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def process(self, article: Article) -> Article:
        """Add this stage's annotations to ``article`` and return it."""


@dataclass(frozen=True)
class Pipeline:
    """An ordered list of stages whose requirements are met in order."""

    stages: tuple[Stage, ...] = ()

    def __post_init__(self) -> None:
        available = set(EXTRACTED)
        for stage in self.stages:
            missing = [need for need in stage.requires if need not in available]
            if missing:
                raise UsageError(f"stage {stage.name!r} needs {', '.join(missing)} from an earlier stage")
            available.update(stage.provides)

    @classmethod
    def of(cls, stages: Iterable[Stage]) -> Pipeline:
        return cls(tuple(stages))

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]


@dataclass
class FailedDocument:
    """A document that produced no article, for the run summary."""

    path: str | None
    member: str | None
    code: str
    message: str
    url: str | None = None
    stage: str = "read"


# Failed documents a run summary keeps to list; past it they are only counted.
KEPT_FAILURES = 1000


@dataclass
class RunSummary:
    """What a run did: documents read, articles stored or skipped, failures by code.

    ``failures`` keeps the first :data:`KEPT_FAILURES` failed documents, to list
    them; ``failed`` and :meth:`failures_by_code` count every one, so a file of a
    million bad lines costs a counter, not a million records in memory.
    ``stage_errors`` counts the error notes stages left on articles, by code.
    """

    documents: int = 0
    articles: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped_inputs: int = 0
    failures: list[FailedDocument] = field(default_factory=list)
    stage_errors: Counter[str] = field(default_factory=Counter)
    failed_by: Counter[str] = field(default_factory=Counter)

    def add_failure(self, failed: FailedDocument) -> None:
        """Count a failed document, and keep it while fewer than :data:`KEPT_FAILURES` are kept."""
        self.failed_by[failed.code] += 1
        if len(self.failures) < KEPT_FAILURES:
            self.failures.append(failed)

    @property
    def failed(self) -> int:
        return sum(self.failed_by.values())

    def failures_by_code(self) -> dict[str, int]:
        return dict(sorted(self.failed_by.items()))

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "articles": self.articles,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "skipped_inputs": self.skipped_inputs,
            "failed": self.failed,
            "failed_by_code": self.failures_by_code(),
            "stage_errors": dict(self.stage_errors),
        }

