"""What the slides tracker hands back: states to keep, and the decision log's signature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Log = Callable[[float, str, str], None]
Sample = tuple[float, np.ndarray, Any]  # time, analysis image, decoded frame


@dataclass
class Keep:
    """A state to write: when it settled, its analysis image and its decoded frame."""

    time_s: float
    image: np.ndarray
    frame: Any
    score: float
    why: str


def no_log(_t: float, _event: str, _detail: str) -> None:
    return None
