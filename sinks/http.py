"""HTTP for sinks: one session, timeouts, bounded retries with backoff, redaction, dry runs."""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import time
from collections.abc import Iterable, Mapping
from email.utils import parsedate_to_datetime
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus, urlsplit

from peepshow_core import __version__
from peepshow_core.contract import settings
from peepshow_core.contract.errors import ConfigError, ExitCode, PeepshowError, TemporaryError

if TYPE_CHECKING:
    import requests

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# For a write keyed by run_id, which can be repeated safely: a 500 is worth another try too.
IDEMPOTENT_RETRY_STATUSES = RETRY_STATUSES | {500}
SECRET_HEADERS = frozenset({"authorization", "x-cassandra-token", "token", "x-api-key"})


class Redactor:
    """Masks every known secret (and its common encodings) in text and structures."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, *secrets: str | None) -> None:
        for secret in secrets:
            if not secret or len(secret) < 4:
                continue
            self._secrets.update({secret, quote(secret, safe=""), quote_plus(secret)})
            for form in (secret, f"{secret}:"):
                self._secrets.add(base64.b64encode(form.encode()).decode().rstrip("="))

    def redact(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

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


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_http_url(url: str, setting: str) -> None:
    """ConfigError unless `url` (the value of `setting`) is an http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{setting} must be an http(s) URL, got {url!r}")


def require_secure_url(url: str, setting: str, environ: Mapping[str, str]) -> None:
    """A secret travels only over https, to loopback, or with PEEPSHOW_ALLOW_INSECURE_HTTP=1."""
    require_http_url(url, setting)
    parts = urlsplit(url)
    insecure = parts.scheme == "http" and not is_loopback(parts.hostname)
    if insecure and not settings.flag(settings.ALLOW_INSECURE_HTTP, environ):
        raise ConfigError(
            f"{setting} uses plain http to {parts.hostname}: refusing to send a token "
            "unencrypted (use https, or set PEEPSHOW_ALLOW_INSECURE_HTTP=1 to allow it)"
        )


def json_fields(response: requests.Response) -> dict[str, Any] | None:
    """The answer's body as a JSON object, or None when it is not one."""
    try:
        data = json.loads(response.text or "")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def describe_body(response: requests.Response, limit: int = 300, *, with_code: bool = False) -> str:
    """A short, human-readable account of an error body: JSON message, text, HTML title or empty.
    `with_code`: a JSON `error_code` (Databricks style) goes first, unless the message has it."""
    text = response.text or ""
    if not text.strip():
        return "(empty body)"
    data = json_fields(response)
    if data is not None:
        messages = ("description", "message", "error", "detail", "error_description")
        found = (data[k].strip() for k in messages if isinstance(data.get(k), str))
        detail = next((m for m in found if m), "") or json.dumps(data)
        code = data.get("error_code") if with_code else None
        if code and not detail.startswith(str(code)):
            detail = f"{code}: {detail}"
        return detail[:limit]
    if "<html" in text.lower() or "<!doctype" in text.lower():
        import re

        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        return f"HTML page: {title.group(1).strip()}"[:limit] if title else "(an HTML page)"
    return " ".join(text.split())[:limit]


def retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Http:
    """`request()` retries 429/502/503/504 and connection errors with exponential backoff and
    full jitter, honouring Retry-After, within a total time budget; then raises TemporaryError.
    Other statuses are returned for the sink to interpret."""

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
        self.backoff_base = settings.number(settings.SINK_BACKOFF, environ, at_least=0)
        self._session: requests.Session | None = None

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            import requests

            self._session = requests.Session()
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
        kwargs.setdefault("timeout", (self.connect_timeout, self.read_timeout + server_wait_s))
        deadline = time.monotonic() + self.max_total_s
        host = urlsplit(url).netloc
        for attempt in range(1, self.max_attempts + 1):
            wait: float | None = None
            try:
                response = self.session.request(method, url, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = f"cannot reach {host}: {_short_network_error(exc)}"
            else:
                if response.status_code not in retry_statuses:
                    return response
                problem = f"{host} answered HTTP {response.status_code}: {describe_body(response)}"
                wait = retry_after_seconds(response)
                if wait is None and response.status_code == 429:
                    wait = rate_limit_pause
            if wait is None:
                wait = random.uniform(0, self.backoff_base * 2 ** (attempt - 1))
            remaining = deadline - time.monotonic()
            if attempt == self.max_attempts or wait > remaining:
                break
            time.sleep(wait)
        raise TemporaryError(self.redactor.redact(f"{problem} (gave up after {attempt} attempts)"))

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
        text = json.dumps(self.redactor.redact_obj(request), indent=2, sort_keys=True, default=str)
        if self.stdout is not None:
            self.stdout.write(text + "\n")
            self.stdout.flush()
        raise DryRunDone("dry run: nothing was sent")


def _short_network_error(exc: Exception) -> str:
    text = str(exc)
    for marker in (
        "Connection refused",
        "Name or service not known",
        "timed out",
        "Connection reset",
        "RemoteDisconnected",
        "Max retries exceeded",
    ):
        if marker in text:
            return marker.lower() if marker != "Max retries exceeded" else "connection failed"
    return exc.__class__.__name__
