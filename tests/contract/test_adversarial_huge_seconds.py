"""A number of seconds too large for the clock (1e300) is a CONFIG error naming the setting, as
`inf` is: it passed the start-up check and crashed later (OverflowError) with the payload lost."""

from __future__ import annotations

import io
import json

import pytest

from peepshow_core.contract import settings
from peepshow_core.contract.errors import ConfigError, ExitCode, PeepshowError
from peepshow_core.delivery import dispatch
from peepshow_sinks import cassandra
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer

HUGE = "1e300"


def test_seconds_beyond_the_limit_are_refused() -> None:
    with pytest.raises(ConfigError, match="PEEPSHOW_SINK_MAX_TIME"):
        settings.seconds(settings.SINK_MAX_TIME, {"PEEPSHOW_SINK_MAX_TIME": HUGE})
    limit = str(settings.MAX_SECONDS)
    assert settings.seconds(settings.SINK_MAX_TIME, {"PEEPSHOW_SINK_MAX_TIME": limit}) == float(
        limit
    )


def test_a_huge_sink_timeout_stops_the_run_before_extraction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PEEPSHOW_SINK_TIMEOUT", HUGE)
    with pytest.raises(PeepshowError, match="PEEPSHOW_SINK_TIMEOUT") as caught:
        dispatch.preflight([], use_registry=True)
    assert caught.value.code == ExitCode.CONFIG


@pytest.mark.parametrize(
    "knob", ["PEEPSHOW_SINK_MAX_TIME", "PEEPSHOW_SINK_BACKOFF", "PEEPSHOW_SINK_READ_TIMEOUT"]
)
def test_a_huge_sink_knob_is_one_config_line(knob: str) -> None:
    server = ScriptedServer()
    payload = load_run("full")
    server.replies = [Reply(201, {"run_id": payload["run_id"]})]
    env = {
        "CASSANDRA_URL": server.url,
        "CASSANDRA_KEYSPACE": "ks",
        "PEEPSHOW_DISPATCHED": "1",
        knob: HUGE,
    }
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cassandra.main([], io.StringIO(json.dumps(payload)), out, err, env)
    finally:
        server.close()
    assert code == ExitCode.CONFIG, err.getvalue()
    assert knob in err.getvalue() and len(err.getvalue().strip().splitlines()) == 1
