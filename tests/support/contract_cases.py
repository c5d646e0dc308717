"""One entry per sink for tests/test_sink_contract.py (the contract of docs/PLUGINS.md).

Each sink's author adds a `ContractCase` to CASES: the module whose
`main(argv, stdin, stdout, stderr, environ) -> int` runs the sink, the smallest configuration
that works (with made-up secrets that must never be printed), the variables a "missing
configuration" error must name, and `fake(rsps, outcome)`, which registers `responses` answers
for every request the sink makes, for outcome "ok" (the service accepts the run), "rejected"
(a permanent 4xx, e.g. 400 or 401) or "unavailable" (503 on every attempt). Cases whose module
cannot be imported yet are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import responses

from tests.support.paths import REPO

STATUS = {"ok": 201, "rejected": 400, "unavailable": 503}


@dataclass
class ContractCase:
    module: str  # import name, or a path to a script file (examples)
    env: dict[str, str]
    secrets: list[str]
    required: list[str]
    fake: Callable[[responses.RequestsMock, str], None]
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. test-only knobs


def _webhook(rsps: responses.RequestsMock, outcome: str) -> None:
    body = {"id": "hook-1"} if outcome == "ok" else {"message": "no thanks"}
    rsps.add(
        responses.POST,
        re.compile(r"https://hooks\.example\.test/.*"),
        json=body,
        status=STATUS[outcome],
    )


def _event_track(rsps: responses.RequestsMock, outcome: str) -> None:
    """Amplitude HTTP V2 answers: 200 ingested, 400 bad key (its documented refusal), 503."""
    answers = {
        "ok": (200, {"code": 200, "events_ingested": 1}),
        "rejected": (400, {"code": 400, "error": "Invalid API key: amp-contract-secret-456"}),
        "unavailable": (503, {"code": 503}),
    }
    status, body = answers[outcome]
    rsps.add(responses.POST, "https://api2.amplitude.com/2/httpapi", json=body, status=status)


def _cassandra(rsps: responses.RequestsMock, outcome: str) -> None:
    """Stargate REST v2 row insert: 201 echo, 401 bad token (its documented refusal), 503."""
    answers = {
        "ok": (201, {"run_id": "ignored"}),
        "rejected": (401, {"description": "Role unauthorized for operation", "code": 401}),
        "unavailable": (503, {"description": "unavailable", "code": 503}),
    }
    status, body = answers[outcome]
    rsps.add(
        responses.POST,
        re.compile(r"https://stargate\.example\.test/v2/keyspaces/peepshow/peepshow_runs.*"),
        json=body,
        status=status,
    )


def _databricks(rsps: responses.RequestsMock, outcome: str) -> None:
    """Statement Execution API: 200 SUCCEEDED MERGE, 401 bad token, 503."""
    answers = {
        "ok": (200, {"statement_id": "01ef-contract", "status": {"state": "SUCCEEDED"}}),
        "rejected": (401, {"error_code": "UNAUTHENTICATED", "message": "Invalid access token."}),
        "unavailable": (503, {"error_code": "TEMPORARILY_UNAVAILABLE", "message": "busy"}),
    }
    status, body = answers[outcome]
    rsps.add(
        responses.POST,
        "https://dbc-contract.cloud.databricks.test/api/2.0/sql/statements",
        json=body,
        status=status,
    )


CASES: dict[str, ContractCase] = {
    "example-webhook": ContractCase(
        module=str(REPO / "examples" / "sinks" / "peepshow-sink-webhook"),
        env={
            "WEBHOOK_URL": "https://hooks.example.test/peepshow",
            "WEBHOOK_TOKEN": "whk-contract-secret-123",
        },
        secrets=["whk-contract-secret-123"],
        required=["WEBHOOK_URL"],
        fake=_webhook,
    ),
    "cassandra": ContractCase(
        module="peepshow_sinks.cassandra",
        env={
            "CASSANDRA_URL": "https://stargate.example.test",
            "CASSANDRA_KEYSPACE": "peepshow",
            "CASSANDRA_TOKEN": "AstraCS:contract-secret-789",
        },
        secrets=["AstraCS:contract-secret-789"],
        required=["CASSANDRA_URL", "CASSANDRA_KEYSPACE"],
        fake=_cassandra,
    ),
    "databricks": ContractCase(
        module="peepshow_sinks.databricks",
        env={
            "DATABRICKS_URL": "https://dbc-contract.cloud.databricks.test",
            "DATABRICKS_TOKEN": "dapi-contract-secret-321",
            "DATABRICKS_WAREHOUSE_ID": "abcdef0123456789",
        },
        secrets=["dapi-contract-secret-321"],
        required=["DATABRICKS_URL", "DATABRICKS_TOKEN", "DATABRICKS_WAREHOUSE_ID"],
        fake=_databricks,
    ),
    "event-track": ContractCase(
        module="peepshow_sinks.event_track",
        env={
            "EVENT_TRACK_PROVIDER": "amplitude",
            "EVENT_TRACK_TOKEN": "amp-contract-secret-456",
            "EVENT_TRACK_USER_ID": "contract-user",
        },
        secrets=["amp-contract-secret-456"],
        required=["EVENT_TRACK_PROVIDER", "EVENT_TRACK_TOKEN", "EVENT_TRACK_USER_ID"],
        fake=_event_track,
    ),
}
