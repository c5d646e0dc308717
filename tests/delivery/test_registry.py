"""The sinks registry file: entries, validation, atomic locked writes, damaged files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from peepshow_core.contract import paths
from peepshow_core.contract.errors import ConfigError, ExitCode, PeepshowError
from peepshow_core.delivery import registry
from tests.support.paths import REPO


def test_add_list_enable_disable_remove() -> None:
    registry.add("cassandra", ["extension=mp4,mov"])
    registry.add_cmd("gzip > out.gz", ["tag=x"])
    registry.add("cassandra", ["path=/work"], "cassandra-work")
    registry.add_cmd("cat > b.json")
    assert [(e.id, e.kind, e.target) for e in registry.load()] == [
        ("cassandra", "name", "cassandra"),
        ("cmd-1", "cmd", "gzip > out.gz"),
        ("cassandra-work", "name", "cassandra"),
        ("cmd-2", "cmd", "cat > b.json"),
    ]
    registry.set_enabled("cmd-1", False)
    registry.remove("cassandra")
    entries = registry.load()
    assert [(e.id, e.enabled, e.condition()) for e in entries] == [
        ("cmd-1", False, "tag=x"),
        ("cassandra-work", True, f"path={Path('/work').resolve()}"),
        ("cmd-2", True, "always"),
    ]
    data = json.loads(paths.registry_path().read_text())
    assert data["format"] == registry.FORMAT
    assert data["sinks"][0] == {
        "id": "cmd-1",
        "kind": "cmd",
        "command": "gzip > out.gz",
        "when": ["tag=x"],
        "enabled": False,
    }


def test_no_file_means_no_entries() -> None:
    assert registry.load() == []
    assert not paths.registry_path().exists()


@pytest.mark.parametrize(
    ("call", "code", "message"),
    [
        (lambda: registry.add("Bad_Name"), ExitCode.USAGE, "is not valid"),
        (lambda: registry.add("ok", ["colour=red"]), ExitCode.USAGE, "unknown key 'colour'"),
        (lambda: registry.add("ok", None, "Bad Id"), ExitCode.USAGE, "--name 'Bad Id'"),
        (lambda: registry.add_cmd("  "), ExitCode.USAGE, "empty"),
        (lambda: registry.remove("nothing"), ExitCode.USAGE, "no registered sink"),
        (lambda: registry.set_enabled("nothing", True), ExitCode.USAGE, "no registered sink"),
    ],
)
def test_bad_requests_change_nothing(call, code: ExitCode, message: str) -> None:  # type: ignore[no-untyped-def]
    registry.add("keep")
    before = paths.registry_path().read_bytes()
    with pytest.raises(PeepshowError) as caught:
        call()
    assert caught.value.code == code and message in caught.value.message
    assert paths.registry_path().read_bytes() == before


def test_duplicate_id_is_refused_with_a_hint() -> None:
    registry.add("cassandra")
    with pytest.raises(PeepshowError, match="--name") as caught:
        registry.add("cassandra", ["extension=mp4"])
    assert caught.value.code == ExitCode.USAGE
    assert len(registry.load()) == 1


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"format": 99, "sinks": []}',
        '{"format": 1, "sinks": [{"id": "x", "kind": "rocket", "enabled": true}]}',
        '{"format": 1, "sinks": [{"id": "x", "kind": "name", "sink": "x", "when": ["color=red"]}]}',
        '{"format": 1, "sinks": [{"id": "x", "kind": "name", "sink": "x"},'
        ' {"id": "x", "kind": "cmd", "command": "true"}]}',
    ],
)
def test_damaged_file_is_an_error_naming_it_and_is_never_reset(content: str) -> None:
    path = paths.registry_path()
    path.parent.mkdir(parents=True)
    path.write_text(content)
    for attempt in (registry.load, lambda: registry.add("new")):
        with pytest.raises(PeepshowError) as caught:
            attempt()
        assert caught.value.code == ExitCode.CONFIG
        assert str(path) in caught.value.message and "\n" not in caught.value.message
    assert path.read_text() == content


def test_failed_write_keeps_the_old_file(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.add("first")
    before = paths.registry_path().read_bytes()

    def broken_fsync(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")  # the temporary file is written, not yet renamed

    monkeypatch.setattr("peepshow_core.contract.atomic.os.fsync", broken_fsync)
    with pytest.raises(ConfigError, match="cannot write the sinks registry"):
        registry.add("second")
    assert paths.registry_path().read_bytes() == before
    assert sorted(p.name for p in paths.config_dir().iterdir()) == ["sinks.json", "sinks.json.lock"]


def test_a_config_folder_name_too_long_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Its existence check raised OSError outside the registry's error handling: exit 1."""
    monkeypatch.setenv("PEEPSHOW_CONFIG_DIR", str(tmp_path / ("y" * 300)))
    with pytest.raises(ConfigError, match=r"cannot write the sinks registry .*File name too long"):
        registry.add("cassandra")


def test_twenty_concurrent_adds_lose_nothing() -> None:
    code = "import sys; from peepshow_core.delivery import registry; registry.add(sys.argv[1])"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, f"sink-{i}"], env=env, cwd=REPO, stderr=subprocess.PIPE
        )
        for i in range(20)
    ]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, errors
    assert sorted(e.id for e in registry.load()) == sorted(f"sink-{i}" for i in range(20))


def test_paths_follow_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.registry_path() == tmp_path / "config" / "sinks.json"
    assert paths.outbox_dir() == tmp_path / "state" / "outbox"
    monkeypatch.delenv("PEEPSHOW_CONFIG_DIR")
    monkeypatch.delenv("PEEPSHOW_STATE_DIR")
    assert paths.config_dir().name == "peepshow" and paths.state_dir().name == "peepshow"
