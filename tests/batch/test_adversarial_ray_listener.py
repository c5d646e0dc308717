"""`--engine ray --ray-address host:port` naming something that is not a Ray GCS — a listener
that accepts and never answers, a plain HTTP server — is one CONFIG (6) line within
ray_probe.PROBE_TIMEOUT_S. Before, the address only had to accept a TCP connection: Ray was
then handed it and waited for a GCS there for minutes (still waiting after 150 s, printing its
own C++ log lines every few seconds), taking SIGINT only 13 s after it came. A real GCS passes
the probe (tests/batch/test_ray_engine.py runs a batch against one by its address)."""

from __future__ import annotations

import importlib.util
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from peepshow_core.batch import ray_probe
from peepshow_core.contract.errors import ConfigError, ExitCode
from tests.support.cli import run_exe

# far beyond the probe's bound, far below Ray's own wait: a hang fails the test
HANG_S = ray_probe.PROBE_TIMEOUT_S * 8
BACKLOG = 8
SETTINGS_FRAME = bytes(3) + bytes([ray_probe.SETTINGS_FRAME_TYPE]) + bytes(5)


class _Listener:
    """A TCP listener on 127.0.0.1 that accepts connections and, if `greeting` is set, sends
    it once it has read the client's first bytes; it never says anything else."""

    def __init__(self, greeting: bytes | None = None) -> None:
        self.greeting = greeting
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(BACKLOG)
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            if self.greeting is not None:
                conn.recv(len(ray_probe.HTTP2_PREFACE))
                conn.sendall(self.greeting)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def silent() -> Iterator[_Listener]:
    listener = _Listener()
    yield listener
    listener.close()


@pytest.fixture
def http_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_listener_that_never_answers_is_refused(silent: _Listener) -> None:
    with pytest.raises(ConfigError) as caught:
        ray_probe.check_gcs(silent.address)
    assert "did not answer as a Ray GCS" in caught.value.message
    assert f"{ray_probe.PROBE_TIMEOUT_S:g} s" in caught.value.message


def test_a_plain_http_server_is_refused(http_server: str) -> None:
    with pytest.raises(ConfigError) as caught:
        ray_probe.check_gcs(http_server)
    assert "not as a Ray GCS" in caught.value.message


def test_a_server_greeting_as_grpc_does_passes() -> None:
    listener = _Listener(SETTINGS_FRAME)
    try:
        ray_probe.check_gcs(listener.address)
    finally:
        listener.close()


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray is not installed")
def test_the_batch_says_so_in_one_line(silent: _Listener, tmp_path: Path) -> None:
    video = tmp_path / "talk.mp4"
    video.write_bytes(b"not read: the engine starts first")
    args = [str(video), "--out", str(tmp_path / "out"), "--no-transcript", "--engine", "ray"]
    result = run_exe("batch", *args, "--ray-address", silent.address, timeout=HANG_S)
    assert result.code == ExitCode.CONFIG, result.stderr
    lines = result.stderr.strip().splitlines()
    assert f"cannot reach the Ray cluster at {silent.address}" in lines[-1]
    assert "Traceback" not in result.stderr and "rpc_client" not in result.stderr
