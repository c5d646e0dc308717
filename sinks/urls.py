"""Which service URLs a sink accepts: http(s) with a host, and a secret only over https, to
loopback, or when PEEPSHOW_ALLOW_INSECURE_HTTP says so; the origin a redirect must keep."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from peepshow_core.contract import settings
from peepshow_core.contract.errors import ConfigError
from peepshow_core.contract.redact import mask_patterns


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# What a host may hold: letters (an international name too), digits, `-`, `.`, `_`, `~`, `%`
# escapes and RFC 3986's sub-delimiters, and `:` inside an IPv6 literal. A space, a control
# character or `<>"{}|\^`` is no host: refused as configuration, not retried as a network fault.
HOST = re.compile(r"^[\w.~%!$&'()*+,;=:-]+$")


def require_http_url(url: str, setting: str) -> None:
    """ConfigError unless `url` (the value of `setting`) is an http(s) URL with a host that
    could be one (no space, control character or other character no host name has)."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        ok = ok and bool(HOST.match(parts.hostname or "")) and url.isprintable()
        ok = ok and not any(c.isspace() for c in url)
        _ = parts.port  # a port that is not a number raises ValueError
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(
            f"{setting} must be an http(s) URL with a valid host name, "
            f"got {mask_patterns(repr(url))}"
        )


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


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def origin_text(url: str) -> str:
    scheme, host, port = origin(url)
    return f"{scheme}://{host}:{port}"
