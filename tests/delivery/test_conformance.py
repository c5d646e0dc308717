"""`peepshow sinks check-contract`, the kit for sink authors: a sink that keeps the contract
passes every check, one that does not is told which rule it broke, in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode, UsageError
from peepshow_core.delivery import conformance
from peepshow_core.delivery.faultserver import Answer
from tests.support.cli import run_exe
from tests.support.paths import REPO

WEBHOOK = str(REPO / "examples" / "sinks" / "peepshow-sink-webhook")
TOKEN = "kit-token-0123456789abcdef"


def test_the_example_webhook_keeps_every_rule() -> None:
    kit = conformance.Kit(WEBHOOK, "WEBHOOK_URL", {"WEBHOOK_TOKEN": TOKEN}, budget_s=3.0)
    verdicts = conformance.check(kit)
    assert [(v.name, v.problems) for v in verdicts if not v.holds] == []
    assert len(verdicts) == len(conformance.FAULTS) + conformance.INPUT_CHECKS


def test_a_built_in_sink_passes_through_the_command_line() -> None:
    result = run_exe(
        "sinks",
        "check-contract",
        "peepshow-sink-event-track",
        "--url-var",
        "EVENT_TRACK_ENDPOINT",
        "--url-path",
        "/2/httpapi",
        "--env",
        "EVENT_TRACK_PROVIDER=amplitude",
        "--env",
        f"EVENT_TRACK_TOKEN={TOKEN}",
        "--env",
        "EVENT_TRACK_USER_ID=user-42",
        "--ok-body",
        '{"code": 200, "events_ingested": 1}',
        "--budget",
        "3",
    )
    assert result.code == 0, result.stdout + result.stderr
    every = len(conformance.FAULTS) + conformance.INPUT_CHECKS
    assert result.stdout.splitlines()[-1] == f"{every} of {every} checks hold"


def test_a_sink_that_breaks_the_rules_is_told_which(tmp_path: Path) -> None:
    """Claims every delivery, prints its token, and never looks at the service."""
    sink = tmp_path / "peepshow-sink-liar"
    sink.write_text(
        "#!/bin/sh\ncat >/dev/null\n"
        'echo "using $LIAR_TOKEN" >&2\n'
        'echo \'{"sink": "liar", "run_id": "0b9d6a52-1c3e-4f70-8a2b-c4d5e6f70812"}\'\n'
    )
    sink.chmod(0o755)
    result = run_exe(
        "sinks",
        "check-contract",
        str(sink),
        "--url-var",
        "LIAR_URL",
        "--env",
        f"LIAR_TOKEN={TOKEN}",
        "--budget",
        "3",
    )
    assert result.code == ExitCode.SINKS_FAILED
    lines = result.stdout.splitlines()
    for broken in ("not JSON: exit 4", "503 always", "HTML 200", "no configuration"):
        assert any(
            line.strip() == f"FAIL  {broken}" or line.strip().startswith(f"FAIL  {broken}")
            for line in lines
        ), broken
    assert "a secret shows on stderr" in result.stdout
    assert "exit 0, but nothing reached the service" in result.stdout
    assert TOKEN not in result.stdout + result.stderr  # the kit itself never repeats it


def test_a_command_that_cannot_run_is_a_usage_error(tmp_path: Path) -> None:
    kit = conformance.Kit(str(tmp_path / "nothing-here"), "X_URL", ok=Answer.of(200, {}))
    with pytest.raises(UsageError, match="cannot run"):
        conformance.check(kit)
