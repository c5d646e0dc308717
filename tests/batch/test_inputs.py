"""Which files a batch takes: folders searched recursively, extensions in any case, hidden files
and folders skipped, manifest lines (paths or JSON) with their titles and tags."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from peepshow_core.batch.inputs import collect
from peepshow_core.contract.errors import ExitCode, NoInputError, UsageError


def touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(name.encode())


def names(items: list, root: Path) -> list[str]:
    return [str(item.path.relative_to(root)) for item in items]


def test_a_folder_is_searched_recursively_for_media_in_any_case_without_hidden_files(
    tmp_path: Path,
) -> None:
    touch(
        tmp_path,
        "a.mp4",
        "talks/B.MOV",
        "talks/deep/c.Mkv",
        "talks/voice.M4A",
        "talks/notes.txt",
        "talks/.d.mp4",
        ".cache/e.mp4",
        "talks/.git/f.webm",
        "README",
    )
    items = collect([str(tmp_path)], None, io.StringIO(), [])
    assert sorted(names(items, tmp_path)) == [
        "a.mp4",
        "talks/B.MOV",
        "talks/deep/c.Mkv",
        "talks/voice.M4A",
    ]


def test_a_file_named_explicitly_is_taken_whatever_its_name_and_listed_once(
    tmp_path: Path,
) -> None:
    touch(tmp_path, "clip.bin", "x/a.mp4")
    items = collect(
        [str(tmp_path / "clip.bin"), str(tmp_path / "x"), str(tmp_path / "x" / "a.mp4")],
        None,
        io.StringIO(),
        ["batch"],
    )
    assert names(items, tmp_path) == ["clip.bin", "x/a.mp4"]
    assert all(item.tags == ["batch"] for item in items)


def test_manifest_lines_are_paths_or_json_with_title_and_tags(tmp_path: Path) -> None:
    touch(tmp_path, "lists/one.mp4", "two.mp4", "three.mov")
    manifest = tmp_path / "lists" / "batch.txt"
    manifest.write_text(
        "# archive, part 1\n"
        "one.mp4\n"
        "\n"
        f'{{"path": "{tmp_path / "two.mp4"}", "title": "Second talk", "tags": ["q3", "batch"]}}\n'
        f"{tmp_path / 'three.mov'}\n"
    )
    items = collect([], str(manifest), io.StringIO(), ["batch", "archive"])
    assert names(items, tmp_path) == ["lists/one.mp4", "two.mp4", "three.mov"]
    assert [i.title for i in items] == [None, "Second talk", None]
    assert items[1].tags == ["batch", "archive", "q3"]


def test_a_manifest_on_stdin_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "here/a.mp4")
    monkeypatch.chdir(tmp_path / "here")
    items = collect([], "-", io.StringIO('{"path": "a.mp4"}\n'), [])
    assert [i.path for i in items] == [tmp_path / "here" / "a.mp4"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"path": "a.mp4", ', "line 2: not JSON"),
        ('{"title": "x"}', "line 2: `path` must be a non-empty string"),
        ('{"path": "a.mp4", "tags": "q3"}', "line 2: `tags` must be a list of strings"),
        ('{"path": "a.mp4", "title": 3}', "line 2: `title` must be a string"),
        ('{"path": "a.mp4", "tilte": "x"}', "line 2: unknown field(s) tilte"),
    ],
)
def test_a_bad_manifest_line_is_a_usage_error_naming_the_line(
    tmp_path: Path, line: str, message: str
) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(f"a.mp4\n{line}\n")
    with pytest.raises(UsageError) as caught:
        collect([], str(manifest), io.StringIO(), [])
    assert caught.value.message.startswith(f"manifest {manifest}, {message}")
    assert caught.value.code == ExitCode.USAGE


def test_a_folder_without_media_is_no_input(tmp_path: Path) -> None:
    touch(tmp_path, "notes.txt", ".hidden.mp4")
    with pytest.raises(NoInputError, match="no video or audio files in"):
        collect([str(tmp_path)], None, io.StringIO(), [])


def test_a_missing_file_is_kept_to_fail_on_its_own(tmp_path: Path) -> None:
    items = collect([str(tmp_path / "gone.mp4")], None, io.StringIO(), [])
    assert [i.path for i in items] == [tmp_path / "gone.mp4"]


def test_a_title_for_a_folder_is_refused(tmp_path: Path) -> None:
    touch(tmp_path, "d/a.mp4")
    stdin = io.StringIO(f'{{"path": "{tmp_path / "d"}", "title": "All"}}\n')
    with pytest.raises(UsageError, match="a title is for one file"):
        collect([], "-", stdin, [])
