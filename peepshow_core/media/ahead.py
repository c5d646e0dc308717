"""Running a decoding loop in a worker thread, a few items ahead of whoever reads them.

FFmpeg decodes without holding Python's GIL, so while the reader analyses one frame (numpy,
Python) the worker is already decoding the next ones: on two cores the two overlap. The reader
may stop early (leaving the `with` block); the worker then stops at its next item and closes the
loop. The items left waiting for the reader are dropped then, so a worker blocked on a full
queue wakes at once, not at its next look at `stop` (every GOP the fast path stops decoding
early left it so, for up to `POLL_S`). An exception in the worker (a decoding error, a
`BadInputError`) is raised again in the reader, where it would have been raised without the
thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar, cast

AHEAD_ITEMS = 8  # decoded items waiting for the reader at most (a frame holds one picture)
POLL_S = 0.1  # how often a worker waiting to hand an item over checks whether the reader left

T = TypeVar("T")
_DONE = object()


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


@contextmanager
def ahead(items: Iterator[T]) -> Iterator[Iterator[T]]:
    """`with ahead(items) as walk:` iterates `items`, produced by a worker thread (a generator
    left early is closed by the worker, which runs its `finally` blocks)."""
    handover: queue.Queue[object] = queue.Queue(maxsize=AHEAD_ITEMS)
    stop = threading.Event()

    def put(item: object) -> bool:  # False once the reader has gone
        while not stop.is_set():
            try:
                handover.put(item, timeout=POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            while not stop.is_set():  # (checked before every item: a worker that starts late,
                try:  # after a Ctrl-C in `start`, touches nothing)
                    item = next(items)
                except StopIteration:
                    put(_DONE)
                    return
                if not put(item):
                    return
        except BaseException as exc:  # raised again in the reader
            put(_Failed(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    def read() -> Iterator[T]:
        while True:
            item = handover.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.exc
            yield cast(T, item)

    worker = threading.Thread(target=work, name="peepshow-decode", daemon=True)
    try:
        worker.start()
        yield read()
    finally:
        stop.set()
        _join(worker, handover)


def _drop(handover: queue.Queue[object]) -> None:
    """Drop the items nobody will read, waking a worker waiting to hand one over."""
    while True:
        try:
            handover.get_nowait()
        except queue.Empty:
            return


def _join(worker: threading.Thread, handover: queue.Queue[object]) -> None:
    """Wait for the worker even through Ctrl-C (typed again, or typed while `start` waited for
    it): the caller closes the container next, and a worker still decoding from a closed
    container crashes the process (seen once, under load, as a segfault on Ctrl-C). A worker
    not alive yet finds `stop` set when it starts and does nothing."""
    interrupted: KeyboardInterrupt | None = None
    while worker.is_alive():
        _drop(handover)
        try:
            worker.join(POLL_S)
        except KeyboardInterrupt as exc:
            interrupted = exc
    if interrupted is not None:
        raise interrupted
