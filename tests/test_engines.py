"""Engines give the same store: pool workers, Ray actors, and a run killed half-way."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES
from marsad.engines.local import run
from marsad.engines.pool import ordered_map
from marsad.engines.sinks import ListSink, StoreSink
from marsad.library import default_pipeline
from marsad.pipeline import Pipeline, Stage
from marsad.record import Article
from marsad.sources import Limits
from marsad.sources.jsonl import read_byte_range
from marsad.store import Store


def records(sink: ListSink) -> list[str]:
    return [article.to_json() for article in sink.articles]


def big_feed(path: Path, count: int = 60) -> Path:
    lines = [
        json.dumps({"url": f"https://feed.example/{n}", "title": f"خبر رقم {n}",
                    "text": f"قال مسؤول في وزارة الخارجية إن الاجتماع رقم {n} سيعقد في عمّان يوم الأربعاء."},
                   ensure_ascii=False)
        for n in range(count)
    ]
    lines.insert(7, "{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    shutil.copytree(EXAMPLES, folder)
    big_feed(folder / "big.jsonl")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_byte_ranges_cover_every_line_once(tmp_path: Path):
    feed = big_feed(tmp_path / "f.jsonl")
    size = feed.stat().st_size
    for step in (1, 97, 500, size):
        members = [
            item.source.member
            for start in range(0, size, step)
            for item in read_byte_range(str(feed), start, min(start + step, size), Limits())
        ]
        assert members == [str(n) for n in range(1, 62)], step


def test_pool_workers_match_one_process(mixed: Path):
    one, two = ListSink(), ListSink()
    run([str(mixed)], default_pipeline(), one)
    run([str(mixed)], default_pipeline(), two, workers=2)
    assert records(one) == records(two)


class DieOnMarker(Stage):
    """Kills its own process on a document saying «قاتل» (as the kernel kills one out of memory)."""

    name = "die_on_marker"

    def process(self, article: Article) -> Article:
        if "قاتل" in article.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return article


@pytest.mark.timeout(120)  # a pool that loses the dead worker's task waits forever
def test_a_document_that_kills_its_worker_fails_alone(tmp_path: Path):
    feed = big_feed(tmp_path / "f.jsonl", count=40)
    lines = feed.read_text(encoding="utf-8").splitlines()
    lines[20] = json.dumps({"url": "https://feed.example/killer", "title": "خبر قاتل", "text": "نص قاتل للعامل."},
                           ensure_ascii=False)
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pipeline = Pipeline((*default_pipeline().stages, DieOnMarker()))
    sink = ListSink()
    summary = run([str(feed)], pipeline, sink, workers=2)
    assert [f.code for f in summary.failures] == ["bad_json", "worker_died"]
    assert summary.failures[1].member == "21"
    survivors = ListSink()
    run([str(feed)], default_pipeline(), survivors)
    assert records(sink) == [r for r in records(survivors) if "قاتل" not in r]
    assert summary.articles == 39


def square_or_die(item: tuple[int, str]) -> int:
    """``n * n``, or, for a negative ``n``, touch the file ``item[1]`` and kill this process."""
    n, marker = item
    if n < 0:
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


@pytest.mark.timeout(120)
def test_ordered_map_survives_a_worker_dying_between_submissions(tmp_path: Path):
    marker = tmp_path / "died"

    def items():
        yield (-1, str(marker))
        while not marker.exists():  # the next submissions reach a pool already broken
            time.sleep(0.05)
        time.sleep(0.5)
        yield from ((n, "") for n in range(2, 6))

    got = list(ordered_map(square_or_die, items(), 2, lambda item: ("died", item[0])))
    assert got == [("died", -1), 4, 9, 16, 25]


@pytest.fixture(scope="module")
def ray_runtime():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_engine_matches_the_local_engine(ray_runtime, mixed: Path, monkeypatch):
    from marsad.engines import ray as ray_engine

    monkeypatch.setattr(ray_engine, "SHARD_BYTES", 2048)  # the big feed is cut into several shards
    assert len(ray_engine.plan(str(mixed / "big.jsonl"))) > 2
    local, distributed = ListSink(), ListSink()
    expected = run([str(mixed)], default_pipeline(), local)
    summary = ray_engine.run([str(mixed)], default_pipeline(), distributed, workers=2)
    assert records(local) == records(distributed)
    assert summary.to_dict() == expected.to_dict()


def test_ray_rerun_skips_finished_shards(ray_runtime, mixed: Path, tmp_path: Path, monkeypatch):
    from marsad.engines import ray as ray_engine

    monkeypatch.setattr(ray_engine, "SHARD_BYTES", 2048)
    db = str(tmp_path / "r.db")
    with Store(db) as store:
        ray_engine.run([str(mixed)], default_pipeline(), StoreSink(store), workers=2)
        count = store.count()
    with Store(db) as store:
        again = ray_engine.run([str(mixed)], default_pipeline(), StoreSink(store), workers=2)
        assert store.count() == count
    assert again.documents == 0 and again.skipped_inputs > 0


def three_files(tmp_path: Path) -> Path:
    """Two reports and, between them, one that makes :class:`DieOnMarker` kill its process."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name, title in (("a.txt", "خبر أول"), ("killer.txt", "خبر قاتل"), ("b.txt", "خبر ثان")):
        (folder / name).write_text(f"{title}\n\nقال مسؤول في الوزارة إن الاجتماع {title} سيعقد في عمّان.\n",
                                   encoding="utf-8")
    return folder


