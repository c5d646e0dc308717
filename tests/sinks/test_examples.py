"""The example sinks in examples/sinks/ really deliver, follow the contract, and match the copies
printed in docs/PLUGINS.md; every exit code is documented there."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peepshow_core.contract.errors import EXIT_CODE_MEANINGS, ExitCode
from peepshow_core.delivery import dispatch
from tests.support.paths import FIXTURES, REPO
from tests.support.scripted import Reply, ScriptedServer

EXAMPLES = REPO / "examples" / "sinks"
PLUGINS_MD = (REPO / "docs" / "PLUGINS.md").read_text("utf-8")
FULL = (FIXTURES / "runs" / "full.json").read_text("utf-8")
FUTURE = (FIXTURES / "runs" / "future-major.json").read_text("utf-8")


@pytest.fixture
def http_server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture
def examples_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples first on PATH, then this Python (for the webhook's `env python3`)."""
    dirs = [str(EXAMPLES), str(Path(sys.executable).parent), "/usr/bin", "/bin"]
    monkeypatch.setenv("PATH", os.pathsep.join(dirs))


def run(name: str, stdin: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXAMPLES / f"peepshow-sink-{name}")],
        input=stdin,
        text=True,
        capture_output=True,
        env={**os.environ, **env},
        check=False,
    )


def test_jsondir_keeps_one_file_per_run(tmp_path: Path, examples_on_path: None) -> None:
    store = tmp_path / "store"
    store.mkdir()
    first = run("jsondir", FULL, JSONDIR_SINK_DIR=str(store))
    assert first.returncode == 0, first.stderr
    receipt = json.loads(first.stdout)
    run_id = json.loads(FULL)["run_id"]
    assert receipt == {"sink": "jsondir", "run_id": run_id, "path": f"{store}/{run_id}.json"}
    assert json.loads(Path(receipt["path"]).read_text()) == json.loads(FULL)
    again = run("jsondir", json.dumps(json.loads(FULL)), JSONDIR_SINK_DIR=str(store))
    assert again.returncode == 0 and os.listdir(store) == [f"{run_id}.json"]


@pytest.mark.parametrize(
    ("stdin", "env", "code", "message"),
    [
        (FULL, {}, ExitCode.CONFIG, "missing configuration: JSONDIR_SINK_DIR"),
        (FULL, {"JSONDIR_SINK_DIR": "/nonexistent/x"}, ExitCode.CONFIG, "is not a directory"),
        (FUTURE, None, ExitCode.UNSUPPORTED_SCHEMA, "'peepshow.run/2' is not supported"),
        ("hello", None, ExitCode.BAD_INPUT, "stdin is not JSON"),
        (FULL + FULL, None, ExitCode.BAD_INPUT, "Extra data"),  # two documents
        (FULL + "\ngarbage", None, ExitCode.BAD_INPUT, "Extra data"),
        (FULL.replace('"duration_s": 18.0', '"duration_s": NaN'), None, 4, "NaN is not"),
        (FULL.replace('"title": "', '"title": 7, "x": "'), None, 4, "invalid at title"),
    ],
    ids=[
        "no dir",
        "not a dir",
        "future",
        "not json",
        "two documents",
        "trailing garbage",
        "NaN",
        "wrong type",
    ],
)
def test_jsondir_failures(
    tmp_path: Path,
    examples_on_path: None,
    stdin: str,
    env: dict[str, str] | None,
    code: int,
    message: str,
) -> None:
    """Nothing but a valid payload is stored (peepshow sinks validate checks it)."""
    settings = {"JSONDIR_SINK_DIR": str(tmp_path)} if env is None else env
    done = run("jsondir", stdin, **settings)
    assert done.returncode == code and done.stdout == ""
    assert done.stderr.startswith("peepshow-sink-jsondir: error: ") and message in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing stored, no temporary file left


def test_webhook_posts_with_idempotency_key(
    http_server: ScriptedServer, examples_on_path: None
) -> None:
    http_server.replies = [Reply(201, {"id": "evt-9"})]
    done = run("webhook", FULL, WEBHOOK_URL=http_server.url + "/hook", WEBHOOK_TOKEN="whk-s3cret")
    assert done.returncode == 0, done.stderr
    run_id = json.loads(FULL)["run_id"]
    assert json.loads(done.stdout) == {
        "sink": "webhook",
        "run_id": run_id,
        "status": 201,
        "id": "evt-9",
        "url": http_server.url + "/hook",
    }
    (seen,) = http_server.seen
    assert seen.method == "POST" and seen.path == "/hook" and seen.json() == json.loads(FULL)
    assert seen.headers["Idempotency-Key"] == run_id
    assert seen.headers["Authorization"] == "Bearer whk-s3cret"


def test_webhook_rejection(http_server: ScriptedServer, examples_on_path: None) -> None:
    http_server.replies = [Reply(422, {"message": "title too long for whk-s3cret"})]
    done = run("webhook", FULL, WEBHOOK_URL=http_server.url, WEBHOOK_TOKEN="whk-s3cret")
    assert done.returncode == ExitCode.REJECTED and done.stdout == ""
    assert done.stderr == (
        "peepshow-sink-webhook: error: the webhook rejected the data "
        "(HTTP 422: title too long for ***)\n"
    )


def test_examples_through_peepshow_dispatch(
    tmp_path: Path,
    http_server: ScriptedServer,
    examples_on_path: None,
    monkeypatch: pytest.MonkeyPatch,
    run_payload: dict[str, Any],
) -> None:
    monkeypatch.setenv("JSONDIR_SINK_DIR", str(tmp_path))
    monkeypatch.setenv("WEBHOOK_URL", http_server.url)
    stderr = io.StringIO()
    deliveries = dispatch.deliver(
        run_payload, ["jsondir", "webhook"], use_registry=False, stderr=stderr
    )
    assert [(d.sink, d.ok) for d in deliveries] == [("jsondir", True), ("webhook", True)], (
        stderr.getvalue()
    )
    assert (tmp_path / f"{run_payload['run_id']}.json").exists()
    assert http_server.seen[0].json() == run_payload


def test_docs_show_the_example_files_verbatim() -> None:
    blocks = re.findall(r"```(?:sh|python)\n(.*?)```", PLUGINS_MD, re.DOTALL)
    for name in ("peepshow-sink-jsondir", "peepshow-sink-webhook"):
        assert (EXAMPLES / name).read_text("utf-8") in blocks, f"docs/PLUGINS.md: {name} is stale"
        assert os.access(EXAMPLES / name, os.X_OK)


def test_every_exit_code_is_documented() -> None:
    rows = dict(re.findall(r"^\| (\d+) \| `([A-Z_]+)` \|", PLUGINS_MD, re.MULTILINE))
    assert rows == {str(int(code)): code.name for code in ExitCode}
    assert set(EXIT_CODE_MEANINGS) == set(ExitCode)
