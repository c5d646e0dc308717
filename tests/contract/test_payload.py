"""The payload's text, numbers and file names (docs/PLUGINS.md, "Text, numbers and file names"):
every payload peepshow writes is valid UTF-8 JSON with finite numbers, and a file name that is
not UTF-8 survives the round trip through `source.path_b64`."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peepshow_core.contract.errors import BadInputError
from peepshow_core.contract.payload import RunFacts, build_payload, parse, valid_text, validate
from tests.support.paths import load_run

RAW_NAME = b"talk-\xff\xfe caf\xc3\xa9.mp4"  # two bytes that are no UTF-8, then a real "é"


def facts_for(source: Path) -> RunFacts:
    return RunFacts(
        source=source,
        title=source.stem,  # what run/extract derives from the name
        tags=["caf\udcc3"],  # a tag typed in a terminal that is not UTF-8
        video=None,
        audio=None,
        duration_s=None,
        strategy="slides",
        strategy_params={},
        frames=[],
        frames_dir=None,
        transcript=None,
        transcript_reason="no audio track",
    )


def test_a_file_name_that_is_not_utf8_round_trips_through_path_b64(tmp_path: Path) -> None:
    source = Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + RAW_NAME))
    source.write_bytes(b"x")
    payload = build_payload(facts_for(source))
    text = json.dumps(payload, ensure_ascii=False)
    text.encode("utf-8")  # strict: no lone surrogate left anywhere
    validate(json.loads(text))
    assert payload["source"]["name"] == "talk-\ufffd\ufffd café.mp4"
    assert payload["title"] == "talk-\ufffd\ufffd café" and payload["tags"] == ["caf\ufffd"]
    raw = base64.b64decode(payload["source"]["path_b64"])
    assert raw.endswith(b"/" + RAW_NAME) and Path(os.fsdecode(raw)).read_bytes() == b"x"


def test_a_utf8_file_name_has_no_path_b64(tmp_path: Path) -> None:
    source = tmp_path / "café talk.mp4"
    source.write_bytes(b"x")
    payload = build_payload(facts_for(source))
    assert payload["source"]["name"] == "café talk.mp4" and "path_b64" not in payload["source"]


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("plain", "plain"),
        ("caf\udcc3\udca9", "café"),  # escaped bytes that are UTF-8 after all
        ("x\udcff\udcfe", "x\ufffd\ufffd"),
        ("\ud800x", "\ufffdx"),
    ],
)
def test_valid_text(text: str, valid: str) -> None:
    assert valid_text(text) == valid


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"duration_s": float("nan")}, "duration_s"),
        ({"duration_s": float("inf")}, "duration_s"),
        ({"created_at": "2026-13-45T99:99:99Z"}, "created_at"),
        ({"title": "x\udcff"}, "title"),
    ],
)
def test_validate_refuses_what_the_schema_cannot_say(change: dict[str, object], where: str) -> None:
    with pytest.raises(BadInputError, match=f"at {where}"):
        validate({**load_run("full"), **change})


@pytest.mark.usefixtures("gc_paused")
@pytest.mark.parametrize(
    "text",
    [
        json.dumps(load_run("full")).replace('"duration_s": 18.0', '"duration_s": NaN'),
        json.dumps(load_run("full")).replace('"duration_s": 18.0', '"duration_s": -Infinity'),
        json.dumps(load_run("full")).replace('"duration_s": 18.0', '"duration_s": 1e999'),
        "[" * 100_000 + "]" * 100_000,
    ],
    ids=["NaN", "-Infinity", "1e999", "deep"],
)
def test_parse_refuses_non_finite_numbers_and_deep_nesting(text: str) -> None:
    assert '"duration_s": 18.0' in json.dumps(load_run("full"))
    with pytest.raises(BadInputError):
        parse(text)


def test_the_cli_emits_utf8_json_for_a_name_that_is_not_utf8(
    silent_video: Path, tmp_path: Path
) -> None:
    """`--emit json` writes valid UTF-8; a sink reads it; path_b64 gives the file back."""
    folder = os.fsencode(tmp_path)
    weird = folder + b"/" + RAW_NAME
    shutil.copyfile(silent_video, weird)
    peepshow = shutil.which("peepshow", path=str(Path(sys.executable).parent))
    assert peepshow
    proc = subprocess.run(
        [peepshow, weird, "--emit", "json", "--no-transcript", "--no-sinks"],
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout.decode("utf-8"))  # strict UTF-8
    assert base64.b64decode(payload["source"]["path_b64"]) == weird
    assert "\ufffd" in payload["title"]
    sink = shutil.which("peepshow-sink-event-track", path=str(Path(sys.executable).parent))
    assert sink
    env = {
        **os.environ,
        "EVENT_TRACK_PROVIDER": "segment",
        "EVENT_TRACK_TOKEN": "seg-key-123456",
        "EVENT_TRACK_USER_ID": "user-42",
    }
    shown = subprocess.run(
        [sink, "--dry-run"], input=proc.stdout, capture_output=True, timeout=60, env=env
    )
    assert shown.returncode == 0, shown.stderr