@pytest.mark.timeout(300)
def test_ray_actor_killed_on_a_file_fails_that_file_and_a_rerun_tries_it_again(ray_runtime, tmp_path: Path):
    from marsad.engines import ray as ray_engine

    folder, db = three_files(tmp_path), str(tmp_path / "r.db")
    pipeline = Pipeline((*default_pipeline().stages, DieOnMarker()))
    # Ray workers cannot import this test module: send its stage by value.
    ray_runtime.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        with Store(db) as store:
            summary = ray_engine.run([str(folder)], pipeline, StoreSink(store), workers=2)
            assert [(Path(f.path or "").name, f.code) for f in summary.failures] == [("killer.txt", "worker_died")]
            assert summary.articles == 2 and store.count() == 2
        with Store(db) as store:
            again = ray_engine.run([str(folder)], pipeline, StoreSink(store), workers=2)
            assert again.skipped_inputs == 2 and [f.code for f in again.failures] == ["worker_died"]
            assert store.count() == 2
    finally:
        ray_runtime.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.mark.timeout(300)
def test_ray_workers_that_cannot_start_stop_the_run_with_a_clear_error(ray_runtime, tmp_path: Path):
    from marsad.engines import ray as ray_engine
    from marsad.errors import WorkersLost

    folder, db = three_files(tmp_path), str(tmp_path / "r.db")
    # Sent by reference, the test module's stage cannot be loaded where the actors start.
    pipeline = Pipeline((*default_pipeline().stages, DieOnMarker()))
    with Store(db) as store, pytest.raises(WorkersLost, match="every Ray worker died"):
        ray_engine.run([str(folder)], pipeline, StoreSink(store), workers=2)


def export(db: str) -> list[str]:
    with Store(db) as store:
        return sorted(article.to_json() for article in store.articles())


def test_sigkill_mid_ingest_then_rerun_equals_a_clean_run(tmp_path: Path, republished: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = republished.read_text(encoding="utf-8")
    for n in range(40):
        (folder / f"{n:02d}.txt").write_text(text + f"\nفقرة إضافية رقم {n} عن المعبر.", encoding="utf-8")
    clean, killed = str(tmp_path / "clean.db"), str(tmp_path / "killed.db")
    command = [sys.executable, "-m", "marsad", "ingest", str(folder), "--db"]
    subprocess.run([*command, clean], check=True, capture_output=True)
    process = subprocess.Popen([*command, killed], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            done = sqlite3.connect(killed).execute("SELECT count(*) FROM sources").fetchone()[0]
        except sqlite3.Error:
            done = 0
        if done >= 3:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait()
    if process.returncode != -signal.SIGKILL:
        pytest.skip("the ingest finished before it could be killed")
    rerun = subprocess.run([*command, killed], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert "input files skipped" in rerun.stderr
    assert export(killed) == export(clean)


def test_records_do_not_depend_on_the_hash_seed(mixed: Path, tmp_path: Path):
    """Workers and Ray actors run with other hash seeds than the driver: set order must not leak.

    The store's export is compared, so copies and stories (computed at ingest) count too.
    """
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        db = str(tmp_path / f"seed{seed}.db")
        subprocess.run([sys.executable, "-m", "marsad", "ingest", str(mixed), "--db", db], capture_output=True, env=env)
        done = subprocess.run([sys.executable, "-m", "marsad", "export", "--db", db], capture_output=True, env=env)
        outputs.append(done.stdout)
    assert outputs[0] and outputs[0] == outputs[1]
