"""A read or decode failure of the file, told apart from a fault in what is done with its
pictures: a path that both reads the file and analyses what it read (the slides' fast path)
turns the first into a warning and a result up to there, the second, never the file's, into
the internal error it is (not a file that "stopped decoding" with a traceback's text)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from peepshow_core.media.video import AV_ERRORS

T = TypeVar("T")


class Undecodable(Exception):
    """Reading or decoding the file failed: the PyAV error is its `__cause__`."""


def read(items: Iterable[T]) -> Iterator[T]:
    """`items` pulled from the file (its packets, or a decoder's frames); a failure to get
    the next one raised as `Undecodable`."""
    pulled = iter(items)
    while True:
        try:
            item = next(pulled)
        except StopIteration:
            return
        except AV_ERRORS as exc:
            raise Undecodable(str(exc)) from exc
        yield item


@contextmanager
def decoding() -> Iterator[None]:
    """A decoder's work (a keyframe's picture, a decoder opened); its failure raised as
    `Undecodable`."""
    try:
        yield
    except AV_ERRORS as exc:
        raise Undecodable(str(exc)) from exc
