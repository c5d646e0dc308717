"""`--when` rules: parsing (refusing unknown keys and bad values) and matching against runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from peepshow_core.contract.errors import ExitCode, UsageError
from peepshow_core.delivery.when import describe, first_mismatch, parse_when


def run(
    path: str = "/Volumes/Work/talks/intro.MP4",
    tags: list[str] | None = None,
    strategy: str = "slides",
) -> dict[str, Any]:
    ext = Path(path).suffix.lower().lstrip(".")
    return {"source": {"path": path, "extension": ext}, "tags": tags or [], "strategy": strategy}


MATCHES = [
    # (when options, run, expected mismatch reason or None)
    ([], run(), None),
    (["extension=mp4"], run(), None),
    (["extension=MP4"], run(), None),
    (["extension=.mp4"], run(), None),
    (["extension=mov,mp4"], run(), None),
    (["extension=mov"], run(), "extension mp4 not in mov"),
    (["extension=mov,mkv"], run("/a/b.webm"), "extension webm not in mov,mkv"),
    (["extension=mp4"], run("/a/noext"), "extension (none) not in mp4"),
    (["path=/Volumes/Work"], run(), None),
    (["path=/Volumes/Work/"], run(), None),
    (["path=/Volumes/Work/talks/intro.MP4"], run(), None),
    (["path=/Volumes/Wor"], run(), "path /Volumes/Work/talks/intro.MP4 not under /Volumes/Wor"),
    (
        ["path=/Volumes/Work"],
        run("/Volumes/Workshop/a.mp4"),
        "path /Volumes/Workshop/a.mp4 not under /Volumes/Work",
    ),
    (["path=/elsewhere,/Volumes"], run(), None),
    (["tag=talk"], run(tags=["demo", "talk"]), None),
    (["tag=talk,demo"], run(tags=["demo"]), None),
    (["tag=talk"], run(tags=[]), "tags (none) not in talk"),
    (["strategy=scenes,slides"], run(), None),
    (["strategy=scenes"], run(), "strategy slides not in scenes"),
    # several options AND together; the first failing rule is the one reported
    (["extension=mp4", "path=/Volumes/Work"], run(), None),
    (["extension=mp4", "path=/tmp"], run(), "path /Volumes/Work/talks/intro.MP4 not under /tmp"),
    (["extension=mov", "path=/tmp"], run(), "extension mp4 not in mov"),
    (["extension=mp4;tag=x"], run(tags=["y"]), "tags y not in x"),
    # the same key twice: both must hold
    (["extension=mp4,mov", "extension=mov"], run(), "extension mp4 not in mov"),
]


@pytest.mark.parametrize(("options", "payload", "expected"), MATCHES)
def test_matching_table(options: list[str], payload: dict[str, Any], expected: str | None) -> None:
    assert first_mismatch(parse_when(options), payload) == expected


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("color=red", "unknown key 'color'"),
        ("extension", "expected key=value"),
        ("extension=", "empty value"),
        ("extension=mp4,,mov", "empty value"),
        ("extension=m p4", "not a file extension"),
        ("strategy=best", "unknown strategy 'best'"),
        ("path=", "empty value"),
    ],
)
def test_malformed_rules_are_refused_with_usage_code(option: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_when([option])
    assert message in caught.value.message
    assert caught.value.code == ExitCode.USAGE


def test_values_are_normalised_and_described() -> None:
    rules = parse_when([" Extension = .MOV,mp4,mov ", "path=~/talks"])
    assert describe(rules) == f"extension=mov,mp4 path={Path.home() / 'talks'}"
    assert describe([]) == "always"


def test_relative_path_is_resolved_when_added(tmp_path: Path) -> None:
    (tmp_path / "videos").mkdir()
    rules = parse_when(["path=videos"])  # conftest chdirs to tmp_path
    assert first_mismatch(rules, run(str(tmp_path.resolve() / "videos" / "a.mp4"))) is None
