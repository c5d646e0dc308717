"""Mask secrets in text that peepshow did not write itself (a sink's stderr, error messages).

peepshow does not know each sink's secrets, so it masks the values of environment variables whose
names say they are secret (…TOKEN, …SECRET, …PASSWORD, …API_KEY, …), passwords in URLs
(`https://user:PW@host`), query parameters whose names say they are secret (`?api_key=…`) and
bearer tokens. A sink adds its own declared secrets on top (peepshow_sinks.http.Redactor). Both
mask known values with `mask_values`: every form of the value, and any run of MIN_ECHO_CHARS or
more of its characters (a server that echoes a shortened credential, "token AstraCS:QwEr...").
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Collection, Iterable, Mapping
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

# A variable whose name says it holds a secret: a TOKEN, SECRET, PASSWORD, … anywhere in it, or
# a name that ends in KEY (`WEBHOOK_KEY`, `SIGNING_KEY`, `LICENSE_KEY`; not `CASSANDRA_KEYSPACE`).
SECRET_NAME = re.compile(
    r"(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL|WRITE_KEY|AUTH"
    r"|(?:^|_)KEY$)",
    re.IGNORECASE,
)
# Query parameter names that carry a credential (`?api_key=`, `&access_token=`, `sig=`, `key=`).
SECRET_PARAM = re.compile(r"(token|secret|passw|api_?key|^key$|^sig$|signature|auth)", re.I)
MIN_SECRET_CHARS = 4  # shorter values are not masked (they would mask ordinary words)
# A run of this many characters of a secret is masked wherever it shows, not only the whole
# value: servers echo a shortened credential ("AstraCS:QwEr... is not valid"). It is the bound
# the contract checks hold every sink to ("no 10 characters of the secret anywhere"); shorter
# runs would start masking ordinary words that happen to occur in a secret.
MIN_ECHO_CHARS = 10
_URL_USERINFO = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@")
# `Bearer x`, `Basic x`, `Token x` where x looks like a credential (a digit in 8+ characters, so
# that "Token expired" stays readable)
_BEARER = re.compile(
    r"\b(Bearer|Basic|Token)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE
)
_QUERY_PARAM = re.compile(r"([?&;]([A-Za-z0-9_.\-\[\]]+)=)([^&#\s\"'<>]+)")


def secret_values(environ: Mapping[str, str] | None = None) -> list[str]:
    """The secret-named variables' values, each in every form `secret_forms` gives, longest
    first."""
    environ = os.environ if environ is None else environ
    named = [v for k, v in environ.items() if SECRET_NAME.search(k) and len(v) >= MIN_SECRET_CHARS]
    values = {form for value in named for form in secret_forms(value)}
    return sorted(values, key=len, reverse=True)


def secret_forms(secret: str) -> set[str]:
    """`secret` as a server or a library may echo it: as is, URL-encoded, quoted by JSON (some
    servers' JSON writes "/" as "\\/") and by Python, and in base64 as HTTP Basic auth carries
    it (alone, or as the user with an empty password)."""
    as_json = json.dumps(secret)[1:-1]
    forms = {secret, quote(secret, safe=""), quote_plus(secret), as_json, repr(secret)[1:-1]}
    forms.add(as_json.replace("/", "\\/"))
    for form in (secret, f"{secret}:"):
        forms.add(base64.b64encode(form.encode()).decode().rstrip("="))
    return {form for form in forms if len(form) >= MIN_SECRET_CHARS}


def url_secrets(value: str) -> list[str]:
    """The credentials inside a URL: its password and the values of secret-named query
    parameters (`https://admin:PW@host/x?api_key=K` -> [PW, K]). Not a URL: []."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return []
    if not parts.scheme or not parts.netloc:
        return []
    found = [parts.password] if parts.password else []
    found += [v for k, v in parse_qsl(parts.query) if SECRET_PARAM.search(k) and v]
    return [s for s in found if len(s) >= MIN_SECRET_CHARS]


def mask_patterns(text: str) -> str:
    """Mask what looks like a credential whatever its value: URL passwords, bearer tokens,
    secret-named query parameters."""
    text = _URL_USERINFO.sub(r"\1***@", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} ***", text)
    return _QUERY_PARAM.sub(
        lambda m: m.group(1) + "***" if SECRET_PARAM.search(m.group(2)) else m.group(0), text
    )


def echo_pieces(secrets: Iterable[str]) -> frozenset[str]:
    """Every run of MIN_ECHO_CHARS characters of the secrets (in every form given)."""
    n = MIN_ECHO_CHARS
    return frozenset(s[i : i + n] for s in secrets for i in range(len(s) - n + 1))


def mask_values(text: str, secrets: Collection[str], pieces: frozenset[str] | None = None) -> str:
    """`text` with each of `secrets` masked as `***`: whole (longest first), then every stretch
    made of runs of MIN_ECHO_CHARS characters of one of them (`pieces`, from `echo_pieces`:
    a prefix, a middle, an end a server echoed). Overlapping or touching runs are one stretch."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    pieces = echo_pieces(secrets) if pieces is None else pieces
    n = MIN_ECHO_CHARS
    if not pieces or len(text) < n:
        return text
    spans: list[list[int]] = []
    for i in range(len(text) - n + 1):
        if text[i : i + n] in pieces:
            if spans and i <= spans[-1][1]:
                spans[-1][1] = i + n
            else:
                spans.append([i, i + n])
    for start, end in reversed(spans):
        text = text[:start] + "***" + text[end:]
    return text


def redact(text: str, environ: Mapping[str, str] | None = None) -> str:
    return mask_patterns(mask_values(text, secret_values(environ)))
