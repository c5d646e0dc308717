"""Ctrl-C or SIGTERM while sinks run (`peepshow VIDEO`, `peepshow sinks retry`): a status line
per running sink; the first signal stops every sink's process group, keeps each unfinished
delivery in the outbox, says so and exits 130; no child outlives peepshow."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from peepshow_core.contract import outbox
from peepshow_core.contract.errors import ExitCode
from peepshow_core.delivery import registry
from tests.support.cli import peepshow_exe
from tests.support.paths import load_run

SLOW_SINK = 'cat >/dev/null; echo $$ > "$PIDS/$PEEPSHOW_SINK_ID"; sleep 30; echo "{}"'
STATUS_WAIT_S = 60.0


def read_until(proc: subprocess.Popen[bytes], marker: str, timeout_s: float) -> str:
    """stderr read as it comes (unbuffered) until `marker` shows or the time runs out."""
    assert proc.stderr is not None
    fd, seen = proc.stderr.fileno(), b""
    deadline = time.monotonic() + timeout_s
    while marker.encode() not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            seen += chunk
    return seen.decode("utf-8", "replace")


def sink_pids(pids: Path) -> list[int]:
    return [int(p.read_text()) for p in pids.iterdir()] if pids.is_dir() else []


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize(
    ("sig", "times"),
    [(signal.SIGINT, 1), (signal.SIGTERM, 1), (signal.SIGINT, 2)],
    ids=["ctrl-c", "sigterm", "ctrl-c twice"],
)
def test_a_signal_while_sinks_run_stops_them_and_keeps_their_deliveries(
    silent_video: Path, tmp_path: Path, sig: signal.Signals, times: int
) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    registry.add_cmd(SLOW_SINK, entry_id="slow-a")
    registry.add_cmd(SLOW_SINK, entry_id="slow-b")
    proc = subprocess.Popen(
        [peepshow_exe(), str(silent_video), "--no-transcript", "-e", "none"],
        env={**os.environ, "PIDS": str(pids)},
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    try:
        seen = read_until(proc, "sink slow-b: running", STATUS_WAIT_S)
        assert "sink slow-a: running" in seen and "sink slow-b: running" in seen, seen
        while len(sink_pids(pids)) < 2:
            time.sleep(0.05)
        started = time.monotonic()
        proc.send_signal(sig)  # the first signal is enough; a second one loses nothing
        for _ in range(times - 1):
            time.sleep(0.3)
            if proc.poll() is None:
                proc.send_signal(sig)
        rest = proc.communicate(timeout=30)[1].decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == ExitCode.INTERRUPTED, rest
    assert time.monotonic() - started < 10
    assert (
        "stopped 2 sink(s) (slow-a, slow-b)" in rest and "2 unfinished deliveries are kept" in rest
    )
    assert rest.strip().splitlines()[-1] == "peepshow: interrupted"
    assert not any(alive(pid) for pid in sink_pids(pids))  # no child outlives peepshow
    kept = outbox.items()[0]
    assert sorted(item.sink for item in kept) == ["slow-a", "slow-b"]
    assert all(item.error.startswith("interrupted") for item in kept)


def test_ctrl_c_during_retry_leaves_every_entry_as_it_was(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    registry.add_cmd(SLOW_SINK, entry_id="slow")
    path = outbox.store("slow", load_run("full"), error="was down", kind="cmd")
    before = path.read_bytes()
    proc = subprocess.Popen(
        [peepshow_exe(), "sinks", "retry"],
        env={**os.environ, "PIDS": str(pids)},
        stderr=subprocess.PIPE,
    )
    try:
        read_until(proc, "sink slow: running", STATUS_WAIT_S)
        while not sink_pids(pids):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=30)[1].decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == ExitCode.INTERRUPTED, rest
    assert not any(alive(pid) for pid in sink_pids(pids))
    assert path.read_bytes() == before  # not delivered, not counted as a failed attempt
    assert "interrupted — it stays in the outbox" in rest
