"""`peepshow sinks ...` in-process, and a few runs of the installed executable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from peepshow_core.contract import outbox
from peepshow_core.delivery import registry
from peepshow_core.frontends.cli_sinks import main
from tests.support.cli import Result, invoke
from tests.support.paths import SAMPLE

if TYPE_CHECKING:
    from tests.support.sinks import MakeSink

PEEPSHOW = shutil.which("peepshow") or str(Path(os.sys.executable).parent / "peepshow")


def sinks(*args: str) -> Result:
    return invoke(main, *args)


def test_add_and_list_with_warnings(make_sink: MakeSink, sink_bin: Path, tmp_path: Path) -> None:
    later = tmp_path / "later-on-path"
    os.environ["PATH"] += os.pathsep + str(later)  # restored by monkeypatch in sink_bin
    make_sink("db", "exit 0")
    make_sink("db", "exit 0", directory=later)  # shadowed
    make_sink("lazy", "exit 0", executable=False)
    make_sink("spare", "exit 0")
    assert sinks("add", "db", "--when", "extension=.MP4,mov").exit_code == 0
    result = sinks("add", "ghost")
    assert result.exit_code == 0
    assert "no executable peepshow-sink-ghost on PATH yet" in result.stderr
    assert sinks("add", "lazy").exit_code == 0
    assert sinks("add-cmd", "gzip > runs.gz", "--name", "archive").exit_code == 0

    result = sinks("list")
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert "peepshow sinks: warning: ghost: peepshow-sink-ghost not found on PATH" in warnings
    assert "peepshow sinks: warning: lazy: peepshow-sink-lazy not executable on PATH" in warnings
    assert (
        f"peepshow sinks: warning: {later / 'peepshow-sink-db'} is shadowed by "
        f"{sink_bin / 'peepshow-sink-db'}, found earlier on PATH"
    ) in warnings
    assert (
        f"peepshow sinks: warning: {sink_bin / 'peepshow-sink-lazy'} is not executable (ignored)"
    ) in warnings
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "KIND", "RUNS", "WHEN", "ENABLED"]
    assert lines[1].split() == [
        "db",
        "name",
        str(sink_bin / "peepshow-sink-db"),
        "extension=mp4,mov",
        "yes",
    ]
    assert "(missing: peepshow-sink-ghost)" in lines[2]
    assert "sh -c 'gzip > runs.gz'" in result.stdout
    assert f"  spare  {sink_bin / 'peepshow-sink-spare'}" in lines

    data = json.loads(sinks("list", "--json").stdout)
    assert [s["id"] for s in data["sinks"]] == ["db", "ghost", "lazy", "archive"]
    assert data["sinks"][0]["executable"] == str(sink_bin / "peepshow-sink-db")
    assert data["sinks"][1]["executable"] is None
    assert {"name": "spare", "executable": str(sink_bin / "peepshow-sink-spare")} in data[
        "available"
    ]
    assert len(data["warnings"]) == len(warnings)


def test_enable_disable_remove_path() -> None:
    sinks("add", "db")
    assert sinks("disable", "db").exit_code == 0
    assert registry.load()[0].enabled is False
    assert sinks("enable", "db").exit_code == 0
    assert registry.load()[0].enabled is True
    result = sinks("path")
    assert result.stdout.strip() == os.path.join(os.environ["PEEPSHOW_CONFIG_DIR"], "sinks.json")
    assert sinks("remove", "db").exit_code == 0
    assert registry.load() == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["add", "Bad_Name"], 2, "sink name 'Bad_Name' is not valid"),
        (["add", "db", "--when", "colour=red"], 2, "unknown key 'colour'"),
        (["add", "db", "--when", "extension"], 2, "expected key=value"),
        (["add-cmd", "true", "--name", "x y"], 2, "--name 'x y' is not valid"),
        (["remove", "nothing"], 2, "no registered sink with id 'nothing'"),
        (["disable", "nothing"], 2, "no registered sink with id 'nothing'"),
        (["retry", "nothing"], 2, "nothing in the outbox for 'nothing'"),
    ],
)
def test_errors_are_one_line_with_a_documented_code(
    args: list[str], code: int, message: str
) -> None:
    result = sinks(*args)
    assert result.exit_code == code
    assert result.stderr.startswith("peepshow sinks: error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


def test_damaged_registry_is_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config" / "sinks.json"
    path.parent.mkdir()
    path.write_text("[1, 2")
    result = sinks("list")
    assert result.exit_code == 6 and str(path) in result.stderr
    assert path.read_text() == "[1, 2"


def test_outbox_and_retry(make_sink: MakeSink, tmp_path: Path, run_payload: dict[str, Any]) -> None:
    flag = tmp_path / "up"
    make_sink(
        "later",
        f'cat >/dev/null; [ -e "{flag}" ] && '
        """{ echo '{"run_id": "'"$PEEPSHOW_RUN_ID"'"}'; exit 0; }; """
        'echo "still down" >&2; exit 8',
    )
    outbox.store("later", run_payload, error="HTTP 503")
    result = sinks("outbox")
    item_id = f"later--{run_payload['run_id']}"
    assert result.stdout.splitlines()[0].startswith(f"{item_id}  later  {run_payload['title']!r}")
    assert result.stdout.splitlines()[1].strip() == "HTTP 503"
    (listed,) = json.loads(sinks("outbox", "--json").stdout)
    assert (listed["id"], listed["attempts"], listed["error"]) == (item_id, 1, "HTTP 503")
    assert "payload" not in listed

    result = sinks("retry")
    assert result.exit_code == 8 and "still down" in result.stderr
    flag.touch()
    result = sinks("retry", item_id[:12])
    assert result.exit_code == 0, result.stderr
    assert sinks("outbox").stdout.startswith("the outbox is empty")
    assert sinks("retry").stderr == "peepshow sinks: the outbox is empty\n"


def test_installed_peepshow_routes_sinks(tmp_path: Path) -> None:
    env = {**os.environ}
    done = subprocess.run(
        [PEEPSHOW, "sinks", "add", "db", "--when", "extension=mp4"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [PEEPSHOW, "sinks", "list", "--json"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["sinks"][0]["when"] == ["extension=mp4"]
    done = subprocess.run(
        [PEEPSHOW, "sinks", "add", "db", "--when", "size=big"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "peepshow sinks: error: --when 'size=big': unknown key 'size' "
        "(known keys: extension, path, tag, strategy)"
    )


RECEIVER = (
    """cat > "$OUT/$PEEPSHOW_SINK_ID.json"; """
    """echo '{"id": "got-it", "run_id": "'"$PEEPSHOW_RUN_ID"'"}'"""
)


def peepshow_run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            PEEPSHOW,
            str(SAMPLE),
            "--strategy",
            "interval",
            "--no-transcript",
            "--emit",
            "json",
            *args,
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=False,
        timeout=300,
    )


def test_peepshow_run_fires_sinks_end_to_end(
    make_sink: MakeSink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("OUT", str(out))
    make_sink("rec", RECEIVER)
    make_sink("bad", "cat > /dev/null; echo 'peepshow-sink-bad: error: nope' >&2; exit 7")
    registry.add_cmd(RECEIVER, ["extension=mp4"], "copy")
    registry.add_cmd(RECEIVER, ["extension=mov"], "mov-only")

    done = peepshow_run("--sink", "rec", "--sink", "bad")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert [(d["sink"], d["ok"]) for d in payload["deliveries"]] == [
        ("rec", True),
        ("bad", False),
        ("copy", True),
        ("mov-only", False),
    ]
    assert payload["deliveries"][3]["skipped"] == "extension mp4 not in mov"
    received = json.loads((out / "rec.json").read_text())
    assert "deliveries" not in received and received["run_id"] == payload["run_id"]
    assert json.loads((out / "copy.json").read_text()) == received
    assert "peepshow: sink rec: ok — id got-it" in done.stderr.splitlines()
    assert "peepshow: sink mov-only: skipped — extension mp4 not in mov" in done.stderr
    assert "peepshow: sink bad: failed (exit 7) — peepshow-sink-bad: error: nope" in (done.stderr)

    strict = peepshow_run("--sink", "bad", "--no-sinks", "--strict-sinks")
    assert strict.returncode == 9
    assert [d["sink"] for d in json.loads(strict.stdout)["deliveries"]] == ["bad"]
    skipped_only = peepshow_run("--strict-sinks")  # a skipped sink is not a failure
    assert skipped_only.returncode == 0, skipped_only.stderr


def test_missing_sink_fails_before_extraction(sink_bin: Path, tmp_path: Path) -> None:
    done = peepshow_run("--sink", "not-there", "--out", str(tmp_path / "frames"))
    assert done.returncode == 6 and done.stdout == ""
    assert done.stderr.strip().endswith(
        "peepshow: error: --sink not-there: no executable peepshow-sink-not-there on PATH"
    )
    assert not (tmp_path / "frames").exists()


def test_add_warns_about_required_settings_that_are_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`peepshow sinks add NAME` asks `peepshow-sink-NAME --describe` what it needs."""
    for name in ("CASSANDRA_URL", "CASSANDRA_KEYSPACE", "CASSANDRA_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    result = sinks("add", "cassandra")
    assert result.exit_code == 0
    warning = result.stderr.splitlines()[-1]
    assert "needs CASSANDRA_URL, CASSANDRA_KEYSPACE, not set" in warning
    assert "peepshow-sink-cassandra --help" in warning
    (tmp_path / ".env").write_text("CASSANDRA_URL=https://db.example\nCASSANDRA_KEYSPACE=ks\n")
    again = sinks("add", "cassandra", "--name", "cassandra-2")
    assert again.exit_code == 0 and "warning" not in again.stderr
