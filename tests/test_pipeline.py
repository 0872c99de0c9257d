"""Stages, pipelines and the local engine: ordering checks, error capture, resumability."""

from __future__ import annotations

import copy
import dataclasses
import shutil
from pathlib import Path
from typing import ClassVar

import pytest

from marsad.engines.local import run
from marsad.engines.sinks import ListSink, StoreSink
from marsad.errors import UsageError
from marsad.library import default_pipeline, default_stages, process
from marsad.pipeline import EXTRACTED, Pipeline, Stage
from marsad.record import Article, ErrorNote
from marsad.store import Store


class Needs(Stage):
    name: ClassVar[str] = "needs"
    requires: ClassVar[tuple[str, ...]] = ("text", "widgets")

    def process(self, article: Article) -> Article:
        return article


class Gives(Stage):
    name: ClassVar[str] = "gives"
    provides: ClassVar[tuple[str, ...]] = ("widgets",)

    def process(self, article: Article) -> Article:
        article.errors.append(ErrorNote("gives", "note", "ran"))
        return article


class Breaks(Stage):
    name: ClassVar[str] = "breaks"

    def process(self, article: Article) -> Article:
        raise RuntimeError("boom")


class Rewrites(Stage):
    """A stage that rewrites a field the reader gave (as the dates stage does with ``published``)."""

    name: ClassVar[str] = "rewrites"
    provides: ClassVar[tuple[str, ...]] = ("published",)

    def process(self, article: Article) -> Article:
        return article


class ReadsPublished(Stage):
    name: ClassVar[str] = "reads"
    requires: ClassVar[tuple[str, ...]] = ("text", "published")

    def process(self, article: Article) -> Article:
        return article


def test_pipeline_checks_that_requirements_come_first():
    with pytest.raises(UsageError, match=r"'needs'.*widgets"):
        Pipeline.of([Needs(), Gives()])
    assert Pipeline.of([Gives(), Needs()]).names == ["gives", "needs"]


def test_a_field_nobody_provides_is_refused_by_name():
    with pytest.raises(UsageError, match=r"stage 'needs' \(position 1\) requires widgets"):
        Pipeline.of([Needs()])
    with pytest.raises(UsageError, match=r"'needs'.*widgets"):
        Pipeline.of([*default_stages(), Needs()])


def test_a_stage_that_reads_a_field_before_a_later_stage_writes_it_is_refused():
    with pytest.raises(UsageError, match=r"'reads'.*published.*'rewrites'"):
        Pipeline.of([ReadsPublished(), Rewrites()])
    assert Pipeline.of([Rewrites(), ReadsPublished()]).names == ["rewrites", "reads"]


def test_the_default_pipeline_is_accepted_in_order_and_covers_every_analysis_field():
    pipeline = default_pipeline()
    assert pipeline.names == ["dates", "points", "entities", "linking", "statements", "provenance"]
    provided = {field for stage in pipeline.stages for field in stage.provides}
    analysis = {f.name for f in dataclasses.fields(Article)} - set(EXTRACTED) - {"errors", "copy_of", "story"}
    assert provided == analysis | {"published", "time"}


def test_the_default_pipeline_reversed_or_reordered_is_refused():
    stages = default_stages()
    with pytest.raises(UsageError, match="'provenance'.*statements"):
        Pipeline.of(reversed(stages))
    by_name = {stage.name: stage for stage in stages}
    with pytest.raises(UsageError, match="'statements'.*entities"):
        Pipeline.of([by_name[n] for n in ("dates", "points", "statements", "entities", "linking", "provenance")])
    with pytest.raises(UsageError, match="'linking'.*published.*'dates'"):
        Pipeline.of([by_name[n] for n in ("points", "entities", "linking", "dates", "statements", "provenance")])
    with pytest.raises(UsageError, match="'statements'.*entities.*'linking'"):
        Pipeline.of([by_name[n] for n in ("dates", "points", "entities", "statements", "linking", "provenance")])


def test_each_default_stage_writes_only_what_it_declares(republished: Path):
    """Run the stages one by one and compare every record field before and after each."""
    text = republished.read_text(encoding="utf-8")
    k = text.index("وقال المسؤول")
    enumerated = (
        "وأوضح المسؤول أن (البند الأول) من الخطة يتعلق بحركة الشاحنات التجارية عبر المعبر الحدودي.\n\n"
        "وأشار إلى أن (البند الثاني) من الخطة يتعلق بعودة حركة المسافرين في الربيع المقبل.\n\n"
    )
    (article,) = process(text[:k] + enumerated + text[k:], Pipeline())
    written: set[str] = set()
    for stage in default_stages():
        before = copy.deepcopy(article)
        article = stage.process(article)
        changed = {
            f.name for f in dataclasses.fields(Article) if getattr(before, f.name) != getattr(article, f.name)
        } - {"errors"}
        assert changed <= set(stage.provides), stage.name
        written |= changed
    # The fixture exercises every stage: each one wrote something.
    assert {"dates", "points", "entities", "statements", "provenance"} <= written


def test_a_failing_stage_leaves_a_note_and_the_article(republished):
    sink = ListSink()
    summary = run([str(republished)], Pipeline.of([Breaks(), Gives()]), sink)
    (article,) = sink.articles
    assert [(e.stage, e.code) for e in article.errors] == [("breaks", "stage_failed"), ("gives", "note")]
    assert summary.stage_errors["stage_failed"] == 1 and summary.failed == 0


class CrashAfter:
    """A store sink that dies after a number of articles, as a killed process would."""

    def __init__(self, store: Store, limit: int) -> None:
        self.inner = StoreSink(store)
        self.limit = limit

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def article(self, article: Article) -> bool:
        if self.limit == 0:
            raise KeyboardInterrupt
        self.limit -= 1
        return self.inner.article(article)


def snapshot(db: str) -> list[tuple[str, str]]:
    with Store(db) as store:
        return sorted((a.id, a.to_json()) for a in store.articles())


def test_interrupted_ingest_resumes_to_the_same_store(tmp_path: Path, republished: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_text(republished.read_text(encoding="utf-8") + f"\nسطر إضافي رقم {n}.", encoding="utf-8")
    clean, broken = str(tmp_path / "clean.db"), str(tmp_path / "broken.db")
    with Store(clean) as store:
        run([str(folder)], default_pipeline(), StoreSink(store))
    store = Store(broken, batch_size=1)
    with pytest.raises(KeyboardInterrupt):
        run([str(folder)], default_pipeline(), CrashAfter(store, 3))
    store.db.close()  # what was committed stays; the queue dies with the process
    with Store(broken) as store:
        summary = run([str(folder)], default_pipeline(), StoreSink(store))
    assert summary.skipped_inputs >= 2  # files finished before the crash are not read again
    assert snapshot(broken) == snapshot(clean)


def test_broken_input_does_not_lose_what_is_stored(tmp_path: Path, republished: Path):
    db = str(tmp_path / "m.db")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(republished, folder / "good.txt")
    with Store(db) as store:
        run([str(folder)], default_pipeline(), StoreSink(store))
    (folder / "good.txt").write_bytes(b"\x00\x01binary now")
    with Store(db) as store:
        summary = run([str(folder)], default_pipeline(), StoreSink(store))
        assert summary.failed == 1 and store.count() == 1
