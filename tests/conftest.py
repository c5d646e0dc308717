"""Shared test setup: every test gets its own config, state and output dirs (never the user's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEEPSHOW_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PEEPSHOW_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PEEPSHOW_OUT_DIR", str(tmp_path / "runs"))
    monkeypatch.delenv("PEEPSHOW_FRAME_BASE_URL", raising=False)
    monkeypatch.delenv("PEEPSHOW_NO_SINKS", raising=False)
    monkeypatch.delenv("PEEPSHOW_ENV_FILE", raising=False)
    monkeypatch.delenv("PEEPSHOW_WHISPER_MODEL", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray ./.env from the developer's checkout


def load_run(name: str = "full") -> dict[str, Any]:
    """A canned run payload from tests/fixtures/runs/ (full, minimal, future-major)."""
    data: dict[str, Any] = json.loads((FIXTURES / "runs" / f"{name}.json").read_text("utf-8"))
    return data


@pytest.fixture
def run_payload() -> dict[str, Any]:
    return load_run("full")
