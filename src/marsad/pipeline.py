"""Stages and pipelines: the shape every per-article step takes.

A stage is a small class that declares what it reads (``requires``) and what it
fills in (``provides``) and has one method, :meth:`Stage.process`, from an
article to the same article with more annotations. Stages never rewrite
``Article.text``. They load heavy resources lazily (on first ``process``), so a
stage is cheap to build and to send to another process.

A :class:`Pipeline` is an ordered list of stages, checked once when it is
built: every field a stage ``requires`` is provided by the reader (see
:data:`EXTRACTED`) or by an earlier stage (coverage), and no later stage writes a
field an earlier one has already read (order: the reader would see a value the
pipeline is still going to change). Engines
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

# Fields the reader and extraction fill in, before any stage runs.
EXTRACTED = (
    "id",
    "source",
    "text",
    "title",
    "lang",
    "site",
    "outlet",
    "published",
    "time",
    "boilerplate",
    "related",
)


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
        check_contracts(self.stages)

    @classmethod
    def of(cls, stages: Iterable[Stage]) -> Pipeline:
        return cls(tuple(stages))

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]


def check_contracts(stages: Iterable[Stage]) -> None:
    """Refuse, naming the stage and the field, a stage list whose contracts do not hold.

    Coverage: each field a stage requires is in :data:`EXTRACTED` or provided by
    an earlier stage. Order: no stage provides a field that an earlier stage
    (other than itself) requires, since that stage would have read it too soon.
    """
    listed = list(stages)
    available = set(EXTRACTED)
    for i, stage in enumerate(listed):
        missing = [need for need in stage.requires if need not in available]
        if missing:
            raise UsageError(
                f"stage {stage.name!r} (position {i + 1}) requires {', '.join(missing)}, "
                "which neither the reader nor an earlier stage provides"
            )
        for later in listed[i + 1 :]:
            rewritten = [need for need in stage.requires if need in later.provides]
            if rewritten:
                raise UsageError(
                    f"stage {stage.name!r} (position {i + 1}) reads {', '.join(rewritten)} "
                    f"before stage {later.name!r} writes it; put {later.name!r} first"
                )
        available.update(stage.provides)


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

