"""A redirect whose Location is no URL (a broken IPv6 literal, a port out of range) is a broken
answer: retried, then TEMPORARY (8) and kept in the outbox. It was `unexpected failure
(ValueError)` (1) and the payload was lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from tests.support.paths import load_run
from tests.support.scripted import Reply, ScriptedServer, run_cassandra

TEMPORARY_REDIRECT = 307


@pytest.mark.parametrize(
    "location", ["http://[::1", "http://127.0.0.1:99999/x", "http://127.0.0.1:abc/x"]
)
def test_a_redirect_to_no_url_is_kept(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEEPSHOW_STATE_DIR", str(tmp_path))  # the outbox's folder
    server = ScriptedServer()
    server.replies = [Reply(TEMPORARY_REDIRECT, {}, {"Location": location})]
    try:
        code, _, err = run_cassandra(server, load_run("full"), PEEPSHOW_SINK_MAX_ATTEMPTS="2")
    finally:
        server.close()
    assert code == ExitCode.TEMPORARY, err
    assert "redirect" in err and "kept in the outbox" in err
    assert len(list((tmp_path / "outbox").glob("*.json"))) == 1
