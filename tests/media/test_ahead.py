"""Decoding ahead in a worker thread: the reader sees exactly what the loop yields, errors where
they would have been raised, and a reader that leaves early stops the worker."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from peepshow_core.contract.errors import BadInputError
from peepshow_core.media import ahead as ahead_module
from peepshow_core.media.ahead import AHEAD_ITEMS, ahead


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "peepshow-decode"]


def test_yields_every_item_in_order() -> None:
    with ahead(iter(range(1000))) as walk:
        assert list(walk) == list(range(1000))
    assert not _workers()


def test_an_error_in_the_loop_is_raised_in_the_reader_after_what_came_before() -> None:
    def loop() -> Iterator[int]:
        yield 1
        yield 2
        raise BadInputError("cannot decode the video in x.mp4: Invalid data")

    seen: list[int] = []
    with (
        pytest.raises(BadInputError, match=r"cannot decode the video in x\.mp4"),
        ahead(loop()) as walk,
    ):
        for item in walk:
            seen.append(item)
    assert seen == [1, 2]
    assert not _workers()


def test_a_reader_that_leaves_early_stops_the_worker_and_closes_the_loop() -> None:
    made: list[int] = []
    closed = threading.Event()

    def loop() -> Iterator[int]:
        try:
            for i in range(10_000):
                made.append(i)
                yield i
        finally:
            closed.set()

    with ahead(loop()) as walk:
        for item in walk:
            if item == 3:
                break
    assert closed.is_set()  # (its finally ran: a decoder's cleanup is not skipped)
    assert len(made) <= 4 + AHEAD_ITEMS + 1  # it ran at most a queue ahead, then stopped
    assert not _workers()


def test_a_reader_that_fails_stops_a_worker_blocked_on_a_full_queue() -> None:
    def endless() -> Iterator[int]:
        i = 0
        while True:
            yield i
            i += 1

    with pytest.raises(RuntimeError, match="sink broke"), ahead(endless()) as walk:
        next(walk)
        time.sleep(0.2)  # (the worker fills the queue and waits)
        raise RuntimeError("sink broke")
    assert not _workers()


def test_a_reader_that_leaves_a_full_queue_does_not_wait_for_the_worker_to_poll(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fast path leaves most decoded GOPs early, with the worker blocked on a full queue:
    the items left are dropped, which wakes it, rather than waiting for its next look at the
    stop flag (made an hour here: the reader below would hang, not finish late)."""
    monkeypatch.setattr(ahead_module, "POLL_S", 3600.0)
    made: list[int] = []
    closed = threading.Event()

    def read_three() -> None:
        with ahead(_endless(made, closed)) as walk:
            for item in walk:
                if item == 2:
                    while len(made) < 3 + AHEAD_ITEMS:  # (the worker fills the queue)
                        time.sleep(0.01)
                    break

    reader = threading.Thread(target=read_three)
    reader.start()
    reader.join(timeout=60)
    assert not reader.is_alive(), "leaving the walk waited for the worker's poll"
    assert closed.is_set()
    assert not _workers()


def test_work_overlaps_while_the_reader_is_busy() -> None:
    """The loop runs while the reader holds an item: the worker is a real thread."""
    ran_while_reading = threading.Event()
    reading = threading.Event()

    def loop() -> Iterator[int]:
        yield 0
        reading.wait(timeout=5)
        ran_while_reading.set()
        yield 1

    with ahead(loop()) as walk:
        first = next(walk)
        reading.set()
        assert ran_while_reading.wait(timeout=5)
        assert [first, *walk] == [0, 1]


def _endless(made: list[int], closed: threading.Event) -> Iterator[int]:
    try:
        i = 0
        while True:
            made.append(i)
            yield i
            i += 1
    finally:
        closed.set()


def test_ctrl_c_in_the_reader_stops_the_worker_before_it_propagates() -> None:
    """The caller closes the container right after: the worker must be done by then."""
    made: list[int] = []
    closed = threading.Event()
    with pytest.raises(KeyboardInterrupt), ahead(_endless(made, closed)) as walk:
        next(walk)
        raise KeyboardInterrupt
    assert closed.is_set()
    assert not _workers()


def test_ctrl_c_while_waiting_for_the_worker_still_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    closed = threading.Event()
    real_join = threading.Thread.join
    interrupted: list[bool] = []

    def join(self: threading.Thread, timeout: float | None = None) -> None:
        if self.name == "peepshow-decode" and not interrupted:
            interrupted.append(True)
            raise KeyboardInterrupt  # (Ctrl-C typed again while the worker stops)
        real_join(self, timeout)

    monkeypatch.setattr(threading.Thread, "join", join)
    with pytest.raises(KeyboardInterrupt), ahead(_endless(made, closed)) as walk:
        next(walk)
    assert interrupted and closed.is_set()
    assert not _workers()


def test_a_worker_that_starts_after_a_ctrl_c_in_start_touches_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C can land while `start` waits for the new thread: the thread may then run after
    the caller has moved on (and closed the container); it must not pull a single item."""
    made: list[int] = []
    closed = threading.Event()
    real_start = threading.Thread.start
    late: list[threading.Timer] = []

    def start(self: threading.Thread) -> None:
        if self.name != "peepshow-decode":
            return real_start(self)
        late.append(threading.Timer(0.2, real_start, args=(self,)))
        late[0].start()
        raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", start)
    with pytest.raises(KeyboardInterrupt), ahead(_endless(made, closed)):
        pass
    late[0].join()
    time.sleep(0.3)
    assert made == []
