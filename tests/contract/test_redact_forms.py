"""A secret-named variable's value is masked in every form a server or a library may echo it:
as is, URL-encoded, JSON- and Python-quoted (JSON's "/" written "\\/" by some servers), and in
base64 as HTTP Basic auth carries it. The "\\/" form went through unmasked."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from urllib.parse import quote

import pytest

from peepshow_core.contract.redact import redact

SECRET = 'k3y/with+slash"and\\back'
ENVIRON = {"MY_SERVICE_TOKEN": SECRET}


@pytest.mark.parametrize(
    "echoed",
    [
        lambda secret: secret,
        lambda secret: json.dumps(secret)[1:-1],
        lambda secret: json.dumps(secret)[1:-1].replace("/", "\\/"),
        lambda secret: quote(secret, safe=""),
        lambda secret: base64.b64encode(f"{secret}:".encode()).decode(),
    ],
    ids=["as-is", "json", "json-escaped-slash", "url-encoded", "basic-auth"],
)
def test_a_secret_named_value_is_masked_in_every_form(echoed: Callable[[str], str]) -> None:
    text = redact(f"the sink said: {echoed(SECRET)} was refused", ENVIRON)
    assert echoed(SECRET) not in text and "***" in text, text
