"""`peepshow batch` over a folder holding a file whose name is not UTF-8 (an old archive's
Latin-1 `caf\\xe9.mp4`): the file is processed and recorded, its JSON line and its failure
line are valid UTF-8 (U+FFFD for each undecodable byte, the exact bytes in `source.path_b64`,
as for one video), and a rerun skips it. Before, the state file could not be written
(UnicodeEncodeError): the batch died with exit 1 after its first such file, and every rerun
did the same."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path

from peepshow_core.batch.state import STATE_NAME
from peepshow_core.contract.errors import ExitCode
from tests.batch.conftest import json_lines
from tests.support.cli import run_exe

TIMEOUT_S = 240
LATIN1_NAME = b"caf\xe9.mp4"  # not UTF-8


def test_a_name_that_is_not_utf8_is_processed_recorded_and_skipped_later(
    silent_talks: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    odd = Path(os.fsdecode(bytes(folder) + b"/" + LATIN1_NAME))
    shutil.copy(silent_talks[0], odd)
    missing = Path(os.fsdecode(bytes(tmp_path) + b"/gone-\xff.mp4"))
    out, lines = tmp_path / "out", tmp_path / "lines.jsonl"
    args = [str(folder), str(missing), "--out", str(out), "--jsonl", str(lines)]
    args += ["--no-transcript", "--jobs", "1"]

    first = run_exe("batch", *args, timeout=TIMEOUT_S)
    assert first.code == ExitCode.FILES_FAILED, first.stderr
    payloads, failures = json_lines(lines.read_bytes().decode("utf-8"))
    (payload,) = payloads
    assert base64.b64decode(payload["source"]["path_b64"]) == os.fsencode(odd)
    assert payload["source"]["name"] == "caf\ufffd.mp4"
    (failure,) = failures
    assert failure["exit_code"] == ExitCode.NO_INPUT
    assert base64.b64decode(failure["source"]["path_b64"]) == os.fsencode(missing)
    assert "\ufffd" in failure["source"]["path"] and "\ufffd" in failure["error"]
    state = json.loads((out / STATE_NAME).read_bytes().decode("utf-8"))
    assert [run["run_id"] for run in state["runs"].values()] == [payload["run_id"]]

    again = run_exe("batch", *args, timeout=TIMEOUT_S)
    assert again.code == ExitCode.FILES_FAILED, again.stderr
    assert "0 done, 1 skipped, 1 failed" in again.stderr
