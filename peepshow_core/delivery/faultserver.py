"""A local HTTP server that answers badly on purpose, for testing sinks.

It is the base of every service emulator in tests/emulators/ and the server behind
`peepshow sinks check-contract` (delivery/conformance.py). Each request is recorded; it gets the
next queued `Fault` (for any path, or for one path prefix), or else the server's normal
`answer(request)` (a subclass plays a service; the base answers `ok`, 200 `{}` by default).

Fault modes (`Mode`), each what a real network or a misconfigured service does:

| mode | the answer |
| --- | --- |
| `status` | `status` (default 503) with `body` and an optional `Retry-After`; nothing is done |
| `drop` | the connection is closed with no answer (`after_work`: the work is done first) |
| `slow` | the answer comes after `seconds` (the work is done then) |
| `never` | the request is read and never answered; the connection stays open |
| `mid-body` | the work is done; the headers and half the body are sent; the connection closes |
| `drip` | the work is done; the answer is sent one byte every `seconds` |
| `redirect` | `status` (default 307) to `location` (another host or scheme) plus the same path |
| `html` | 200 with an HTML sign-in page, as a proxy or single sign-on gateway answers |
| `bad-gzip` | the work is done; 200 says `Content-Encoding: gzip` over a body that is no gzip |
| `truncated` | the work is done; the answer is complete HTTP but its body is cut in half |
| `echo` | `status` (default 400) with a long body echoing `secret`, every header and the body, |
|        | the first echoed value straddling the 300th character (where error texts get cut) |
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from dataclasses import dataclass, field
from enum import StrEnum
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

ECHO_OFFSET = 285  # where the echoed values start in an `echo` body (a cut at 300 crosses them)
DRIP_SECONDS = 0.2  # default pause between the bytes of a `drip` answer
NEVER_SECONDS = 3600.0  # how long a `never` answer holds the connection (until the server stops)
SIGN_IN_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head>\n<body>"
    '<form action="/login" method="post"><input name="user"><input name="password" '
    'type="password"><button>Sign in</button></form></body></html>\n'
)


class Mode(StrEnum):
    status = "status"
    drop = "drop"
    slow = "slow"
    never = "never"
    mid_body = "mid-body"
    drip = "drip"
    redirect = "redirect"
    html = "html"
    bad_gzip = "bad-gzip"
    truncated = "truncated"
    echo = "echo"


@dataclass
class Fault:
    mode: Mode = Mode.status
    status: int | None = None  # status / redirect / echo / truncated: the HTTP status to send
    body: str | None = None  # status: the body (default: the server's `error_body`)
    content_type: str = "application/json"
    retry_after: str | None = None
    seconds: float = 0.0  # slow: the delay; drip: the pause between bytes; never: the hold
    location: str = ""  # redirect: the base URL to send the client to
    after_work: bool = False  # drop: do the work first (the answer is lost, not the write)
    secret: str = ""  # echo: the value to place across the cut (default: the first header's)
    path: str | None = None  # only requests whose path starts with this


class Headers(dict[str, str]):
    """Request headers; names are compared without regard to case."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__((str(k).lower(), v) for k, v in dict(items).items())

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


@dataclass
class Request:
    """One request as the server read it."""

    method: str
    path: str
    query: str
    headers: Headers
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Answer:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, status: int, data: Any, headers: dict[str, str] | None = None) -> Answer:
        """JSON for dicts and lists, text/plain for a string."""
        if isinstance(data, str):
            return cls(status, data.encode(), "text/plain; charset=utf-8", headers or {})
        return cls(status, json.dumps(data).encode(), "application/json", headers or {})

    def raw(self) -> bytes:
        """The whole HTTP/1.1 response as bytes."""
        try:
            reason = HTTPStatus(self.status).phrase
        except ValueError:
            reason = "Status"
        lines = [f"HTTP/1.1 {self.status} {reason}", f"Content-Type: {self.content_type}"]
        lines += [f"{k}: {v}" for k, v in self.headers.items()]
        lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


