"""`peepshow sinks check-contract` refuses, as a usage error (2) in one line and before any sink
runs, what the user got wrong rather than the sink: a --url-var, --env or --secret name no
environment variable can have, an --ok-status that is no success (a 2xx), a --url-path that is
no path (`v1`, which made the URL `http://127.0.0.1:PORTv1`). Before, `--url-var A=B` was
exit 1, "unexpected failure (ValueError: illegal environment variable name)", and the others
ran every check and blamed the sink for failing them (exit 9: "exit 7, expected 0 — the
webhook rejected the data (HTTP 404: {})")."""

from __future__ import annotations

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.cli import run_main

BASE = ["sinks", "check-contract", "true"]


@pytest.mark.parametrize(
    "args",
    [
        ["--url-var", "A=B"],
        ["--url-var", ""],
        ["--url-var", "1X"],
        ["--url-var", "X_URL", "--env", "A B=1"],
        ["--url-var", "X_URL", "--secret", "X-TOKEN"],
        ["--url-var", "X_URL", "--ok-status", "404"],
        ["--url-var", "X_URL", "--ok-status", "0"],
        ["--url-var", "X_URL", "--ok-status", "99999"],
        ["--url-var", "X_URL", "--url-path", "v1/events"],
    ],
)
def test_a_users_mistake_is_a_usage_error(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_main(capsys, *BASE, *args)
    assert result.code == ExitCode.USAGE, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and args[-2] in lines[0]
    assert result.stdout == ""
