"""A manifest saved by a Windows tool (Notepad, PowerShell's `Out-File -Encoding utf8`) starts
with a UTF-8 byte order mark: it is dropped, so the first line is the path or JSON object it
shows. Before, the mark stayed on the first line: its file was looked for as
`\\ufeffsub/talk.mp4` (exit 3), and a first JSON line was taken for a path."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from peepshow_core.batch.inputs import read_manifest

BOM = "\ufeff"


@pytest.mark.parametrize("first", ["sub/talk.mp4", '{"path": "sub/talk.mp4", "title": "T"}'])
def test_a_byte_order_mark_is_dropped_from_a_file(tmp_path: Path, first: str) -> None:
    manifest = tmp_path / "manifest.txt"
    manifest.write_text(f"{BOM}{first}\r\nother.mp4\r\n", encoding="utf-8")
    items = read_manifest(str(manifest), io.StringIO())
    assert [item.path for item in items] == [tmp_path / "sub/talk.mp4", tmp_path / "other.mp4"]


def test_a_byte_order_mark_is_dropped_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    items = read_manifest("-", io.StringIO(f"{BOM}sub/talk.mp4\n"))
    assert [item.path for item in items] == [tmp_path / "sub/talk.mp4"]
