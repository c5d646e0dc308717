"""`peepshow sinks check-contract`: run a sink against the fault server and print one line per
check (the checks themselves are delivery/conformance)."""

from __future__ import annotations

import json
import re

from peepshow_core.contract.errors import ExitCode, UsageError
from peepshow_core.render.fmt import one_line

# What a sink's setting can be called: a name the shell can export (and execve can pass on).
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SUCCESS_STATUSES = range(200, 300)  # --ok-status: what a service answers a write it accepted


def run(
    command_line: str,
    url_var: str,
    url_path: str,
    env_pairs: list[str],
    secrets: list[str],
    ok_status: int,
    ok_body: str,
    budget: float,
) -> int:
    """Run a sink against the fault server; one line per check on stdout."""
    from peepshow_core.delivery import conformance
    from peepshow_core.delivery.faultserver import Answer

    _variable("--url-var", url_var)
    for name in secrets:
        _variable("--secret", name)
    settings = {}
    for pair in env_pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--env {pair!r}: expected KEY=VALUE")
        _variable("--env", key)
        settings[key] = value
    if url_path and not url_path.startswith("/"):
        raise UsageError(f"--url-path {url_path!r}: a path starts with '/' (/v1/events)")
    if ok_status not in SUCCESS_STATUSES:
        raise UsageError(
            f"--ok-status {ok_status}: the status of a success is a 2xx "
            f"({SUCCESS_STATUSES.start}-{SUCCESS_STATUSES.stop - 1})"
        )
    try:
        body = json.loads(ok_body)
    except ValueError:
        raise UsageError(f"--ok-body {ok_body!r} is not JSON") from None
    kit = conformance.Kit(
        command=command_line,
        url_var=url_var,
        env=settings,
        url_path=url_path,
        secret_names=secrets,
        ok=Answer.of(ok_status, body),
        budget_s=budget,
    )
    total = len(conformance.FAULTS) + conformance.INPUT_CHECKS
    print(
        f"checking {command_line} against a fault server ({total} checks; docs/PLUGINS.md is "
        "the contract)",
        flush=True,
    )

    def say(verdict: conformance.Verdict) -> None:
        print(f"  {'ok  ' if verdict.holds else 'FAIL'}  {verdict.name}", flush=True)
        for problem in verdict.problems:
            print(f"        {one_line(problem)}", flush=True)

    verdicts = conformance.check(kit, say)
    held = sum(1 for v in verdicts if v.holds)
    print(f"{held} of {len(verdicts)} checks hold")
    return 0 if held == len(verdicts) else int(ExitCode.SINKS_FAILED)


def _variable(option: str, name: str) -> None:
    """A UsageError unless `name` can be an environment variable's name."""
    if not VARIABLE_NAME.fullmatch(name):
        raise UsageError(
            f"{option} {name!r} is no environment variable name (letters, digits and _, "
            "not starting with a digit)"
        )
