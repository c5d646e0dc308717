"""Paths no file system takes (a name too long, a NUL byte) and manifest JSON nested past
Python's limit are bad input with a documented code, never `unexpected failure` (1): a manifest
line that is no usable JSON or names a path with a NUL byte is USAGE (2); a name too long stays
an item and fails on its own, as a missing file does. A manifest that never ends (a device, an
endless pipe) is refused, never read into memory without bound."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from peepshow_core.batch import inputs
from peepshow_core.batch.inputs import collect
from peepshow_core.contract.errors import BadInputError, NoInputError, UsageError

TOO_LONG = "a" * 5000  # past NAME_MAX (255) and PATH_MAX (4096)
DEPTH = 100_000  # past the JSON decoder's recursion limit


@pytest.mark.usefixtures("gc_paused")
def test_json_nested_too_deeply_is_a_usage_error() -> None:
    line = '{"path": "x.mp4", "tags": ' + "[" * DEPTH + "]" * DEPTH + "}\n"
    with pytest.raises(UsageError, match="line 1"):
        collect([], "-", io.StringIO(line), [])


@pytest.mark.parametrize("line", [json.dumps({"path": "a\x00b.mp4"}), "a\x00b.mp4"])
def test_a_nul_byte_in_a_path_is_a_usage_error(line: str) -> None:
    """A plain line too: before, it became an item whose fingerprint raised ValueError
    ("embedded null byte") and the whole batch died with exit 1."""
    with pytest.raises(UsageError, match=r"line 1: .*NUL"):
        collect([], "-", io.StringIO(line + "\n"), [])


@pytest.mark.parametrize("name", [TOO_LONG, f"{TOO_LONG}.mp4"])
def test_a_path_no_file_can_have_stays_an_item(tmp_path: Path, name: str) -> None:
    line = json.dumps({"path": name}) + "\n"
    items = collect([], "-", io.StringIO(line), [])
    assert [item.path.name for item in items] == [Path(name).name]
    items = collect([str(tmp_path / name)], None, io.StringIO(), [])
    assert len(items) == 1


def test_a_manifest_that_is_a_device_is_refused_before_it_is_read() -> None:
    """/dev/zero never ends: before, reading it as a manifest grew the batch's memory until the
    machine ran out."""
    with pytest.raises(NoInputError, match="is not a file"):
        collect([], "/dev/zero", io.StringIO(), [])


def test_a_manifest_larger_than_any_list_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_MANIFEST_CHARS", 10)
    with pytest.raises(BadInputError, match="holds more than"):
        collect([], "-", io.StringIO("y\n" * 6), [])
