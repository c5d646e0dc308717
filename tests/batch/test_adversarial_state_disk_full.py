"""A disk that fills up under `--out` during a batch: the state file that cannot be written at
the end is a warning (what finished stays in the journal, replayed by the next batch), and a
journal line that cannot be written stops the batch with a CONFIG error naming it. Before, both
ended the batch with exit 1, "unexpected failure (OSError: [Errno 28] No space left on device)"
(seen with --out on a 2 MB tmpfs that a video's frames filled)."""

from __future__ import annotations

import errno
from pathlib import Path
from types import SimpleNamespace

import pytest

from peepshow_core.batch import state as state_module
from peepshow_core.batch.options import BatchItem, BatchRequest
from peepshow_core.batch.runner import Batch
from peepshow_core.batch.state import JOURNAL_NAME, BatchState
from peepshow_core.contract.errors import OutputError
from peepshow_core.run.options import RunOptions
from tests.batch.test_ctrl_c_bookkeeping import _Engine, _Reporter


class _Notes(_Reporter):
    def __init__(self) -> None:
        self.notes: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)


def _disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_state_file_that_cannot_be_written_at_the_end_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video = tmp_path / "talk.mp4"
    video.write_bytes(b"not decoded: the engine is a stand-in")
    out = tmp_path / "out"
    request = BatchRequest(
        [BatchItem(video)], RunOptions(out_dir=out), registered_sinks=False, jobs=1
    )
    monkeypatch.setattr(state_module, "atomic", SimpleNamespace(write_json=_disk_full))
    reporter, emitted = _Notes(), []
    tally = Batch(request, _Engine(), reporter, emitted.append).run()
    assert tally.done == 1 and len(emitted) == 1
    assert any("not updated (No space left on device)" in note for note in reporter.notes)
    monkeypatch.undo()
    again = BatchState(out).open()
    (run,) = again.runs.values()
    assert run["run_id"] == emitted[0]["run_id"]
    again.close()


def test_a_journal_line_that_cannot_be_written_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = BatchState(tmp_path).open()
    monkeypatch.setattr(state_module.os, "fsync", _disk_full)
    with pytest.raises(OutputError, match=f"cannot record a finished video in .*{JOURNAL_NAME}"):
        state.record("k1", tmp_path / "a.mp4", {"run_id": "r1"})
    assert state.finished("k1") is None
    state.close()