class FaultServer:
    """A threaded HTTP server on 127.0.0.1 with a fault queue. Subclasses override `answer`
    (the service) and `error_body` (its error shape). Use as a context manager or start/stop."""

    def __init__(self, ok: Answer | None = None, tls: ssl.SSLContext | None = None) -> None:
        self.ok = ok or Answer.of(200, {})
        self.tls = tls
        self.requests: list[Request] = []
        self.lock = threading.RLock()
        self.closing = threading.Event()
        self._faults: list[Fault] = []
        self._active = 0
        self._httpd: _Server | None = None

    # --- what a subclass plays ------------------------------------------------------------
    def answer(self, request: Request) -> Answer:
        return self.ok

    def error_body(self, status: int) -> str:
        return json.dumps({"code": status, "message": "injected fault"})

    # --- test controls ----------------------------------------------------------------------
    def inject(self, mode: Mode | str, times: int = 1, **params: Any) -> None:
        """Queue `times` faults of `mode` (params as in `Fault`) for the next requests."""
        with self.lock:
            self._faults += [Fault(Mode(mode), **params) for _ in range(times)]

    def fail_next(
        self,
        status: int = 503,
        *,
        times: int = 1,
        body: str | None = None,
        content_type: str = "application/json",
        retry_after: str | None = None,
        path: str | None = None,
    ) -> None:
        self.inject(
            Mode.status,
            times,
            status=status,
            body=body,
            content_type=content_type,
            retry_after=retry_after,
            path=path,
        )

    def drop_next(self, times: int = 1, *, after_work: bool = False, path: str | None = None):
        self.inject(Mode.drop, times, after_work=after_work, path=path)

    def slow_next(self, seconds: float, times: int = 1, *, path: str | None = None) -> None:
        self.inject(Mode.slow, times, seconds=seconds, path=path)

    def clear_faults(self) -> None:
        with self.lock:
            self._faults.clear()

    def faults_left(self) -> int:
        with self.lock:
            return len(self._faults)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Until every request in flight (e.g. a slow one the client gave up on) is answered."""
        deadline = time.monotonic() + timeout
        while self._active and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not self._active, "the server is still answering a request"

    # --- running ----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._httpd is not None, "the server is not running"
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> FaultServer:
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        if self.tls is not None:
            httpd.socket = self.tls.wrap_socket(httpd.socket, server_side=True)
        self._httpd = httpd
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self.closing.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the handler's side -----------------------------------------------------------------
    def _record(self, request: Request) -> Fault | None:
        with self.lock:
            self.requests.append(request)
            for index, fault in enumerate(self._faults):
                if fault.path is None or request.path.startswith(fault.path):
                    return self._faults.pop(index)
        return None

    def _serve(self, request: Request, fault: Fault | None) -> tuple[bytes, Fault | None]:
        """The bytes to send and the fault still to apply while sending (None: send them all)."""
        if fault is None:
            return self.answer(request).raw(), None
        mode = fault.mode
        if mode is Mode.slow:
            self.closing.wait(fault.seconds)
            return self.answer(request).raw(), None
        if mode is Mode.status:
            status = fault.status or 503
            body = self.error_body(status) if fault.body is None else fault.body
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            return Answer(status, body.encode(), fault.content_type, headers).raw(), None
        if mode is Mode.redirect:
            target = fault.location.rstrip("/") + request.path
            target += f"?{request.query}" if request.query else ""
            return Answer(fault.status or 307, b"", "text/plain", {"Location": target}).raw(), None
        if mode is Mode.html:
            return Answer(200, SIGN_IN_PAGE.encode(), "text/html; charset=utf-8").raw(), None
        if mode is Mode.echo:
            return self._echo(request, fault.status or 400, fault.secret).raw(), None
        if mode in (Mode.drop, Mode.never):
            if fault.after_work:
                self.answer(request)
            return b"", fault
        real = self.answer(request)  # mid-body, drip, truncated, bad-gzip: the work is done
        if mode is Mode.bad_gzip:
            headers = {**real.headers, "Content-Encoding": "gzip"}
            return Answer(200, b"this is no gzip stream", real.content_type, headers).raw(), None
        if mode is Mode.truncated:
            cut = real.body[: len(real.body) // 2] or b'{"'
            return Answer(fault.status or real.status, cut, real.content_type).raw(), None
        return real.raw(), fault

    def _echo(self, request: Request, status: int, secret: str) -> Answer:
        echoed = " ".join(f"{k}: {v}" for k, v in request.headers.items()) + " " + request.text
        filler = ("the request was refused; here is what came: " * 10)[:ECHO_OFFSET]
        message = filler + secret + " " + echoed + " " * 40 + "end"
        return Answer.of(status, {"code": status, "message": message})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: FaultServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up (on purpose, in these tests) is not worth a traceback


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _any(self) -> None:
        owner = self.server.owner
        with owner.lock:
            owner._active += 1
        try:
            self._exchange(owner)
        finally:
            with owner.lock:
                owner._active -= 1

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any

    def _exchange(self, owner: FaultServer) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        request = Request(self.command, parts.path, parts.query, Headers(self.headers), body)
        data, fault = owner._serve(request, owner._record(request))
        try:
            if fault is None:
                self.wfile.write(data)
            elif fault.mode is Mode.never:
                owner.closing.wait(fault.seconds or NEVER_SECONDS)
                self.close_connection = True
            elif fault.mode is Mode.drop:
                self.close_connection = True
            elif fault.mode is Mode.mid_body:
                head, _, rest = data.partition(b"\r\n\r\n")
                self.wfile.write(head + b"\r\n\r\n" + rest[: max(1, len(rest) // 2)])
                self.wfile.flush()
                self.close_connection = True
            else:  # drip
                for i in range(len(data)):
                    if owner.closing.wait(fault.seconds or DRIP_SECONDS):
                        break
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True  # the client gave up
