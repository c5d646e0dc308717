"""`peepshow batch` on the local engine, with real worker processes: a folder with a bad file,
a re-run that skips everything and delivers nothing twice, --force, --fail-fast, a worker killed
in the middle of a job, and Ctrl-C followed by a resumed run."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from peepshow_core.batch.engine import WorkerSetup
from peepshow_core.batch.jobs import Job, mark_storage
from peepshow_core.batch.local_engine import LocalEngine
from peepshow_core.batch.state import STATE_NAME
from peepshow_core.contract.errors import ExitCode
from peepshow_core.run.options import RunOptions
from tests.batch.conftest import broken_file, delivered, json_lines, lay_out, start_batch
from tests.support.cli import run_exe

TIMEOUT_S = 240
CTRL_C_PRESSES, CTRL_C_INTERVAL_S = 4, 0.05
START_ATTEMPTS = 3


def test_a_folder_then_a_rerun_that_skips_everything_then_force(
    silent_talks: list[Path], delivery_log: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    placed = lay_out(
        folder,
        {
            "a.mp4": silent_talks[0],
            "day 2/B.MOV": silent_talks[1],
            "day 2/deep/c.mkv": silent_talks[2],
            ".trash/old.mp4": silent_talks[0],
            "day 2/.partial.mp4": silent_talks[1],
        },
    )
    bad = broken_file(folder / "day 2" / "broken.mp4")
    (folder / "notes.txt").write_text("not media")
    out = tmp_path / "out"
    args = [str(folder), "--out", str(out), "--jsonl", "-", "--no-transcript", "--jobs", "2"]

    first = run_exe("batch", *args, timeout=TIMEOUT_S)
    assert first.code == ExitCode.FILES_FAILED, first.stderr
    payloads, failures = json_lines(first.stdout)
    wanted = {str(placed[n]) for n in ("a.mp4", "day 2/B.MOV", "day 2/deep/c.mkv")}
    assert {p["source"]["path"] for p in payloads} == wanted
    assert len(payloads) == 3
    assert [(f["source"]["path"], f["exit_code"]) for f in failures] == [
        (str(bad), ExitCode.BAD_INPUT)
    ]
    assert "is not a video or audio file" in failures[0]["error"]
    run_ids = {p["run_id"] for p in payloads}
    assert sorted(delivered(delivery_log)) == sorted(run_ids)
    assert all(p["deliveries"][0]["ok"] for p in payloads)
    assert "3 done, 0 skipped, 1 failed" in first.stderr
    assert "videos/hour" in first.stderr and "hours of video/hour" in first.stderr
    assert f"broken.mp4: error: {failures[0]['error']} (exit 4)" in first.stderr
    state = json.loads((out / "peepshow-batch.json").read_text())
    assert {r["run_id"] for r in state["runs"].values()} == run_ids

    again = run_exe("batch", *args, timeout=TIMEOUT_S)
    assert again.code == ExitCode.FILES_FAILED, again.stderr
    payloads_again, failures_again = json_lines(again.stdout)
    assert payloads_again == []
    assert len(failures_again) == 1
    assert "0 done, 3 skipped, 1 failed" in again.stderr
    assert "jobs at a time" not in again.stderr.replace("1 job at a time", "")
    assert sorted(delivered(delivery_log)) == sorted(run_ids)  # nothing sent twice

    forced = run_exe("batch", *args, "--force", timeout=TIMEOUT_S)
    payloads_forced, _ = json_lines(forced.stdout)
    assert {p["run_id"] for p in payloads_forced} == run_ids  # the same records, updated
    assert sorted(delivered(delivery_log)) == sorted([*run_ids, *run_ids])


def test_fail_fast_stops_at_the_first_failed_file(silent_talks: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    lay_out(folder, {"a.mp4": silent_talks[0], "b.mp4": silent_talks[1]})
    broken_file(folder / "huge-but-broken.mp4", size=3_000_000)  # largest: runs first
    result = run_exe(
        "batch", str(folder), "--out", str(tmp_path / "out"), "--no-transcript", "--jobs", "1",
        "--fail-fast", "--no-sinks", timeout=TIMEOUT_S,
    )  # fmt: skip
    assert result.code == ExitCode.FILES_FAILED
    payloads, failures = json_lines(result.stdout)
    assert payloads == [] and len(failures) == 1
    assert "0 done, 0 skipped, 1 failed" in result.stderr
    assert "2 not processed (--fail-fast stopped it)" in result.stderr


def batch_workers(batch: psutil.Process) -> list[psutil.Process]:
    """The batch's worker processes (spawned interpreters; not multiprocessing's tracker)."""
    found = []
    for child in batch.children(recursive=True):
        try:
            line = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in line:
            found.append(child)
    return found


def wait_for(condition, timeout: float = 240.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail("timed out waiting")


def test_a_job_whose_worker_is_killed_is_done_again_once(
    speech_talks: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    lay_out(folder, {p.name: p for p in speech_talks[:3]})
    out, lines = tmp_path / "out", tmp_path / "lines.jsonl"
    proc = start_batch(
        str(folder), "--out", str(out), "--jsonl", str(lines), "--jobs", "2", "--no-sinks",
        cwd=tmp_path,
    )  # fmt: skip
    batch = psutil.Process(proc.pid)
    wait_for(lambda: any(p.is_dir() for p in out.glob("talk-*")))  # a job is under way
    victim = wait_for(lambda: batch_workers(batch))[0]
    victim.kill()
    _stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == ExitCode.OK, stderr
    assert "its worker process died (killed by signal 9); trying again" in stderr
    payloads, failures = json_lines(lines.read_text())
    assert failures == []
    assert sorted(p["source"]["name"] for p in payloads) == sorted(p.name for p in speech_talks[:3])
    for payload in payloads:  # a retried job's folder holds that run's frames and nothing else
        folder = Path(payload["frames_dir"])
        folder_files = {str(f) for f in folder.iterdir() if f.name.startswith("frame-")}
        assert folder_files == {f["path"] for f in payload["frames"]}
        assert payload["transcript"] is not None


def test_each_worker_loads_the_model_once_and_keeps_it(
    speech_talks: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    engine = LocalEngine()
    assert engine.start(WorkerSetup(out, mark_storage(out), jobs=1)) == 1
    try:
        results = []
        for index, talk in enumerate(speech_talks[:3]):
            engine.submit(
                Job(
                    index,
                    str(talk),
                    RunOptions(out_dir=out),
                    f"{index:08d}-0000-5000-8000-000000000000",
                )
            )
            results.append(wait_for(lambda: engine.next_result(0.5), timeout=240))
    finally:
        engine.close()
    assert [r.error for r in results] == [None, None, None]
    assert len({r.worker for r in results}) == 1
    assert [r.model_loads for r in results] == [1, 1, 1]
    assert all(r.payload and r.payload["transcript"] for r in results)


def test_ctrl_c_stops_cleanly_and_the_next_run_resumes(
    speech_talks: list[Path], delivery_log: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    lay_out(folder, {p.name: p for p in speech_talks})
    out, lines = tmp_path / "out", tmp_path / "lines.jsonl"
    args = [str(folder), "--out", str(out), "--jsonl", str(lines), "--jobs", "2"]
    proc = start_batch(*args, cwd=tmp_path)
    batch = psutil.Process(proc.pid)
    workers = wait_for(
        lambda: [w.pid for w in batch_workers(batch)] if len(batch_workers(batch)) == 2 else None
    )
    wait_for(lambda: lines.exists() and lines.read_text().strip(), timeout=240)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == ExitCode.INTERRUPTED, stderr
    assert "batch interrupted:" in stderr and "run the same command to resume" in stderr
    assert stderr.rstrip().endswith("peepshow batch: interrupted")
    assert "Traceback" not in stderr and "leaked" not in stderr
    time.sleep(0.5)
    assert [pid for pid in workers if psutil.pid_exists(pid)] == []
    state = json.loads((out / STATE_NAME).read_text())  # whole, and agrees with what was sent
    finished = {r["run_id"] for r in state["runs"].values()}
    assert 1 <= len(finished) < 4
    assert sorted(delivered(delivery_log)) == sorted(finished), (stderr, state)

    resumed = run_exe("batch", *args, timeout=TIMEOUT_S)
    assert resumed.code == ExitCode.OK, resumed.stderr
    assert f"{4 - len(finished)} done, {len(finished)} skipped, 0 failed" in resumed.stderr
    payloads, _ = json_lines(lines.read_text())
    assert len(payloads) == 4 and len({p["run_id"] for p in payloads}) == 4
    assert sorted(delivered(delivery_log)) == sorted(p["run_id"] for p in payloads)


def test_ctrl_c_while_the_workers_start_stops_without_a_traceback(
    silent_talks: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    lay_out(folder, {p.name: p for p in silent_talks})
    for attempt in range(START_ATTEMPTS):  # the moment is a race: a few tries catch it
        args = [str(folder), "--out", str(tmp_path / f"out{attempt}"), "--no-transcript"]
        proc = start_batch(*args, "--jobs", "2", cwd=tmp_path)
        batch = psutil.Process(proc.pid)
        wait_for(lambda b=batch: batch_workers(b), timeout=60)  # a worker is starting: importing
        for _ in range(CTRL_C_PRESSES):  # as an impatient user does
            os.killpg(proc.pid, signal.SIGINT)
            time.sleep(CTRL_C_INTERVAL_S)
        _stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
        assert proc.returncode == ExitCode.INTERRUPTED, stderr
        assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
        assert stderr.rstrip().endswith("peepshow batch: interrupted")
