"""`peepshow batch --engine ray` against a real local Ray cluster (one for the module): a worker
killed in the middle of a job, a bad file in the input, then a resumed run that skips the
finished work and delivers nothing twice."""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from peepshow_core.contract.errors import ConfigError, ExitCode
from tests.batch.conftest import broken_file, delivered, json_lines, lay_out, start_batch
from tests.support.cli import run_exe

pytestmark = pytest.mark.xdist_group("ray")  # one cluster, one test worker

CLUSTER = """
import sys, ray
ray.init(num_cpus=2, include_dashboard=False, object_store_memory=100 * 1024 * 1024,
         logging_level="ERROR")
print(ray.get_runtime_context().gcs_address, flush=True)
sys.stdin.read()  # until the test closes it
ray.shutdown()
"""
TIMEOUT_S = 300


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    """A 2-CPU Ray cluster with token authentication (as a shared cluster should have), started
    for these tests and stopped after them: only its own processes, no `ray stop` (which would
    stop every Ray cluster on the machine). Drivers find the token in RAY_AUTH_TOKEN."""
    env = pytest.MonkeyPatch()
    env.setenv("RAY_AUTH_MODE", "token")
    env.setenv("RAY_AUTH_TOKEN", secrets.token_hex(24))
    proc = subprocess.Popen(
        [sys.executable, "-c", CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdin is not None
    address = proc.stdout.readline().strip()
    try:
        assert address, "the test Ray cluster did not start"
        yield address
    finally:
        proc.stdin.close()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
        env.undo()


def running_ray_jobs() -> list[psutil.Process]:
    """Ray worker processes running a batch job right now (Ray titles them by method)."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        line = " ".join(proc.info["cmdline"] or [])
        if line.startswith("ray::BatchWorker.run"):
            found.append(proc)
    return found


def test_a_killed_worker_and_a_bad_file_then_a_resumed_run(
    ray_address: str, speech_talks: list[Path], delivery_log: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    talks = lay_out(folder, {p.name: p for p in speech_talks[:3]})
    bad = broken_file(folder / "broken.mov")
    out, lines = tmp_path / "out", tmp_path / "lines.jsonl"
    args = [str(folder), "--out", str(out), "--jsonl", str(lines), "--engine", "ray"]
    args += ["--ray-address", ray_address]

    proc = start_batch(*args, cwd=tmp_path)
    deadline = time.monotonic() + 120
    victims: list[psutil.Process] = []
    while not victims and time.monotonic() < deadline and proc.poll() is None:
        victims = running_ray_jobs()
        time.sleep(0.02)
    assert victims, f"no Ray worker was seen running a job: {proc.communicate()[1]}"
    victims[0].kill()
    _stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == ExitCode.FILES_FAILED, stderr
    assert "its Ray worker died" in stderr and "trying again" in stderr
    payloads, failures = json_lines(lines.read_text())
    done = sorted(p["source"]["path"] for p in payloads)
    assert done == sorted(str(t) for t in talks.values()), stderr
    assert all(p["transcript"] for p in payloads)
    assert [(f["source"]["path"], f["exit_code"]) for f in failures] == [
        (str(bad), ExitCode.BAD_INPUT)
    ]
    run_ids = sorted(p["run_id"] for p in payloads)
    assert sorted(delivered(delivery_log)) == run_ids
    assert "3 done, 0 skipped, 1 failed" in stderr

    again = run_exe("batch", *args, timeout=TIMEOUT_S)
    assert again.code == ExitCode.FILES_FAILED, again.stderr
    assert "0 done, 3 skipped, 1 failed" in again.stderr
    payloads, failures = json_lines(lines.read_text())
    assert sorted(p["run_id"] for p in payloads) == run_ids  # no second line for any video
    assert sorted(delivered(delivery_log)) == run_ids  # and nothing delivered twice


def test_without_ray_installed_the_engine_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from peepshow_core.batch.engine import WorkerSetup, open_engine

    monkeypatch.setitem(sys.modules, "ray", None)
    engine = open_engine("ray", None)
    with pytest.raises(ConfigError, match=r"pip install 'peepshow\[ray\]'"):
        engine.start(WorkerSetup(tmp_path, "token"))
