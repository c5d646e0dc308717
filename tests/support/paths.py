"""Where the test material is: the repository, canned payloads, the bundled sample."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SAMPLE = REPO / "samples" / "sample.mp4"
SAMPLE_FACTS: dict[str, Any] = json.loads((REPO / "samples" / "sample.json").read_text("utf-8"))
SPEECH_WAV = REPO / "samples" / "speech.wav"


def load_run(name: str = "full") -> dict[str, Any]:
    """A canned run payload from tests/fixtures/runs/ (full, minimal, future-major)."""
    data: dict[str, Any] = json.loads((FIXTURES / "runs" / f"{name}.json").read_text("utf-8"))
    return data
