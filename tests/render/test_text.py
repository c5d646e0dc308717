"""`--emit summary` / `--emit markdown`: exact text on canned payloads.

The markdown is pasted into prompts, so its structure is part of the interface."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from peepshow_core.render.text import format_time, markdown, receipt_line, summary
from tests.support.paths import load_run

DELIVERIES: list[dict[str, Any]] = [
    {
        "sink": "cassandra",
        "ok": True,
        "exit_code": 0,
        "receipt": {
            "sink": "cassandra",
            "run_id": "3f2b8c1e-7a4d-4e2b-9c1a-5d6e7f809a1b",
            "url": "http://127.0.0.1:8082/v2/keyspaces/peepshow/runs/3f2b8c1e",
            "table": "runs",
        },
        "error": None,
        "outbox": None,
    },
    {
        "sink": "event-track",
        "ok": True,
        "exit_code": 0,
        "receipt": {"sink": "event-track", "provider": "mixpanel", "dedup_id": "3f2b8c1e-run"},
        "error": None,
        "outbox": None,
    },
    {
        "sink": "databricks",
        "ok": False,
        "exit_code": 8,
        "receipt": None,
        "error": "service unavailable after 3 tries\n(HTTP 503)",
        "outbox": "/state/outbox/databricks-3f2b8c1e.json",
    },
    {
        "sink": "mine",
        "ok": False,
        "exit_code": None,
        "receipt": None,
        "error": None,
        "outbox": None,
        "skipped": "when extension=mov did not match",
    },
]

FULL_MARKDOWN = """\
# Quarterly review — Ünïcode 'talk'

- Source: Quarterly review.mp4 (/videos/Quarterly review.mp4)
- Duration: 00:18 · 640×360 h264, 15 fps
- Strategy: slides · 3 frames in /tmp/peepshow/run
- Transcript: en (faster-whisper tiny.en), 44% silence
- Tags: demo, q4
- Run: 3f2b8c1e-7a4d-4e2b-9c1a-5d6e7f809a1b

## Frames

### Frame 1 — 00:00

![Frame 1 at 00:00](/tmp/peepshow/run/frame-0001-00m00.00s.jpg)
Link: https://cdn.example.com/run/frame-0001-00m00.00s.jpg

> Welcome to peepshow.

### Frame 2 — 00:03

![Frame 2 at 00:03](/tmp/peepshow/run/frame-0002-00m03.50s.jpg)
Link: https://cdn.example.com/run/frame-0002-00m03.50s.jpg

> Today we turn videos into frames and transcripts.

### Frame 3 — 00:09

![Frame 3 at 00:09](/tmp/peepshow/run/frame-0003-00m09.50s.jpg)
Link: https://cdn.example.com/run/frame-0003-00m09.50s.jpg

> First, pick the slides. Then send the run to a database.

## Transcript

