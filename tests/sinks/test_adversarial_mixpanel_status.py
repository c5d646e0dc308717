"""Mixpanel's success is exactly `{"status": 1, "error": null}` (verbose=1). Before, the check
was `status == 1`, which Python holds for `true`: a 200 `{"status": true}` and a 200
`{"status": 1, "error": "invalid token"}` both got a receipt (exit 0) and were forgotten. Now
neither is a success: CONFIG (6), kept in the outbox. (A `{"status": false}` is no documented
refusal either: 6, kept, not 7 and dropped.)"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from peepshow_core.contract import outbox
from peepshow_core.contract.errors import ExitCode
from peepshow_sinks.event_track import main
from tests.support.event_track import fresh_run
from tests.support.scripted import Reply, ScriptedServer

TOKEN = "mp-adv-token-7311"


def deliver(server: ScriptedServer) -> tuple[int, str, str]:
    env = {
        "EVENT_TRACK_PROVIDER": "mixpanel",
        "EVENT_TRACK_TOKEN": TOKEN,
        "EVENT_TRACK_USER_ID": "user-42",
        "EVENT_TRACK_ENDPOINT": server.url,
        "PEEPSHOW_SINK_BACKOFF": "0.01",
        "PEEPSHOW_SINK_MAX_TIME": "5",
    }
    out, err = io.StringIO(), io.StringIO()
    code = main([], io.StringIO(json.dumps(fresh_run())), out, err, env)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "body",
    [
        {"status": True},
        {"status": True, "error": None},
        {"status": 1, "error": "invalid token"},
        {"status": 1.5},
        {"status": False, "error": None},
    ],
    ids=["true", "true-no-error", "one-with-error", "one-and-a-half", "false"],
)
def test_an_answer_other_than_status_1_without_error_is_no_receipt(
    server: ScriptedServer, body: dict[str, Any]
) -> None:
    server.replies = [Reply(200, body)]
    code, out, err = deliver(server)
    assert code == ExitCode.CONFIG and out == "", (code, out, err)
    assert "not its success answer" in err and TOKEN not in err, err
    assert len(outbox.items()[0]) == 1  # kept for a retry


@pytest.mark.parametrize("body", [{"status": 1, "error": None}, {"status": 1}])
def test_the_documented_success_gets_a_receipt(
    server: ScriptedServer, body: dict[str, Any]
) -> None:
    server.replies = [Reply(200, body)]
    code, out, err = deliver(server)
    assert code == ExitCode.OK and json.loads(out)["sink"] == "event-track", (code, err)


def test_status_0_is_still_a_refusal(server: ScriptedServer) -> None:
    server.replies = [Reply(200, {"status": 0, "error": "token, invalid project token"})]
    code, out, err = deliver(server)
    assert out == ""
    assert code == ExitCode.REJECTED and "Mixpanel refused the event" in err, err
