"""Is a `host:port` given as `--ray-address` a Ray cluster's GCS? Asked before Ray is, in bounded
time: Ray itself waits minutes for an address that does not answer as a GCS (a listener that
never answers, a plain HTTP server) and takes SIGTERM only when it gives up.

A GCS is a gRPC server, and gRPC speaks HTTP/2: to the client's connection preface it answers
with a SETTINGS frame at once, before any request. So the probe connects, sends the preface and
an empty SETTINGS frame, and reads one frame header, all within PROBE_TIMEOUT_S. Nothing is
asked of the cluster. With RAY_USE_TLS on, the GCS speaks TLS first: only the connection is
checked. Other forms (`ray://`, `auto`) are left to Ray.
"""

from __future__ import annotations

import os
import socket
import time

from peepshow_core.contract.errors import ConfigError

PROBE_TIMEOUT_S = 5.0  # to connect to the GCS address and hear its HTTP/2 greeting
HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
FRAME_HEADER_BYTES = 9  # length (3), type (1), flags (1), stream id (4)
SETTINGS_FRAME_TYPE = 0x04
TYPE_OFFSET = 3
EMPTY_SETTINGS = bytes(TYPE_OFFSET) + bytes([SETTINGS_FRAME_TYPE]) + bytes(5)
TLS_SETTING = "RAY_USE_TLS"  # Ray's own switch; on for "1" or "true"
TLS_ON = frozenset({"1", "true"})
HINT = "is it the head node's GCS address, host:6379, and is the cluster up?"


def check_gcs(address: str) -> None:
    """A ConfigError within PROBE_TIMEOUT_S (or so: connecting, then reading) unless
    `address` answers as a GCS does."""
    host, colon, port = address.rpartition(":")
    if "://" in address or not colon or not port.isdigit():
        return
    deadline = time.monotonic() + PROBE_TIMEOUT_S
    try:
        with socket.create_connection((host.strip("[]"), int(port)), PROBE_TIMEOUT_S) as conn:
            if os.environ.get(TLS_SETTING, "").strip().lower() in TLS_ON:
                return
            conn.sendall(HTTP2_PREFACE + EMPTY_SETTINGS)
            header = _read(conn, FRAME_HEADER_BYTES, deadline)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise _unreachable(address, reason) from None
    if header is None:
        raise _unreachable(
            address, f"it did not answer as a Ray GCS (gRPC) within {PROBE_TIMEOUT_S:g} s"
        )
    if len(header) < FRAME_HEADER_BYTES or header[TYPE_OFFSET] != SETTINGS_FRAME_TYPE:
        raise _unreachable(address, "it answered, but not as a Ray GCS (gRPC) does")


def _read(conn: socket.socket, size: int, deadline: float) -> bytes | None:
    """Up to `size` bytes (fewer when the peer closes), or None when the deadline passes."""
    data = b""
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        conn.settimeout(left)
        try:
            chunk = conn.recv(size - len(data))
        except TimeoutError:
            return None
        if not chunk:
            break
        data += chunk
    return data


def shown(address: str) -> str:
    """`address` with anything before an `@` masked: `user:password@host:6379`, with or
    without a scheme, never shows its password."""
    userinfo, at, rest = address.rpartition("@")
    if not at:
        return address
    scheme, sep, _ = userinfo.partition("://")
    return f"{scheme}{sep}***@{rest}" if sep else f"***@{rest}"


def _unreachable(address: str, reason: str) -> ConfigError:
    return ConfigError(f"cannot reach the Ray cluster at {shown(address)}: {reason} ({HINT})")
