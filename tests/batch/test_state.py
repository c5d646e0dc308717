"""What makes a video "done": its content fingerprint plus the options that change its payload;
the run id derived from them; the state file written whole or not at all, one batch at a time."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from peepshow_core.batch.state import (
    STATE_NAME,
    BatchState,
    job_key,
    result_options,
    run_id_for,
)
from peepshow_core.contract.errors import ConfigError, NoInputError, TemporaryError
from peepshow_core.contract.vocab import Strategy
from peepshow_core.frames.options import FrameOptions
from peepshow_core.run.options import RunOptions
from peepshow_core.speech.engine import TranscribeOptions

BASE = RunOptions()


def key(options: RunOptions, title: str | None = None, tags: list[str] | None = None) -> str:
    return job_key("sha256:abc", result_options(options, title, tags or []))


@pytest.mark.parametrize(
    "changed",
    [
        replace(BASE, frames=FrameOptions(strategy=Strategy.keyframes)),
        replace(BASE, frames=FrameOptions(max_frames=3)),
        replace(BASE, frames=FrameOptions(max_width=640)),
        replace(BASE, transcribe=None),
        replace(BASE, transcribe=TranscribeOptions(model="small.en")),
        replace(BASE, transcribe=TranscribeOptions(language="de")),
        replace(BASE, contact_sheet=True),
        replace(BASE, frame_base_url="https://cdn.example.test/f"),
    ],
)
def test_an_option_that_changes_the_payload_changes_the_key(changed: RunOptions) -> None:
    assert key(changed) != key(BASE)


def test_title_tags_and_the_model_setting_change_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert key(BASE, title="Talk") != key(BASE)
    assert key(BASE, tags=["q3"]) != key(BASE)
    monkeypatch.setenv("PEEPSHOW_WHISPER_MODEL", "base.en")
    assert key(BASE) != job_key("sha256:abc", {**result_options(BASE, None, []), "transcribe": 0})
    with_env = key(BASE)
    monkeypatch.delenv("PEEPSHOW_WHISPER_MODEL")
    assert key(BASE) != with_env


def test_where_files_go_and_how_many_threads_work_do_not_change_the_key(tmp_path: Path) -> None:
    elsewhere = replace(BASE, out_dir=tmp_path, transcribe=TranscribeOptions(threads=7))
    assert key(elsewhere) == key(BASE)


def test_the_run_id_is_a_uuid_fixed_by_the_key() -> None:
    first = run_id_for(key(BASE))
    assert uuid.UUID(first).version == 5
    assert run_id_for(key(BASE)) == first
    assert run_id_for(key(BASE, title="other")) != first


def test_the_fingerprint_follows_the_content_not_the_name(tmp_path: Path) -> None:
    state = BatchState(tmp_path)
    a, b = tmp_path / "a.mp4", tmp_path / "b.mp4"
    a.write_bytes(b"x" * 3_000_000)
    b.write_bytes(b"x" * 3_000_000)
    assert state.fingerprint(a) == state.fingerprint(b)
    b.write_bytes(b"x" * 2_999_999 + b"y")  # same size, new content (and a new mtime)
    os.utime(b, ns=(1, 1))
    assert state.fingerprint(b) != state.fingerprint(a)
    with pytest.raises(NoInputError, match="cannot read"):
        state.fingerprint(tmp_path / "gone.mp4")
    with pytest.raises(NoInputError, match="not a regular file"):
        state.fingerprint(tmp_path)


def test_finished_runs_survive_a_reopen(tmp_path: Path) -> None:
    state = BatchState(tmp_path).open()
    state.record("k1", tmp_path / "a.mp4", {"run_id": "r1", "frames_dir": None})
    state.close()
    again = BatchState(tmp_path).open()
    assert again.finished("k1")["run_id"] == "r1"  # type: ignore[index]
    assert again.finished("k2") is None
    again.close()


def test_a_crash_while_saving_leaves_the_previous_state_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = BatchState(tmp_path).open()
    state.record("k1", tmp_path / "a.mp4", {"run_id": "r1"})
    state.save()
    before = (tmp_path / STATE_NAME).read_text()

    def crash(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    state.record("k2", tmp_path / "b.mp4", {"run_id": "r2"})
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        state.save()
    monkeypatch.undo()
    state.close()
    assert (tmp_path / STATE_NAME).read_text() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    again = BatchState(tmp_path).open()  # what the journal holds is not lost
    assert again.finished("k2")["run_id"] == "r2"  # type: ignore[index]
    again.close()


def test_a_damaged_state_file_is_a_config_error_and_is_kept(tmp_path: Path) -> None:
    (tmp_path / STATE_NAME).write_text('{"format": 1, "runs": {')
    with pytest.raises(ConfigError, match=r"is damaged.*move it away"):
        BatchState(tmp_path).open()
    assert (tmp_path / STATE_NAME).read_text() == '{"format": 1, "runs": {'
    (tmp_path / STATE_NAME).write_text(json.dumps({"format": 1, "runs": {}, "fingerprints": {}}))
    BatchState(tmp_path).open().close()


def test_one_batch_at_a_time_per_output_folder(tmp_path: Path) -> None:
    first = BatchState(tmp_path).open()
    with pytest.raises(TemporaryError, match="another peepshow batch is using"):
        BatchState(tmp_path).open()
    first.close()
    BatchState(tmp_path).open().close()
