"""The fault server every emulator stands on: each mode answers as its table says."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
import requests

from peepshow_core.delivery.faultserver import ECHO_OFFSET, Answer, FaultServer, Mode, Request


class Counter(FaultServer):
    """A service whose work is visible: each answered request counts one."""

    def __init__(self) -> None:
        super().__init__()
        self.done = 0

    def answer(self, request: Request) -> Answer:
        self.done += 1
        return Answer.of(201, {"run_id": "r-1", "echo": request.text})


@pytest.fixture
def server() -> Iterator[Counter]:
    with Counter() as running:
        yield running


def raw_exchange(url: str, timeout: float = 5.0) -> bytes:
    """Send one POST by hand and read whatever comes until the server closes."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(
            b"POST /w HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        )
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_normal_answer_and_status_fault(server: Counter) -> None:
    assert requests.post(server.url + "/w", json={}, timeout=5).status_code == 201
    server.fail_next(429, retry_after="7")
    answer = requests.post(server.url + "/w", json={}, timeout=5)
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "7"
    assert server.done == 1 and len(server.requests) == 2  # a status fault does no work


def test_faults_for_one_path_leave_other_paths_alone(server: Counter) -> None:
    server.fail_next(503, path="/other")
    assert requests.post(server.url + "/w", json={}, timeout=5).status_code == 201
    assert requests.post(server.url + "/other", json={}, timeout=5).status_code == 503


def test_drop_closes_without_an_answer_and_after_work_does_the_work(server: Counter) -> None:
    server.drop_next()
    with pytest.raises(requests.ConnectionError):
        requests.post(server.url + "/w", json={}, timeout=5)
    server.drop_next(after_work=True)
    with pytest.raises(requests.ConnectionError):
        requests.post(server.url + "/w", json={}, timeout=5)
    assert server.done == 1


def test_mid_body_sends_half_the_declared_body(server: Counter) -> None:
    server.inject(Mode.mid_body)
    raw = raw_exchange(server.url)
    head, _, body = raw.partition(b"\r\n\r\n")
    declared = int(next(v for k, v in _headers(head) if k == "content-length"))
    assert head.startswith(b"HTTP/1.1 201") and 0 < len(body) < declared
    assert server.done == 1


def test_truncated_is_complete_http_with_a_cut_body(server: Counter) -> None:
    server.inject(Mode.truncated)
    answer = requests.post(server.url + "/w", json={}, timeout=5)
    assert answer.status_code == 201
    with pytest.raises(ValueError):
        json.loads(answer.text)


def test_drip_sends_one_byte_at_a_time(server: Counter) -> None:
    server.inject(Mode.drip, seconds=0.002)
    start = time.monotonic()
    raw = raw_exchange(server.url)
    assert raw.startswith(b"HTTP/1.1 201") and time.monotonic() - start >= 0.002 * len(raw)


def test_never_answers_until_the_server_stops(server: Counter) -> None:
    server.inject(Mode.never)
    with pytest.raises(requests.Timeout):
        requests.post(server.url + "/w", json={}, timeout=(2, 0.5))


def test_redirect_points_at_another_base_with_the_same_path(server: Counter) -> None:
    server.inject(Mode.redirect, location="http://localhost:9/elsewhere")
    answer = requests.post(server.url + "/w?x=1", json={}, timeout=5, allow_redirects=False)
    assert answer.status_code == 307
    assert answer.headers["Location"] == "http://localhost:9/elsewhere/w?x=1"


def test_html_is_a_200_sign_in_page(server: Counter) -> None:
    server.inject(Mode.html)
    answer = requests.post(server.url + "/w", json={}, timeout=5)
    assert answer.status_code == 200 and "<title>Sign in" in answer.text and server.done == 0


def test_echo_puts_the_request_across_the_300th_character(server: Counter) -> None:
    secret = "tok-0123456789abcdef"
    server.inject(Mode.echo, secret=secret)
    answer = requests.post(server.url + "/w", headers={"X-Token": secret}, data="{}", timeout=5)
    message = answer.json()["message"]
    assert answer.status_code == 400 and "x-token: " + secret in message
    assert message.index(secret) == ECHO_OFFSET < 300 < ECHO_OFFSET + len(secret)


def test_slow_answers_late_and_does_the_work(server: Counter) -> None:
    server.slow_next(0.3)
    start = time.monotonic()
    assert requests.post(server.url + "/w", json={}, timeout=5).status_code == 201
    assert time.monotonic() - start >= 0.3 and server.done == 1


def _headers(head: bytes) -> list[tuple[str, str]]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    return [(k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in lines)]
