"""HTTP for sinks: one session, timeouts, bounded retries with backoff, redaction, dry runs.

The rules (docs/PLUGINS.md, "Transport"):
- one time budget bounds the whole delivery, answers included (PEEPSHOW_SINK_MAX_TIME): a
  server that drips its answer or never finishes it cannot hold a sink longer;
- any transport failure after the request may have left (refused, reset, cut-off or undecodable
  answer, time-out, a redirect loop or to no URL) is retried, then TemporaryError: the write is
  idempotent;
- a redirect is followed only to the same scheme, host and port (307/308 keep the method and the
  body); one to another host or scheme is refused (ConfigError), so credentials never travel
  there, and https is never downgraded;
- at most MAX_ANSWER_BYTES of an answer are read; TLS failures say which check failed.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from peepshow_core import __version__
from peepshow_core.contract import settings
from peepshow_core.contract.errors import ConfigError, ExitCode, PeepshowError, TemporaryError
from peepshow_core.contract.redact import (
    MIN_SECRET_CHARS,
    echo_pieces,
    mask_patterns,
    mask_values,
    secret_forms,
)
from peepshow_sinks.describe import describe_body, retry_after_seconds
from peepshow_sinks.urls import origin, origin_text

if TYPE_CHECKING:
    import requests

# 408: a proxy or the server gave up waiting for the request, which was not acted on.
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
# For a write keyed by run_id, which can be repeated safely: a 500 is worth another try too.
IDEMPOTENT_RETRY_STATUSES = RETRY_STATUSES | {500}
SECRET_HEADERS = frozenset({"authorization", "x-cassandra-token", "token", "x-api-key"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5  # same-origin hops before a loop is assumed
MAX_ANSWER_BYTES = 4 * 1024 * 1024  # what is read of an answer; the rest is left unread
READ_CHUNK_BYTES = 64 * 1024


class Redactor:
    """Masks every known secret (and its common encodings) in text and structures, then what
    looks like a credential whatever its value (URL passwords, bearer tokens, `?api_key=`)."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._pieces: frozenset[str] = frozenset()

    def add(self, *secrets: str | None) -> None:
        for secret in secrets:
            if not secret or len(secret) < MIN_SECRET_CHARS:
                continue
            self._secrets.update(secret_forms(secret))
        self._pieces = echo_pieces(self._secrets)

    def redact(self, text: str) -> str:
        return mask_patterns(mask_values(text, self._secrets, self._pieces))

    def redact_obj(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, Mapping):
            return {k: self.redact_obj(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.redact_obj(v) for v in value]
        return value


class DryRunDone(PeepshowError):
    """Raised after a dry run printed its request; `run_sink` exits 0."""

    code = ExitCode.OK


class DeadlineExceeded(BaseException):
    """The delivery's time budget ran out while a request was in flight (raised by an alarm;
    a BaseException so that no library code on the way swallows it)."""


class _BrokenAnswer(Exception):
    """A transport failure of ours (a redirect loop): retried like a network error."""


class Http:
    """`request()` retries 408/429/502/503/504 and transport failures with exponential backoff and
    full jitter, honouring Retry-After, within the delivery's time budget; then raises
    TemporaryError. Other statuses are returned for the sink to interpret."""

    def __init__(
        self,
        redactor: Redactor,
        *,
        sink: str,
        dry_run: bool = False,
        stdout: IO[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        environ = environ or {}
        self.redactor = redactor
        self.sink = sink
        self.dry_run = dry_run
        self.stdout = stdout
        self.connect_timeout = settings.seconds(settings.SINK_CONNECT_TIMEOUT, environ)
        self.read_timeout = settings.seconds(settings.SINK_READ_TIMEOUT, environ)
        self.max_attempts = settings.count(settings.SINK_MAX_ATTEMPTS, environ)
        self.max_total_s = settings.seconds(settings.SINK_MAX_TIME, environ)
        self.backoff_base = settings.number(
            settings.SINK_BACKOFF, environ, at_least=0, at_most=settings.MAX_SECONDS
        )
        self.deadline = time.monotonic() + self.max_total_s  # the whole delivery
        self.dry_run_notes: dict[str, Any] = {}  # added to what a dry run prints
        self._session: requests.Session | None = None

    def allow(self, seconds: float) -> None:
        """Lengthen the delivery's budget by the time a service may take on purpose (a
        Databricks statement that runs for DATABRICKS_STATEMENT_TIMEOUT)."""
        self.deadline += seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            self._session = _own_redirects_session()
            self._session.headers["User-Agent"] = f"peepshow/{__version__} (sink {self.sink})"
        return self._session

    def request(
        self,
        method: str,
        url: str,
        *,
        retry_statuses: Iterable[int] = RETRY_STATUSES,
        rate_limit_pause: float | None = None,
        server_wait_s: float = 0,
        **kwargs: Any,
    ) -> requests.Response:
        """`rate_limit_pause`: a service's documented wait after a 429 that has no Retry-After
        (Amplitude: 30 s); when it does not fit in the time budget the request gives up at once.
        `server_wait_s`: how long the server may hold the answer on purpose (long polling); it
        is added to the read timeout."""
        if self.dry_run:
            self._print_dry_run(method, url, kwargs)
        import requests

        retry_statuses = frozenset(retry_statuses)
        read_timeout = self.read_timeout + server_wait_s
        host = urlsplit(url).netloc.rpartition("@")[2]
        problem, attempt = f"no time left to ask {host}", 0
        for attempt in range(1, self.max_attempts + 1):
            wait: float | None = None
            remaining = self.remaining()
            if remaining <= 0:
                problem = f"{problem}; the time budget (PEEPSHOW_SINK_MAX_TIME) is spent"
                break
            timeout = (min(self.connect_timeout, remaining), min(read_timeout, remaining))
            try:
                with _hard_deadline(remaining):
                    response = self._exchange(method, url, timeout, kwargs)
            except DeadlineExceeded:
                problem = (
                    f"{host} did not finish answering within the time budget "
                    f"({self.max_total_s:g} s, PEEPSHOW_SINK_MAX_TIME)"
                )
                break
            except requests.exceptions.SSLError as exc:
                raise ConfigError(self.redactor.redact(_tls_problem(host, exc))) from None
            except (requests.exceptions.InvalidHeader, UnicodeError) as exc:
                raise ConfigError(
                    f"a request to {host} could not be sent: a setting holds characters an HTTP "
                    f"header cannot carry ({exc.__class__.__name__})"
                ) from None
            except (requests.RequestException, _BrokenAnswer, OSError) as exc:
                problem = _transport_problem(host, exc)
            else:
                if response.status_code not in retry_statuses:
                    return response
                detail = describe_body(response, mask=self.redactor)
                problem = f"{host} answered HTTP {response.status_code}: {detail}"
                wait = retry_after_seconds(response)
                if wait is None and response.status_code == 429:
                    wait = rate_limit_pause
            if wait is None:
                wait = random.uniform(0, self.backoff_base * 2 ** (attempt - 1))
            if attempt == self.max_attempts or wait > self.remaining():
                break
            time.sleep(wait)
        raise TemporaryError(self.redactor.redact(f"{problem} (gave up after {attempt} attempts)"))

    def _exchange(
        self, method: str, url: str, timeout: tuple[float, float], kwargs: Mapping[str, Any]
    ) -> requests.Response:
        """One request with its same-origin redirects, its answer read (at most
        MAX_ANSWER_BYTES). A redirect elsewhere is a ConfigError; a loop is a broken answer."""
        for _ in range(MAX_REDIRECTS + 1):
            response = self.session.request(
                method, url, timeout=timeout, allow_redirects=False, stream=True, **kwargs
            )
            location = response.headers.get("Location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                _read_answer(response)
                return response
            response.close()
            try:
                target = urljoin(url, location)
                elsewhere = origin(target) != origin(url)
            except ValueError:  # a broken IPv6 literal, a port that is no port
                raise _BrokenAnswer("a redirect to an address that is no URL") from None
            if elsewhere:
                scheme, host, port = origin(target)
                raise ConfigError(
                    self.redactor.redact(
                        f"{origin_text(url)} redirected to {scheme}://{host}:{port}: "
                        "peepshow follows a redirect only to the same scheme, host and port (a "
                        "token must not travel elsewhere); set the service URL to the address "
                        "it redirects to"
                    )
                )
            if response.status_code in (301, 302, 303) and method not in ("GET", "HEAD"):
                raise ConfigError(
                    f"{origin_text(url)} answered a {method} with HTTP "
                    f"{response.status_code} (a redirect that would turn it into a GET and drop "
                    "the data); set the service URL to the address it redirects to"
                )
            url = target
        raise _BrokenAnswer(f"more than {MAX_REDIRECTS} redirects (a redirect loop)")

    def _print_dry_run(self, method: str, url: str, kwargs: Mapping[str, Any]) -> None:
        headers = {
            k: ("***" if k.lower() in SECRET_HEADERS else v)
            for k, v in (kwargs.get("headers") or {}).items()
        }
        request: dict[str, Any] = {
            "dry_run": True,
            "method": method,
            "url": url,
            "headers": headers,
        }
        for key in ("params", "json", "data"):
            if kwargs.get(key) is not None:
                request[key] = kwargs[key]
        if kwargs.get("auth") is not None:
            request["auth"] = "***"
        request.update(self.dry_run_notes)
        text = json.dumps(self.redactor.redact_obj(request), indent=2, sort_keys=True, default=str)
        if self.stdout is not None:
            self.stdout.write(text + "\n")
            self.stdout.flush()
        raise DryRunDone("dry run: nothing was sent")


def _own_redirects_session() -> requests.Session:
    """A session that leaves every redirect to `Http._exchange`, which checks its Location:
    requests never parses one (a Location that is no URL raised ValueError inside it)."""
    import requests

    class Session(requests.Session):
        def get_redirect_target(self, resp: requests.Response) -> None:
            return None

    return Session()


def _read_answer(response: requests.Response) -> None:
    """Read the body now (within the deadline), at most MAX_ANSWER_BYTES of it."""
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(READ_CHUNK_BYTES):
            chunks.append(chunk)
            size += len(chunk)
            if size >= MAX_ANSWER_BYTES:
                break
    finally:
        response.close()
    response._content = b"".join(chunks)[:MAX_ANSWER_BYTES]
    response._content_consumed = True  # type: ignore[attr-defined]


@contextlib.contextmanager
def _hard_deadline(seconds: float) -> Iterator[None]:
    """Raise DeadlineExceeded in this thread after `seconds`, whatever it is blocked on (a
    server that sends one byte a second defeats every per-read timeout). Only the main thread
    can take a signal; elsewhere the per-read timeouts are the only bound."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise DeadlineExceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def _transport_problem(host: str, exc: BaseException) -> str:
    """What went wrong on the wire, in a few words (never the exception's whole text, which may
    quote a URL)."""
    import requests

    if isinstance(exc, _BrokenAnswer):
        return f"{host} sent {exc}"
    broken = (requests.exceptions.ChunkedEncodingError, requests.exceptions.StreamConsumedError)
    if isinstance(exc, broken):
        return f"the answer from {host} broke off part-way (connection closed mid-body)"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return f"the answer from {host} could not be decoded (a corrupt compressed body)"
    text = str(exc)
    for marker, words in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "name or service not known"),
        ("Temporary failure in name resolution", "name resolution failed"),
        ("No route to host", "no route to host"),
    ):
        if marker in text:
            return f"cannot reach {host}: {words}"
    for marker, words in (
        ("timed out", "timed out"),
        ("Connection reset", "the connection was reset"),
        ("RemoteDisconnected", "the connection was closed without an answer"),
        ("Connection aborted", "the connection was closed without an answer"),
    ):
        if marker in text:
            return f"{host}: {words}"
    if isinstance(exc, requests.Timeout):
        return f"{host}: timed out"
    return f"cannot reach {host}: connection failed ({exc.__class__.__name__})"


def _tls_problem(host: str, exc: BaseException) -> str:
    """Which TLS check failed, e.g. `certificate verify failed: self-signed certificate`."""
    text = str(exc)
    found = re.search(r"certificate verify failed: ([^(')\]]+)", text)
    if "address mismatch" in text.lower() or "hostname mismatch" in text.lower():
        check = "the certificate is for another host name"
    elif found:
        check = f"the certificate check failed: {found.group(1).strip().rstrip('.,')}"
    elif "WRONG_VERSION_NUMBER" in text or "wrong version number" in text:
        check = "the server does not speak TLS on that port (is it plain http?)"
    else:
        check = "the TLS handshake failed"
    return (
        f"TLS with {host} failed: {check}. Fix the server's certificate, or point "
        "REQUESTS_CA_BUNDLE at the CA that signed it"
    )