[00:00] Welcome to peepshow.
[00:02] Today we turn videos into frames and transcripts.
[00:06] First, pick the slides. Then send the run to a database.
"""


def audio_only() -> dict[str, Any]:
    payload = load_run("full")
    payload.update(video=None, frames=[], frames_dir=None, thumbnail_url=None)
    return payload


def test_markdown_of_the_full_payload_is_exact() -> None:
    assert markdown(load_run("full")) == FULL_MARKDOWN


def test_markdown_lists_sink_receipts_and_warnings_and_the_contact_sheet() -> None:
    payload = load_run("full")
    payload["deliveries"] = DELIVERIES
    payload["warnings"] = ["decoding stopped at 12.4 s:\ncorrupt packet"]
    payload["contact_sheet"] = {
        "path": "/tmp/peepshow/run/contact-sheet.jpg",
        "width": 1292,
        "height": 736,
    }
    text = markdown(payload)
    assert "- Contact sheet: /tmp/peepshow/run/contact-sheet.jpg (1292×736)\n- Tags:" in text
    assert text.endswith(
        "## Warnings\n\n"
        "- decoding stopped at 12.4 s: corrupt packet\n\n"
        "## Sinks\n\n"
        "- cassandra: ok — http://127.0.0.1:8082/v2/keyspaces/peepshow/runs/3f2b8c1e\n"
        "- event-track: ok — dedup_id 3f2b8c1e-run\n"
        "- databricks: failed (exit 8) — service unavailable after 3 tries (HTTP 503); "
        "kept in the outbox as /state/outbox/databricks-3f2b8c1e.json\n"
        "- mine: skipped — when extension=mov did not match\n"
    )


def test_markdown_of_an_audio_only_run_has_no_frame_sections() -> None:
    text = markdown(audio_only())
    assert "- Duration: 00:18 · no video track\n- Strategy: slides · 0 frames\n" in text
    assert (
        "## Frames\n\nNo frames (the file has no video track).\n\n## Transcript\n\n[00:00]" in text
    )
    assert "###" not in text and "![" not in text


def test_markdown_without_transcript_says_why_and_quotes_nothing() -> None:
    text = markdown(load_run("minimal"))
    assert text == (
        "# silent clip\n\n"
        "- Source: clip.mov (/videos/clip.mov)\n"
        "- Duration: 00:02 · 320×240 h264, 10 fps\n"
        "- Strategy: interval · 1 frame in /tmp/peepshow/clip\n"
        "- Transcript: none — the file has no audio track\n"
        "- Run: 0b9d6a52-1c3e-4f70-8a2b-c4d5e6f70812\n\n"
        "## Frames\n\n"
        "### Frame 1 — 00:00\n\n"
        "![Frame 1 at 00:00](/tmp/peepshow/clip/frame-0001-00m00.00s.jpg)\n\n"
        "## Transcript\n\n"
        "No transcript: the file has no audio track.\n"
    )


def test_markdown_marks_frames_shown_in_silence_and_wraps_paths_with_spaces() -> None:
    payload = load_run("full")
    payload["frames"][2].pop("transcript")
    payload["frames"][0]["path"] = "/Users/me/Screen Recording (1)/frame-0001.jpg"
    text = markdown(payload)
    assert "![Frame 1 at 00:00](</Users/me/Screen Recording (1)/frame-0001.jpg>)" in text
    assert (
        "Link: https://cdn.example.com/run/frame-0003-00m09.50s.jpg\n\n"
        "(nothing said while this frame was shown)\n" in text
    )


def unreliable_frame_two() -> dict[str, Any]:
    """The full payload with the words of frame 2 from a low-confidence segment."""
    payload = load_run("full")
    payload["transcript"]["segments"][1].update(reliable=False, reason="low confidence")
    for frame in payload["frames"]:
        frame["transcript_reliable"] = frame["index"] != 1
    return payload


def test_markdown_says_which_frames_words_may_be_wrong() -> None:
    text = markdown(unreliable_frame_two())
    assert (
        "> Today we turn videos into frames and transcripts.\n"
        "(these words may be wrong: the decoder was unsure of them)\n" in text
    )
    assert text.count("may be wrong") == 1
    assert (
        "[00:02] Today we turn videos into frames and transcripts. (unreliable: low confidence)"
        in text
    )
    assert "- Transcript: en (faster-whisper tiny.en), 44% silence\n" in text


def test_an_unreliable_transcript_says_why_everywhere() -> None:
    payload = load_run("full")
    payload["transcript"].update(reliable=False, reason="repeated text")
    payload["transcript"]["segments"][2].update(reliable=False, reason="repeated text")
    for frame in payload["frames"]:
        frame["transcript_reliable"] = False
    text = markdown(payload)
    assert (
        "- Transcript: en (faster-whisper tiny.en), 44% silence, unreliable: repeated text" in text
    )
    assert text.count("(these words may be wrong: repeated text)") == 3
    assert "[00:06]" not in text  # a hallucinated segment is not quoted as what was said
    line = summary(payload).splitlines()[3]
    assert line.startswith("transcript: en, unreliable: repeated text — Welcome to peepshow.")


def test_summary_names_the_frames_with_unreliable_words() -> None:
    lines = summary(unreliable_frame_two()).splitlines()
    assert lines[3].startswith("transcript: en — Welcome")
    assert lines[4] == "transcript: unreliable words in the frames at 00:03"


def test_markdown_is_a_function_of_the_payload_only() -> None:
    payload = load_run("full")
    before = copy.deepcopy(payload)
    assert markdown(payload) == markdown(copy.deepcopy(payload))
    assert payload == before


def test_summary_of_the_full_payload_is_exact() -> None:
    assert summary(load_run("full")) == (
        "Quarterly review — Ünïcode 'talk' — 00:18, 640×360 h264, 15 fps\n"
        "slides: 3 frames at 00:00, 00:03, 00:09\n"
        "frames: /tmp/peepshow/run\n"
        "transcript: en — Welcome to peepshow. Today we turn videos into frames and transcripts. "
        "First, …\n"
    )


def test_summary_ends_with_one_line_per_sink_and_the_warnings_before() -> None:
    payload = load_run("minimal")
    payload["deliveries"] = DELIVERIES
    payload["warnings"] = ["model fell back to tiny.en"]
    lines = summary(payload).splitlines()
    assert lines == [
        "silent clip — 00:02, 320×240 h264, 10 fps",
        "interval: 1 frame at 00:00",
        "frames: /tmp/peepshow/clip",
        "transcript: none — the file has no audio track",
        "warning: model fell back to tiny.en",
        "sink cassandra: ok — http://127.0.0.1:8082/v2/keyspaces/peepshow/runs/3f2b8c1e",
        "sink event-track: ok — dedup_id 3f2b8c1e-run",
        "sink databricks: failed (exit 8) — service unavailable after 3 tries (HTTP 503); "
        "kept in the outbox as /state/outbox/databricks-3f2b8c1e.json",
        "sink mine: skipped — when extension=mov did not match",
    ]


def test_summary_of_an_audio_only_run() -> None:
    assert summary(audio_only()).splitlines()[:2] == [
        "Quarterly review — Ünïcode 'talk' — 00:18, no video track",
        "slides: no frames",
    ]


def test_receipt_with_link_and_id_shows_both_and_unknown_shapes_show_plain_fields() -> None:
    both = {
        "sink": "x",
        "ok": True,
        "exit_code": 0,
        "receipt": {"sink": "x", "run_id": "r", "url": "https://db/rec/1", "record_id": 7},
    }
    assert receipt_line(both) == "x: ok — https://db/rec/1, record_id 7"
    odd = {
        "sink": "y",
        "ok": True,
        "exit_code": 0,
        "receipt": {"sink": "y", "run_id": "r", "rows": 1, "table": "runs", "nested": {"a": 1}},
    }
    assert receipt_line(odd) == "y: ok — rows=1, table=runs"
    assert (
        receipt_line({"sink": "z", "ok": True, "exit_code": 0, "receipt": None})
        == "z: ok — no receipt"
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00"),
        (9.99, "00:09"),
        (61.5, "01:01"),
        (3599.9, "59:59"),
        (3600, "1:00:00"),
        (7384, "2:03:04"),
        (None, "--:--"),
    ],
)
def test_format_time(seconds: float | None, text: str) -> None:
    assert format_time(seconds) == text


def paren_depth(line: str) -> int:
    depth = deepest = 0
    for char in line:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def test_reasons_with_parentheses_are_never_nested_in_more() -> None:
    payload = audio_only()
    payload["transcript"] = None
    payload["transcript_reason"] = "transcription was turned off (--no-transcript)"
    payload["deliveries"] = [
        {"sink": "mine", "ok": False, "skipped": "when path=/talks (and below) did not match"},
        {"sink": "db", "ok": False, "exit_code": 8, "error": "HTTP 503 (busy)", "outbox": "x.json"},
    ]
    for text in (summary(payload), markdown(payload)):
        nested = [line for line in text.splitlines() if paren_depth(line) > 1]
        assert nested == [], nested
    assert "transcript: none — transcription was turned off (--no-transcript)" in summary(payload)
    assert "mine: skipped — when path=/talks (and below) did not match" in summary(payload)
    payload["warnings"] = ["decoding stopped at 12.4 s"]
    assert "warning: decoding stopped at 12.4 s" in summary(payload)
    shown_on_stderr = summary(payload, notes=False)  # stdout and stderr on one terminal
    assert "warning:" not in shown_on_stderr and "sink " not in shown_on_stderr


@pytest.mark.parametrize(
    "error",
    [
        "interrupted before it finished",
        "timed out after 3 s; the process group was killed",
        "no executable peepshow-sink-gone on PATH",
    ],
)
def test_a_sink_that_never_exited_has_no_exit_code_in_its_line(error: str) -> None:
    """Before: `failed (exit None) — …`, a Python repr in a user-facing line."""
    delivery = {"sink": "x", "ok": False, "exit_code": None, "error": error, "outbox": "x--1"}
    assert receipt_line(delivery) == f"x: failed — {error}; kept in the outbox as x--1"
