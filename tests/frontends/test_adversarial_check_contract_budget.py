"""`peepshow sinks check-contract --budget` that is no usable number of seconds — infinite
(`1e999`, `inf`), beyond the year a sink's PEEPSHOW_SINK_MAX_TIME allows, NaN, negative, below
the minimum — is a usage error (2) in one line, before any sink runs. Before, `1e999` and `inf`
passed the minimum and crashed later: exit 1, "unexpected failure (OverflowError: cannot convert
float infinity to integer)"."""

from __future__ import annotations

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_core.contract.settings import MAX_SECONDS
from tests.support.cli import run_main

ABOVE_A_YEAR = str(MAX_SECONDS * 2)


@pytest.mark.parametrize("budget", ["1e999", "inf", ABOVE_A_YEAR, "nan", "-1", "0", "abc"])
def test_an_unusable_budget_is_a_usage_error(
    budget: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_main(
        capsys, "sinks", "check-contract", "true", "--url-var", "X_URL", "--budget", budget
    )
    assert result.code == ExitCode.USAGE, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--budget" in lines[0]
    assert result.stdout == ""
