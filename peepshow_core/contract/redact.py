"""Mask secrets in text that peepshow did not write itself (a sink's stderr, error messages).

peepshow does not know each sink's secrets, so it masks the values of environment variables whose
names say they are secret (…TOKEN, …SECRET, …PASSWORD, …API_KEY, …), passwords in URLs and
bearer tokens.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

SECRET_NAME = re.compile(
    r"(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL|WRITE_KEY|AUTH)",
    re.IGNORECASE,
)
_URL_USERINFO = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@")
_BEARER = re.compile(r"\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}", re.IGNORECASE)


def secret_values(environ: Mapping[str, str] | None = None) -> list[str]:
    environ = os.environ if environ is None else environ
    values = {v for k, v in environ.items() if SECRET_NAME.search(k) and len(v) >= 4}
    return sorted(values, key=len, reverse=True)


def redact(text: str, environ: Mapping[str, str] | None = None) -> str:
    for secret in secret_values(environ):
        text = text.replace(secret, "***")
    text = _URL_USERINFO.sub(r"\1***@", text)
    return _BEARER.sub(lambda m: f"{m.group(1)} ***", text)
