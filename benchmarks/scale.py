"""Scaling of the per-article stages: the local engine and Ray, with 1 and 2 workers.

Run by hand (never in the tests), on a machine with at least two free cores:

    python benchmarks/scale.py [--articles 2000] [--files 8]

The same input (JSON-lines files of the unlabelled news corpus when ../shared is
present, else the bundled examples repeated) goes through extraction and every
default stage, into a sink that keeps nothing, four ways in one run: the local
engine with 1 and 2 worker processes, and the Ray engine with 1 and 2 actors.
It prints articles per second, the scaling efficiency from 1 to 2 workers
(rate with 2 / twice the rate with 1; target at least 0.8) and Ray's overhead
against the local engine at 2 workers. Ray's start-up is timed apart.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from news import jsonl_lines, source_name

from marsad.engines.local import run as run_local
from marsad.library import default_pipeline
from marsad.pipeline import RunSummary


class NullSink:
    """Counts nothing and keeps nothing: only the engines and stages are timed."""

    def skip_input(self, stamp: object) -> bool:
        return False

    def article(self, article: object) -> bool:
        return True

    def failure(self, failed: object) -> None:
        """Failures are counted by the engine."""

    def input_finished(self, stamp: object, articles: int, failures: int) -> None:
        """Nothing to remember."""

    def shard_done(self, stamp: object, key: str) -> bool:
        return False

    def shard_finished(self, stamp: object, key: str) -> None:
        """Nothing to remember."""


def timed(label: str, engine: Callable[..., RunSummary], paths: list[str], workers: int) -> float:
    start = time.perf_counter()
    summary = engine(paths, default_pipeline(), NullSink(), workers=workers)
    rate = summary.articles / (time.perf_counter() - start)
    print(f"  {label:<24} {rate:8.1f} articles/s   ({summary.articles} articles, {summary.failed} failed)")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--files", type=int, default=8)
    args = parser.parse_args()
    lines = jsonl_lines(args.articles)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n in range(args.files):
            path = Path(folder) / f"part-{n}.jsonl"
            path.write_text("\n".join(lines[n :: args.files]) + "\n", encoding="utf-8")
            paths.append(str(path))
        source = source_name()
        print(f"{len(lines)} articles ({source}) in {args.files} files, all default stages:")
        local1 = timed("local, 1 worker", run_local, paths, 1)
        local2 = timed("local, 2 workers", run_local, paths, 2)
        try:
            import ray

            from marsad.engines.ray import run as run_ray
        except ImportError:
            print("  (Ray is not installed: pip install 'marsad[ray]')")
            print(f"local scaling efficiency 1 -> 2 workers: {local2 / (2 * local1):.2f} (target >= 0.8)")
            return
        start = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        print(f"  (Ray start-up: {time.perf_counter() - start:.1f} s, not counted below)")
        ray1 = timed("ray, 1 actor", run_ray, paths, 1)
        ray2 = timed("ray, 2 actors", run_ray, paths, 2)
        ray.shutdown()
    print(f"scaling efficiency 1 -> 2 workers: local {local2 / (2 * local1):.2f}, ray {ray2 / (2 * ray1):.2f} (target >= 0.8)")
    print(f"Ray at 2 workers runs at {ray2 / local2:.2f} of the local engine's rate")


if __name__ == "__main__":
    main()
