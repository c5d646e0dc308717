"""Ctrl-C on `peepshow-mcp` run by hand (its stdin still open, as in a terminal): it ends with
130 and one "interrupted" line, idle or in a call; a call's run stops at its next step and
leaves no run folder (`frontends/mcp_stop.py`). Before, the SDK cancelled the server and then
waited for stdin to end: the server sat there until Ctrl-D."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.cli import installed_script

ENDS_WITHIN_S = 60.0  # (a hang guard, no timing)
PROTOCOL = "2025-06-18"


def send(stdin: IO[bytes], message: dict[str, Any]) -> None:
    stdin.write((json.dumps({"jsonrpc": "2.0", **message}) + "\n").encode())
    stdin.flush()


def start(tmp_path: Path) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        PEEPSHOW_CONFIG_DIR=str(tmp_path / "config"),
        PEEPSHOW_STATE_DIR=str(tmp_path / "state"),
        PEEPSHOW_OUT_DIR=str(tmp_path / "runs"),
    )
    server = subprocess.Popen(
        [installed_script("peepshow-mcp")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert server.stdin is not None and server.stdout is not None
    info = {"name": "test", "version": "1"}
    params = {"protocolVersion": PROTOCOL, "capabilities": {}, "clientInfo": info}
    send(server.stdin, {"id": 1, "method": "initialize", "params": params})
    assert b'"id":1' in server.stdout.readline()
    send(server.stdin, {"method": "notifications/initialized"})
    return server


def ended(server: subprocess.Popen[bytes]) -> tuple[int, str]:
    """Its exit code and stderr; killed (and the test failed) if it is still there."""
    try:
        code = server.wait(ENDS_WITHIN_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        pytest.fail(f"peepshow-mcp still runs {ENDS_WITHIN_S} s after Ctrl-C")
    assert server.stderr is not None
    return code, server.stderr.read().decode()


def test_ctrl_c_on_an_idle_server_ends_it(tmp_path: Path) -> None:
    server = start(tmp_path)
    server.send_signal(signal.SIGINT)
    code, err = ended(server)
    assert code == ExitCode.INTERRUPTED, err
    assert err.strip().splitlines() == ["peepshow-mcp: interrupted"], err


def test_ctrl_c_during_a_call_stops_its_run_and_ends_the_server(
    long_speech: Path, tmp_path: Path
) -> None:
    server = start(tmp_path)
    assert server.stdin is not None and server.stderr is not None
    call = {"name": "extract_video", "arguments": {"path": str(long_speech)}}
    send(server.stdin, {"id": 2, "method": "tools/call", "params": call})
    said = []
    transcribing = threading.Event()

    def read() -> None:  # (stderr read as it comes: the server says when it transcribes)
        assert server.stderr is not None
        for line in server.stderr:
            said.append(line.decode())
            if b"transcribing" in line:
                transcribing.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert transcribing.wait(ENDS_WITHIN_S), said
    server.send_signal(signal.SIGINT)
    try:
        code = server.wait(ENDS_WITHIN_S)
    except subprocess.TimeoutExpired:
        server.kill()
        pytest.fail(f"peepshow-mcp still runs {ENDS_WITHIN_S} s after Ctrl-C: {said}")
    reader.join(ENDS_WITHIN_S)
    assert code == ExitCode.INTERRUPTED, said
    assert said[-1] == "peepshow-mcp: interrupted\n", said
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
