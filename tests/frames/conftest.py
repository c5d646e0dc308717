"""Generated clips with known slide changes, rendered on first use and shared by the session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.frames import Clip, render_clip


@pytest.fixture(scope="session")
def frames_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "frames-media"


@pytest.fixture(scope="session")
def clip(frames_media: Path) -> Callable[[str], Clip]:
    """`clip("plain")` -> Clip; rendered on first use, then shared by every test of the session."""

    def get(name: str) -> Clip:
        return render_clip(name, frames_media)

    return get
