"""The shared sink library: retries against a real local server, budgets, dry runs, redaction,
the https rule, .env loading, the outbox hand-off, status mapping, and the helpers the built-in
sinks share (service URLs, names, numbers, thumbnails, JSON answers, hints)."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from peepshow_core.contract import outbox
from peepshow_core.contract.errors import ConfigError, ExitCode, RejectedError, TemporaryError
from peepshow_core.delivery.faultserver import Answer, FaultServer, Mode
from peepshow_sinks.http import MAX_ANSWER_BYTES
from peepshow_sinks.sinklib import (
    Context,
    Http,
    Redactor,
    Setting,
    acknowledged,
    describe_body,
    raise_for_status,
    require_secure_url,
    run_sink,
    sink_main,
)
from tests.support.paths import FIXTURES
from tests.support.scripted import Reply, ScriptedServer


@pytest.fixture
def http_server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


TOKEN = "sk-test/Secret+Token=42"
FULL = (FIXTURES / "runs" / "full.json").read_text()


def fast_http(**env: str) -> Http:
    environ = {"PEEPSHOW_SINK_BACKOFF": "0", **env}
    return Http(Redactor(), sink="test", environ=environ)


def test_retry_after_then_success(http_server: ScriptedServer) -> None:
    http_server.replies = [Reply(503, {"message": "busy"}, {"Retry-After": "0"}), Reply(201, {})]
    response = fast_http().request("POST", http_server.url + "/rows", json={"a": 1})
    assert response.status_code == 201
    assert [s.json() for s in http_server.seen] == [{"a": 1}, {"a": 1}]


def test_gives_up_after_max_attempts(http_server: ScriptedServer) -> None:
    http_server.replies = [Reply(503, {"message": "down for maintenance"})]
    with pytest.raises(TemporaryError) as caught:
        fast_http(PEEPSHOW_SINK_MAX_ATTEMPTS="3").request("GET", http_server.url)
    assert len(http_server.seen) == 3
    assert "HTTP 503: down for maintenance (gave up after 3 attempts)" in caught.value.message


def test_retry_after_beyond_the_budget_gives_up_at_once(http_server: ScriptedServer) -> None:
    http_server.replies = [Reply(429, None, {"Retry-After": "3600"})]
    with pytest.raises(TemporaryError, match="gave up after 1 attempts"):
        fast_http(PEEPSHOW_SINK_MAX_TIME="30").request("GET", http_server.url)
    assert len(http_server.seen) == 1


def test_other_statuses_are_returned_not_retried(http_server: ScriptedServer) -> None:
    http_server.replies = [Reply(400, {"message": "bad column"})]
    assert fast_http().request("GET", http_server.url).status_code == 400
    assert len(http_server.seen) == 1


def test_connection_refused_is_temporary() -> None:
    import socket

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TemporaryError, match="connection refused"):
        fast_http(PEEPSHOW_SINK_MAX_ATTEMPTS="2").request("GET", f"http://127.0.0.1:{port}/")


# --- run_sink: a sink made of the library, as the built-ins and the examples are ---

SETTINGS = [
    Setting("DEMO_URL", required=True),
    Setting("DEMO_TOKEN", secret=True, required=True),
    Setting("DEMO_TABLE", required=False),
]


def deliver(ctx: Context) -> dict[str, Any]:
    url = ctx.config["DEMO_URL"] or ""
    require_secure_url(url, "DEMO_URL", ctx.environ)
    response = ctx.http.request(
        "POST",
        url,
        json={"id": ctx.payload["run_id"], "table": ctx.config["DEMO_TABLE"]},
        headers={"Authorization": f"Bearer {ctx.config['DEMO_TOKEN']}"},
    )
    raise_for_status(response, ctx.redactor, "the demo service")
    return {"url": url, "token_echo_is_redacted_by_receipt_author": False}


def run(
    environ: dict[str, str], argv: list[str] | None = None, stdin: str = FULL
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_sink(
        "demo",
        "Demo.",
        SETTINGS,
        deliver,
        argv=argv or [],
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
        environ=environ,
    )
    return code, out.getvalue(), err.getvalue()


def env(url: str, **extra: str) -> dict[str, str]:
    return {"DEMO_URL": url, "DEMO_TOKEN": TOKEN, "PEEPSHOW_SINK_BACKOFF": "0", **extra}


def test_success_prints_one_receipt(http_server: ScriptedServer) -> None:
    code, out, err = run(env(http_server.url))
    assert code == ExitCode.OK and err == ""
    (line,) = out.splitlines()
    receipt = json.loads(line)
    assert receipt["sink"] == "demo" and receipt["run_id"] == json.loads(FULL)["run_id"]
    assert http_server.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_dry_run_masks_secrets_and_sends_nothing(http_server: ScriptedServer) -> None:
    code, out, err = run(env(http_server.url), ["--dry-run"])
    assert code == ExitCode.OK and http_server.seen == []
    request = json.loads(out)
    assert request["dry_run"] is True and request["headers"]["Authorization"] == "***"
    assert TOKEN not in out + err


def test_rejection_is_redacted_everywhere(http_server: ScriptedServer) -> None:
    from urllib.parse import quote

    http_server.replies = [
        Reply(401, {"message": f"token {TOKEN} / {quote(TOKEN, safe='')} is bad"})
    ]
    code, out, err = run(env(http_server.url))
    assert code == ExitCode.REJECTED and out == ""
    assert err.startswith("peepshow-sink-demo: error: the demo service refused the credentials")
    assert TOKEN not in err and quote(TOKEN, safe="") not in err and "***" in err


def test_unexpected_exception_text_is_redacted(http_server: ScriptedServer) -> None:
    def buggy(ctx: Context) -> dict[str, Any]:
        raise RuntimeError(f"oops with {ctx.config['DEMO_TOKEN']}")

    err = io.StringIO()
    code = run_sink(
        "demo",
        "Demo.",
        SETTINGS,
        buggy,
        argv=["--debug"],
        stdin=io.StringIO(FULL),
        stdout=io.StringIO(),
        stderr=err,
        environ=env(http_server.url),
    )
    assert code == ExitCode.INTERNAL
    assert "Traceback" in err.getvalue() and TOKEN not in err.getvalue()


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://db.example.com", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost", True),
        ("http://[::1]:9", True),
        ("http://db.example.com", False),
        ("http://10.0.0.5", False),
        ("ftp://db.example.com", False),
        ("db.example.com", False),
    ],
)
def test_plain_http_only_to_loopback(url: str, allowed: bool) -> None:
    if allowed:
        require_secure_url(url, "DEMO_URL", {})
    else:
        with pytest.raises(ConfigError, match="DEMO_URL"):
            require_secure_url(url, "DEMO_URL", {})


def test_insecure_http_can_be_allowed_explicitly() -> None:
    require_secure_url("http://db.example.com", "DEMO_URL", {"PEEPSHOW_ALLOW_INSECURE_HTTP": "1"})
    code, out, err = run(env("http://db.example.com"))
    assert code == ExitCode.CONFIG and "plain http" in err and out == ""


def test_missing_configuration_names_every_variable() -> None:
    code, out, err = run({})
    assert code == ExitCode.CONFIG and out == ""
    assert "missing configuration: DEMO_URL, DEMO_TOKEN" in err and "DEMO_TABLE" not in err


def test_env_file_fills_in_but_set_variables_win(
    http_server: ScriptedServer, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        f"DEMO_URL=http://192.0.2.1/never\nDEMO_TOKEN={TOKEN}\nDEMO_TABLE=from_file\n"
    )
    environ = {"DEMO_URL": http_server.url, "PEEPSHOW_SINK_BACKOFF": "0"}
    code, _, err = run(environ)
    assert code == ExitCode.OK, err
    assert http_server.seen[0].json()["table"] == "from_file"
    named = tmp_path / "other.env"
    named.write_text("DEMO_TABLE=named\n")
    code, _, _ = run(
        {"DEMO_URL": http_server.url, "DEMO_TOKEN": TOKEN, "PEEPSHOW_ENV_FILE": str(named)}
    )
    assert code == ExitCode.OK and http_server.seen[1].json()["table"] == "named"


def test_temporary_failure_goes_to_the_outbox_unless_dispatched(
    http_server: ScriptedServer,
) -> None:
    http_server.replies = [Reply(503, {"message": f"no ({TOKEN})"})]
    code, out, err = run(
        env(http_server.url, PEEPSHOW_SINK_MAX_ATTEMPTS="2", PEEPSHOW_DISPATCHED="1")
    )
    assert code == ExitCode.TEMPORARY and out == "" and outbox.items() == ([], [])
    code, out, err = run(env(http_server.url, PEEPSHOW_SINK_MAX_ATTEMPTS="2"))
    assert code == ExitCode.TEMPORARY and out == ""
    (item,) = outbox.items()[0]
    assert f"kept in the outbox as {item.path.name}" in err
    assert (item.sink, item.kind, item.payload) == ("demo", "name", json.loads(FULL))
    assert TOKEN not in item.path.read_text() and TOKEN not in err


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (200, None),
        (204, None),
        (400, RejectedError),
        (401, RejectedError),
        (404, RejectedError),
        (409, RejectedError),
        (429, TemporaryError),
        (500, TemporaryError),
        (503, TemporaryError),
    ],
)
def test_raise_for_status(status: int, error: type[Exception] | None) -> None:
    import requests

    response = requests.Response()
    response.status_code = status
    response._content = json.dumps({"message": f"why {TOKEN}"}).encode()
    redactor = Redactor()
    redactor.add(TOKEN)
    if error is None:
        raise_for_status(response, redactor, "svc")
        return
    with pytest.raises(error) as caught:
        raise_for_status(response, redactor, "svc")
    assert f"HTTP {status}" in str(caught.value) and TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "echoed",
    [
        lambda secret: secret,
        lambda secret: json.dumps(secret)[1:-1],
        lambda secret: json.dumps(secret)[1:-1].replace("/", "\\/"),  # (PHP's, some Java's)
        lambda secret: quote(secret, safe=""),
        lambda secret: base64.b64encode(f"{secret}:".encode()).decode(),  # (Basic user part)
    ],
    ids=["as-is", "json", "json-escaped-slash", "url-encoded", "basic-auth"],
)
def test_a_secret_echoed_in_any_common_encoding_is_masked(echoed: Any) -> None:
    secret = 'k3y/with+slash"and\\back'
    redactor = Redactor()
    redactor.add(secret)
    text = redactor.redact(f"the server said: {echoed(secret)} was refused")
    assert echoed(secret) not in text and "***" in text, text


# --- helpers the built-in sinks share ---


def answer(status: int, body: str, content_type: str = "application/json") -> Any:
    import requests

    response = requests.Response()
    response.status_code = status
    response._content = body.encode()
    response._content_consumed = True  # as the sink library leaves an answer it has read
    response.headers["Content-Type"] = content_type
    return response


def context(config: Mapping[str, str | None], payload: dict[str, Any] | None = None) -> Context:
    redactor = Redactor()
    http = Http(redactor, sink="demo")
    return Context("demo", payload or {}, dict(config), http, redactor, io.StringIO(), environ={})


@pytest.mark.parametrize(
    ("base", "name"),
    [
        ("https://cdn.test/f", "a.jpg"),
        ("https://cdn.test/f/", "a.jpg"),
        ("https://cdn.test/f//", "/a.jpg"),
    ],
)
def test_frame_url_joins_with_exactly_one_slash(base: str, name: str) -> None:
    from peepshow_core.contract.payload import frame_url

    assert frame_url(base, name) == "https://cdn.test/f/a.jpg"


def test_thumbnail_url_prefers_the_payload_then_the_frame_base_url() -> None:
    payload = json.loads(FULL)
    first = Path(payload["frames"][0]["path"]).name
    base = {"PEEPSHOW_FRAME_BASE_URL": "https://frames.test/run/"}
    assert context(base, payload).thumbnail_url() == payload["thumbnail_url"]
    payload["thumbnail_url"] = None
    assert context(base, payload).thumbnail_url() == f"https://frames.test/run/{first}"
    assert context({}, payload).thumbnail_url() is None
    assert context(base, {**payload, "frames": []}).thumbnail_url() is None


def test_every_sink_reads_the_frame_base_url_from_a_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PEEPSHOW_FRAME_BASE_URL=https://frames.test/x\n")
    payload = {**json.loads(FULL), "thumbnail_url": None}
    out = io.StringIO()
    code = run_sink(
        "demo",
        "Demo.",
        [],
        lambda ctx: {"thumbnail": ctx.thumbnail_url()},
        argv=[],
        stdin=io.StringIO(json.dumps(payload)),
        stdout=out,
        stderr=io.StringIO(),
        environ={},
    )
    assert code == ExitCode.OK
    first = Path(payload["frames"][0]["path"]).name
    assert json.loads(out.getvalue())["thumbnail"] == f"https://frames.test/x/{first}"


def test_service_url_checks_the_scheme_and_tls_only_when_a_secret_goes_along() -> None:
    ctx = context({"SVC_URL": "http://db.example.com/api", "BAD_URL": "ftp://db.example.com"})
    assert ctx.service_url("SVC_URL", sends_secret=False) == "http://db.example.com/api"
    with pytest.raises(ConfigError, match="SVC_URL uses plain http"):
        ctx.service_url("SVC_URL")
    with pytest.raises(ConfigError, match="BAD_URL must be an http"):
        ctx.service_url("BAD_URL", sends_secret=False)
    with pytest.raises(ConfigError, match="MISSING_URL must be an http"):
        ctx.service_url("MISSING_URL")
    ctx.environ = {"PEEPSHOW_ALLOW_INSECURE_HTTP": "1"}
    assert ctx.service_url("SVC_URL") == "http://db.example.com/api"


def test_identifier_and_number_name_the_setting() -> None:
    import re

    ctx = context({"NAME": "runs; drop", "GOOD": "runs_1", "SECONDS": "soon", "N": " 2.5 "})
    word = re.compile(r"^\w+$")
    assert ctx.identifier("GOOD", word, "letters only") == "runs_1"
    with pytest.raises(ConfigError, match=r"^NAME='runs; drop': letters only$"):
        ctx.identifier("NAME", word, "letters only")
    assert ctx.seconds("N") == 2.5
    with pytest.raises(ConfigError, match="SECONDS must be a number"):
        ctx.seconds("SECONDS")


def test_a_bad_library_knob_is_a_configuration_error() -> None:
    code, out, err = run(env("http://127.0.0.1:9", PEEPSHOW_SINK_READ_TIMEOUT="half a minute"))
    assert code == ExitCode.CONFIG and out == ""
    assert "PEEPSHOW_SINK_READ_TIMEOUT must be a number" in err


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (404, ConfigError, "svc answered HTTP 404 (NOT_FOUND: no such thing): check SVC_URL"),
        (401, RejectedError, "svc answered HTTP 401 (NOT_FOUND: no such thing): check SVC_TOKEN"),
        (403, RejectedError, "svc refused the credentials (HTTP 403: NOT_FOUND: no such thing)"),
        (409, RejectedError, "svc rejected the data (HTTP 409: NOT_FOUND: no such thing)"),
        (500, TemporaryError, "svc answered HTTP 500 (NOT_FOUND: no such thing)"),
    ],
)
def test_raise_for_status_hints_codes_and_config_statuses(
    status: int, error: type[Exception], message: str
) -> None:
    response = answer(status, '{"error_code": "NOT_FOUND", "message": "no such thing"}')
    hints = {404: "check SVC_URL", 401: "check SVC_TOKEN"}
    with pytest.raises(error) as caught:
        raise_for_status(response, Redactor(), "svc", hints=hints, config_statuses={404})
    assert str(caught.value) == message


def test_describe_body_puts_an_error_code_first_only_when_asked() -> None:
    coded = answer(400, '{"error_code": "BAD", "message": "no"}')
    assert describe_body(coded) == "no"
    assert describe_body(coded, with_code=True) == "BAD: no"
    assert describe_body(answer(400, '{"error_code": "BAD", "message": "BAD: no"}'), with_code=True)
    assert describe_body(answer(400, '{"message": "  ", "error": "why"}')) == "why"


def has_status(body: dict[str, Any]) -> bool:
    return "status" in body


@pytest.mark.parametrize(
    ("status", "body", "empty_ok", "outcome"),
    [
        (200, '{"status": 1}', False, {"status": 1}),
        (200, "", True, {}),
        (200, "", False, ConfigError),  # an empty 200 is no acknowledgement here
        (201, '{"status": 1}', False, ConfigError),  # not the documented status
        (200, '{"other": 1}', False, ConfigError),  # JSON of another shape
        (200, "[1, 2]", False, ConfigError),  # whole JSON of another shape: not cut short
        (200, "[1, 2", False, TemporaryError),  # an array cut short
        (200, '{"status": 1, "errors": [', False, TemporaryError),  # cut short
        (200, "<html><title>Sign in</title></html>", False, ConfigError),
        (200, "ok", False, ConfigError),
    ],
)
def test_acknowledged(status: int, body: str, empty_ok: bool, outcome: Any) -> None:
    response = answer(status, body)
    if isinstance(outcome, dict):
        assert acknowledged(
            response, "Svc", "check X_URL", check=has_status, empty_ok=empty_ok
        ) == (outcome)
        return
    with pytest.raises(outcome) as caught:
        acknowledged(response, "Svc", "check X_URL", check=has_status, empty_ok=empty_ok)
    text = str(caught.value)
    assert text.startswith(f"Svc answered HTTP {status} with ")
    assert text.endswith("check X_URL") if outcome is ConfigError else "cut short" in text


def test_server_wait_is_added_to_the_read_timeout() -> None:
    seen: list[Any] = []

    class Session:
        def request(self, method: str, url: str, **kwargs: Any) -> Any:
            seen.append(kwargs["timeout"])
            return answer(200, "{}")

    http = fast_http(PEEPSHOW_SINK_CONNECT_TIMEOUT="2", PEEPSHOW_SINK_READ_TIMEOUT="3")
    http._session = Session()
    http.request("GET", "https://svc.test/a")
    http.request("GET", "https://svc.test/a", server_wait_s=30)
    assert seen == [(2.0, 3.0), (2.0, 33.0)]


def test_sink_main_runs_the_sink_with_positional_streams(http_server: ScriptedServer) -> None:
    main = sink_main("demo", "Demo.", SETTINGS, deliver)
    out, err = io.StringIO(), io.StringIO()
    assert main([], io.StringIO(FULL), out, err, env(http_server.url)) == ExitCode.OK
    assert json.loads(out.getvalue())["sink"] == "demo" and err.getvalue() == ""
    assert main(["--check"], io.StringIO(FULL), out, err, env(http_server.url)) == ExitCode.USAGE


# --- TLS, downgrades and the size of an answer (real servers) --------------------------------


@pytest.fixture
def ca() -> Any:
    import trustme

    return trustme.CA()


def tls_server(ca: Any, host: str = "127.0.0.1", **kwargs: Any) -> FaultServer:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(host).configure_cert(context)
    return FaultServer(tls=context, **kwargs)


def test_a_certificate_that_fails_says_tls_and_which_check(
    ca: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    with tls_server(ca) as server:
        with pytest.raises(ConfigError, match=r"TLS with 127\.0\.0\.1:\d+ failed: the certificate"):
            fast_http().request("GET", server.url + "/")
        bundle = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
        assert fast_http().request("GET", server.url + "/").status_code == 200
    with (
        tls_server(ca, host="db.example.test") as other,
        pytest.raises(ConfigError, match="the certificate is for another host name"),
    ):
        fast_http().request("GET", other.url + "/")


def test_https_is_never_downgraded_by_a_redirect(
    ca: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    with FaultServer() as plain, tls_server(ca) as secure:
        secure.inject(Mode.redirect, location=plain.url)
        with pytest.raises(ConfigError, match=r"redirected to http://127\.0\.0\.1"):
            fast_http().request("POST", secure.url + "/w", headers={"Token": "s3cret-token"})
        assert plain.requests == []


def test_same_origin_redirects_keep_the_method_and_a_loop_is_temporary() -> None:
    with FaultServer() as server:
        server.inject(Mode.redirect, location=server.url + "/moved")
        answer = fast_http().request("POST", server.url + "/w", json={"a": 1})
        assert answer.status_code == 200
        assert [(r.method, r.path, r.json()) for r in server.requests] == [
            ("POST", "/w", {"a": 1}),
            ("POST", "/moved/w", {"a": 1}),
        ]
        server.inject(Mode.redirect, 100, location=server.url)
        with pytest.raises(TemporaryError, match="redirect loop"):
            fast_http(PEEPSHOW_SINK_MAX_ATTEMPTS="2").request("GET", server.url + "/x")


def test_at_most_a_few_mebibytes_of_an_answer_are_read() -> None:
    big = Answer(200, b"x" * (3 * MAX_ANSWER_BYTES))
    with FaultServer(ok=big) as server:
        answer = fast_http().request("GET", server.url + "/")
    assert len(answer.content) == MAX_ANSWER_BYTES


def test_a_corrupt_compressed_answer_is_temporary() -> None:
    broken = Answer(200, b"this is no gzip stream", headers={"Content-Encoding": "gzip"})
    with (
        FaultServer(ok=broken) as server,
        pytest.raises(TemporaryError, match="could not be decoded"),
    ):
        fast_http(PEEPSHOW_SINK_MAX_ATTEMPTS="2").request("GET", server.url + "/")


def test_thumbnail_url_refuses_a_frame_base_url_holding_a_credential() -> None:
    """The thumbnail a sink builds from PEEPSHOW_FRAME_BASE_URL goes to the service: a password
    or signed query in it is CONFIG (6), not sent (the variable named, the secret not shown)."""
    payload = {**json.loads(FULL), "thumbnail_url": None}
    base = {"PEEPSHOW_FRAME_BASE_URL": "https://u:PW-123456@frames.test/run?sig=SIG-987654"}
    with pytest.raises(ConfigError, match="PEEPSHOW_FRAME_BASE_URL") as caught:
        context(base, payload).thumbnail_url()
    assert "PW-123456" not in caught.value.message and "SIG-987654" not in caught.value.message


@pytest.mark.parametrize(
    "url",
    [
        "http://cass andra.example.com",
        "http://cassandra.example.com /x",
        "http://cass\tandra.example.com",
        "http://cass<andra>.example.com",
        "http://cass{andra}.example.com",
        "http://cassandra.example.com/\x7f",
    ],
)
def test_a_url_whose_host_is_no_host_is_configuration_not_a_network_fault(url: str) -> None:
    """A space (or another character no host name has) in a service URL is CONFIG (6) naming
    the setting, before anything is sent; before, it went to the network, failed there
    (`connection failed (InvalidURL)`), was retried 5 times and ended TEMPORARY (8)."""
    ctx = context({"SVC_URL": url})
    with pytest.raises(ConfigError, match="SVC_URL must be an http"):
        ctx.service_url("SVC_URL", sends_secret=False)


@pytest.mark.parametrize(
    "url",
    [
        "https://db.example.com/api",
        "http://127.0.0.1:8080",
        "http://[::1]:8080/x",
        "https://bücher.example/x",
        "https://my_host.internal:9042",
    ],
)
def test_ordinary_hosts_are_accepted(url: str) -> None:
    assert context({"SVC_URL": url}).service_url("SVC_URL", sends_secret=False) == url
