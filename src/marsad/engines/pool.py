"""An ordered parallel map over worker processes that survives a worker dying.

``multiprocessing.Pool`` replaces a worker that dies (killed for memory, a crash
in a C extension) but loses the task it held, so ``imap`` waits forever.
``concurrent.futures`` reports the death instead (``BrokenProcessPool``): the items
in flight are then run again one at a time in a one-worker pool, so the item that
kills its worker again is found and handed to ``on_death``, and the rest of the
batch goes on in a fresh pool.

Workers and their forkserver end when the process that started them ends, even
by ``kill -9`` (see :mod:`marsad.engines.orphans`).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from marsad.engines.orphans import die_with_parent

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items in flight per worker: enough to keep workers busy while results are taken in order.
IN_FLIGHT = 8
_END: Any = object()
# Imported by the forkserver when it starts: it then ends with the process that started it.
FORKSERVER_PRELOAD = ["marsad.engines.forkserver_guard"]


def _start_worker(root: int, initializer: Callable[..., None] | None, initargs: bytes) -> None:
    """Every worker's first step: end with its parent, then run the caller's initializer.

    The initializer's arguments (a pipeline, say) arrive pickled and are loaded only
    after that: loading them imports the models' code, seconds during which the
    marsad process (``root``) could die unnoticed.
    """
    die_with_parent(root)
    if initializer is not None:
        initializer(*pickle.loads(initargs))


def ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    on_death: Callable[[Item], Result],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[Result]:
    """``function`` of every item, in item order, computed by ``workers`` processes; an
    item whose worker dies twice (once with others, once alone) yields ``on_death(item)``."""
    context = multiprocessing.get_context("forkserver" if os.name != "nt" else "spawn")
    if os.name != "nt":
        context.set_forkserver_preload(FORKSERVER_PRELOAD)

    def pool(size: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(size, mp_context=context, initializer=_start_worker,
                                   initargs=(os.getpid(), initializer, pickle.dumps(initargs)))

    def submit(item: Item) -> Future[Result]:
        try:
            return executor.submit(function, item)
        except BrokenProcessPool as e:  # a worker died since the last result: this item is a suspect too
            broken: Future[Result] = Future()
            broken.set_exception(e)
            return broken

    source = iter(items)
    flight: deque[tuple[Item, Future[Result]]] = deque()
    executor = pool(workers)
    try:
        while True:
            while len(flight) < workers * IN_FLIGHT and (item := next(source, _END)) is not _END:
                flight.append((item, submit(item)))
            if not flight:
                return
            item, future = flight[0]
            try:
                result = future.result()
            except BrokenProcessPool:
                executor.shutdown(wait=True, cancel_futures=True)
                suspects = [item for item, _ in flight]
                flight.clear()
                yield from _one_by_one(function, suspects, on_death, lambda: pool(1))
                executor = pool(workers)
                continue
            flight.popleft()
            yield result
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _one_by_one(
    function: Callable[[Item], Result],
    suspects: list[Item],
    on_death: Callable[[Item], Result],
    pool: Callable[[], ProcessPoolExecutor],
) -> Iterator[Result]:
    """Run ``suspects`` one at a time: a worker that dies now died of its item."""
    executor = pool()
    try:
        for item in suspects:
            try:
                result = executor.submit(function, item).result()
            except BrokenProcessPool:
                executor.shutdown(wait=True)
                result = on_death(item)
                executor = pool()
            yield result
    finally:
        executor.shutdown(wait=True)
