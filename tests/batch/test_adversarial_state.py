"""A damaged batch state file is CONFIG (6) naming it, whatever the damage: an entry that is not
an object, or JSON nested past the decoder's limit, was `unexpected failure` (1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peepshow_core.batch.state import STATE_NAME, BatchState
from peepshow_core.contract.errors import ConfigError

DEPTH = 100_000


@pytest.mark.usefixtures("gc_paused")
@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"format": 1, "runs": {}, "fingerprints": {"/v/a.mp4": 5}}),
        json.dumps({"format": 1, "runs": {"key": "done"}, "fingerprints": {}}),
        '{"format": 1, "runs": {}, "fingerprints": ' + "[" * DEPTH + "]" * DEPTH + "}",
    ],
    ids=["fingerprint-not-object", "run-not-object", "deep"],
)
def test_a_damaged_state_file_is_a_config_error(tmp_path: Path, text: str) -> None:
    (tmp_path / STATE_NAME).write_text(text, "utf-8")
    state = BatchState(tmp_path)
    with pytest.raises(ConfigError, match="damaged"):
        state.open()
    (tmp_path / STATE_NAME).unlink()
    BatchState(tmp_path).open().close()  # the lock was released
