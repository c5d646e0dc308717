"""A secret-named variable's value is masked in every form a server or a library may echo it:
as is, URL-encoded, JSON- and Python-quoted (JSON's "/" written "\\/" by some servers), and in
base64 as HTTP Basic auth carries it. The "\\/" form went through unmasked."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from urllib.parse import quote

import pytest

from peepshow_core.contract.redact import MIN_ECHO_CHARS, redact

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


LONG = "AstraCS:QwErTyUiOpAsDfGhJkLzXcVb:0123456789abcdef"


@pytest.mark.parametrize(
    "echoed",
    [
        f"credential {LONG[:38]}... is not valid",  # a prefix
        f"invalid token {LONG[8:30]}...",  # a middle: no digit, so no `Token x` pattern
        f"ends in {LONG[-12:]}",  # the end
        f"doubled {LONG[:20]}{LONG[:20]} twice",
    ],
)
def test_a_shortened_echo_of_a_secret_is_masked(echoed: str) -> None:
    """Any run of MIN_ECHO_CHARS characters of a secret is masked, by peepshow (`redact`) and
    by a sink (`Redactor`) alike; before, only the whole value and its encodings were."""
    from peepshow_sinks.http import Redactor

    sinks = Redactor()
    sinks.add(LONG)
    for text in (redact(echoed, {"ASTRA_DB_TOKEN": LONG}), sinks.redact(echoed)):
        assert "***" in text, text
        assert not any(LONG[i : i + MIN_ECHO_CHARS] in text for i in range(len(LONG))), text


def test_a_run_shorter_than_min_echo_chars_stays_readable() -> None:
    """Ordinary words that happen to occur in a secret are left alone: fewer than
    MIN_ECHO_CHARS characters of it."""
    secret = "correct-horse-battery-staple-42"
    text = "the horse-bat ran; battery low"
    assert len("horse-bat") < MIN_ECHO_CHARS
    assert redact(text, {"MY_PASSWORD": secret}) == text


@pytest.mark.parametrize(
    "name", ["WEBHOOK_KEY", "SEGMENT_KEY", "SIGNING_KEY", "LICENSE_KEY", "KEY", "my_key"]
)
def test_a_variable_named_key_is_a_secret(name: str) -> None:
    """Before, only API_KEY, ACCESS_KEY, PRIVATE_KEY and WRITE_KEY were: a sink's stderr
    `using key whk_live_51Habcdef failed` showed a WEBHOOK_KEY in peepshow's line and outbox."""
    text = redact("using key whk_live_51Habcdef failed", {name: "whk_live_51Habcdef"})
    assert text == "using key *** failed"


@pytest.mark.parametrize("name", ["CASSANDRA_KEYSPACE", "KEYBOARD", "MONKEY_BUSINESS_X"])
def test_names_that_merely_contain_key_are_not(name: str) -> None:
    assert redact("keyspace media_runs", {name: "media_runs"}) == "keyspace media_runs"
