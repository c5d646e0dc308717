"""A quick "is the model hub there?" check, so nothing waits minutes on a network that is absent."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

NETWORK_CHECK_TIMEOUT_S = 3.0


def reachable(url: str) -> bool:
    """Can a TCP connection to the URL's host (or the HTTPS proxy) open within a few seconds?"""
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    parsed = urlparse(proxy or url)
    port = parsed.port or (80 if parsed.scheme == "http" else 443)
    try:
        with socket.create_connection(
            (parsed.hostname or "", port), timeout=NETWORK_CHECK_TIMEOUT_S
        ):
            return True
    except OSError:
        return False
