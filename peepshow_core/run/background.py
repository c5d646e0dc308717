"""The one piece of a run that may outlive it: the transcription, in a daemon thread (light to
import: the front ends ask about it as they exit, before any media library loads)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

TRANSCRIPTION_THREAD = "peepshow-transcribe"

T = TypeVar("T")


def in_background(work: Callable[[], T]) -> Future[T]:
    """`work()` in a daemon thread: the program may end while it runs (a pool's thread would be
    waited for at exit, however long the step it is in)."""
    future: Future[T] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(work())
        except BaseException as exc:  # (handed to whoever waits for the result)
            future.set_exception(exc)

    threading.Thread(target=run, name=TRANSCRIPTION_THREAD, daemon=True).start()
    return future


def transcription_running() -> bool:
    """A run's transcription thread is still in a step (the run ended without waiting for it)."""
    return any(t.name == TRANSCRIPTION_THREAD and t.is_alive() for t in threading.enumerate())
