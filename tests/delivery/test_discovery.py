"""Finding `peepshow-sink-NAME` on PATH: first executable wins, names are validated."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from peepshow_core.contract.errors import ExitCode, PeepshowError
from peepshow_core.delivery import discovery

if TYPE_CHECKING:
    from tests.support.sinks import MakeSink


@pytest.mark.parametrize("name", ["cassandra", "event-track", "s3", "my-db-2"])
def test_valid_names(name: str) -> None:
    assert discovery.check_name(name) == name


@pytest.mark.parametrize(
    "name", ["Cassandra", "event_track", "-x", "x-", "a--b", "", "a b", "../x"]
)
def test_invalid_names_are_usage_errors(name: str) -> None:
    with pytest.raises(PeepshowError) as caught:
        discovery.check_name(name)
    assert caught.value.code == ExitCode.USAGE


def test_first_executable_on_path_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_sink: MakeSink
) -> None:
    first, second, third = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    make_sink("demo", "exit 0", executable=False, directory=first)
    winner = make_sink("demo", "exit 0", directory=second)
    make_sink("demo", "exit 0", directory=third)
    monkeypatch.setenv("PATH", os.pathsep.join(map(str, [first, second, third])))
    assert discovery.which("demo") == winner
    assert discovery.which("absent") is None


def test_scan_reports_non_executable_and_shadowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_sink: MakeSink
) -> None:
    def write_sink(directory: Path, name: str, body: str, executable: bool = True) -> Path:
        return make_sink(name, body, executable=executable, directory=directory)

    first, second = tmp_path / "a", tmp_path / "b"
    broken = write_sink(first, "broken", "exit 0", executable=False)
    winner = write_sink(first, "dup", "exit 0")
    shadowed = write_sink(second, "dup", "exit 0")
    write_sink(second, "Bad_Name", "exit 0")  # not a valid sink name: not listed
    (second / "peepshow-sink-dir").mkdir()  # directories are never sinks
    monkeypatch.setenv("PATH", os.pathsep.join(map(str, [first, second, first])))
    found = discovery.scan()
    assert "Bad_Name" not in found and "dir" not in found
    assert found["broken"].executable is None
    assert found["broken"].warnings() == [f"{broken} is not executable (ignored)"]
    assert found["dup"].files == [winner, shadowed]  # the repeated PATH entry is searched once
    assert found["dup"].warnings() == [f"{shadowed} is shadowed by {winner}, found earlier on PATH"]


def test_console_scripts_dir_is_searched_after_path(make_sink: MakeSink) -> None:
    """Built-in sinks installed next to peepshow are found even when that dir is not on PATH,
    but anything on PATH comes first."""
    import sysconfig

    scripts = Path(sysconfig.get_path("scripts"))
    assert discovery.search_dirs()[-1] == scripts
    builtin = scripts / "peepshow-sink-cassandra"
    if not builtin.exists():
        pytest.skip("peepshow is not installed in this Python")
    assert discovery.which("cassandra") == builtin
    mine = make_sink("cassandra", "exit 0")
    assert discovery.which("cassandra") == mine
