"""`peepshow-mcp`: driven by the MCP SDK's own client, over stdio (the installed console script)
and in-process, against real generated videos."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from PIL import Image

from peepshow_core.contract.errors import ExitCode
from peepshow_core.contract.payload import validate
from peepshow_core.frontends import mcp_server
from peepshow_core.frontends.mcp_server import build_server, choose_images
from tests.support.cli import installed_script


def texts(result: Any) -> list[str]:
    return [block.text for block in result.content if block.type == "text"]


def images(result: Any) -> list[Image.Image]:
    out = []
    for block in result.content:
        if block.type == "image":
            assert block.mime_type == "image/jpeg"
            out.append(Image.open(io.BytesIO(base64.b64decode(block.data))))
    return out


def payload_of(result: Any) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(texts(result)[1])
    return payload


def server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PEEPSHOW_CONFIG_DIR": str(tmp_path / "config"),
        "PEEPSHOW_STATE_DIR": str(tmp_path / "state"),
        **extra,
    }


def test_stdio_server_lists_tools_and_returns_payload_and_images(
    silent_talk: Path,
    tmp_path: Path,
) -> None:
    env_file = tmp_path / "peepshow.env"
    env_file.write_text(f"PEEPSHOW_OUT_DIR={tmp_path / 'from-dotenv'}\n")
    params = StdioServerParameters(
        command=installed_script("peepshow-mcp"),
        env=server_env(tmp_path, PEEPSHOW_ENV_FILE=str(env_file)),
        cwd=tmp_path,
    )

    async def session() -> tuple[Any, Any, Any]:
        async with Client(params) as client:
            tools = await client.list_tools()
            result = await client.call_tool(
                "extract_video",
                {"path": str(silent_talk), "transcript": False, "max_images": 3},
            )
            schema = await client.call_tool("get_schema", {})
            return tools, result, schema

    tools, result, schema = anyio.run(session)
    by_name = {tool.name: tool for tool in tools.tools}
    assert set(by_name) == {"extract_video", "get_schema"}
    properties = by_name["extract_video"].input_schema["properties"]
    strategy = properties["strategy"]
    assert strategy["anyOf"][0]["enum"] == ["auto", "slides", "scenes", "keyframes", "interval"]
    assert strategy["default"] is None  # the run's default, not a hard-coded one
    assert by_name["extract_video"].input_schema["required"] == ["path"]

    assert not result.is_error, texts(result)
    payload = payload_of(result)
    validate(payload)
    assert payload["source"]["path"] == str(silent_talk)
    assert payload["transcript"] is None
    assert payload["frames_dir"].startswith(str(tmp_path / "from-dotenv"))  # .env was loaded
    frames = payload["frames"]
    assert len(frames) == 4  # four slides

    # Four frames, three images allowed: the contact sheet plus two frames, first and last.
    sheet = payload["contact_sheet"]
    shown = images(result)
    assert len(shown) == 3
    assert shown[0].size == (sheet["width"], sheet["height"])
    assert all(img.size == (frames[0]["width"], frames[0]["height"]) for img in shown[1:])
    captions = texts(result)[2:]
    assert captions[0].startswith("Contact sheet")
    assert captions[1].startswith("Frame 1 of 4 at 00:00") and frames[0]["path"] in captions[1]
    assert captions[2].startswith("Frame 4 of 4 at 00:09") and frames[3]["path"] in captions[2]
    assert "showing the contact sheet and 2 frames" in texts(result)[0]

    assert json.loads(schema.content[0].text)["title"].startswith("peepshow run payload")


def test_stdio_errors_are_one_line_tool_errors_and_the_server_lives_on(
    silent_talk: Path,
    tmp_path: Path,
) -> None:
    not_video = tmp_path / "notes.mp4"
    not_video.write_text("this is not a video\n")
    params = StdioServerParameters(
        command=installed_script("peepshow-mcp"),
        env=server_env(tmp_path, PEEPSHOW_OUT_DIR=str(tmp_path / "runs")),
        cwd=tmp_path,
    )

    async def session() -> list[Any]:
        async with Client(params) as client:
            return [
                await client.call_tool("extract_video", {"path": str(tmp_path / "missing.mov")}),
                await client.call_tool("extract_video", {"path": "missing.mov"}),
                await client.call_tool("extract_video", {"path": str(not_video)}),
                await client.call_tool(
                    "extract_video",
                    {"path": str(silent_talk), "transcript": False, "max_images": 8},
                ),
            ]

    missing, relative, garbage, fine = anyio.run(session)
    for result in (missing, relative, garbage):
        assert result.is_error
        assert len(result.content) == 1 and "\n" not in result.content[0].text
        assert "Traceback" not in result.content[0].text
    assert f"no such file: {tmp_path / 'missing.mov'}" in missing.content[0].text
    assert "pass an absolute path" in relative.content[0].text
    assert "notes.mp4 is not a video" in garbage.content[0].text
    assert not fine.is_error
    assert len(images(fine)) == 4  # all four frames fit the default budget; no sheet needed
    assert "budget" not in texts(fine)[0]


def test_unusable_options_are_usage_errors_not_failures(silent_talk: Path) -> None:
    async def session() -> Any:
        async with Client(build_server()) as client:
            return await client.call_tool(
                "extract_video", {"path": str(silent_talk), "max_frames": 0, "transcript": False}
            )

    result = anyio.run(session)
    assert result.is_error
    (text,) = texts(result)
    assert "max_frames must be at least 1" in text
    assert "unexpected" not in text


def test_a_bad_env_file_stops_the_server_with_the_config_exit_code(tmp_path: Path) -> None:
    env = {**os.environ, "PEEPSHOW_ENV_FILE": str(tmp_path / "absent.env")}
    done = subprocess.run(
        [installed_script("peepshow-mcp")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == ExitCode.CONFIG
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"peepshow-mcp: error: PEEPSHOW_ENV_FILE names {tmp_path / 'absent.env'}, "
        "which is not a readable file"
    ]


def test_in_process_transcript_and_sink_receipt(
    speaking_talk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    sink = bin_dir / "peepshow-sink-note"
    sink.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        "run = json.load(sys.stdin)\n"
        f"open({str(tmp_path / 'got.json')!r}, 'w').write(json.dumps(run))\n"
        "url = 'https://records.example/runs/' + run['run_id']\n"
        "print(json.dumps({'sink': 'note', 'run_id': run['run_id'], 'url': url}))\n"
    )
    sink.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(mcp_server, "HEARTBEAT_S", 0.05)
    progress: list[tuple[float, float | None]] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append((value, total))

    async def session() -> Any:
        async with Client(build_server()) as client:
            return await client.call_tool(
                "extract_video",
                {"path": str(speaking_talk), "sinks": ["note"]},
                progress_callback=on_progress,
            )

    result = anyio.run(session)
    assert not result.is_error, texts(result)
    # Transcription takes a while: heartbeats arrived, always growing, below 100 %.
    assert len(progress) >= 2
    values = [value for value, _ in progress]
    assert values == sorted(set(values)) and values[-1] < 100
    assert {total for _, total in progress} == {100}
    payload = payload_of(result)
    transcript = payload["transcript"]
    assert transcript is not None and "frames" in transcript["text"].lower()
    assert any("frames" in (f.get("transcript") or "") for f in payload["frames"])
    url = f"https://records.example/runs/{payload['run_id']}"
    assert payload["deliveries"] == [
        {
            "sink": "note",
            "ok": True,
            "exit_code": 0,
            "error": None,
            "outbox": None,
            "receipt": {"sink": "note", "run_id": payload["run_id"], "url": url},
        }
    ]
    assert f"sink note: ok — {url}" in texts(result)[0]
    # Per-word timestamps: the sink got them, the agent's copy leaves them out by default.
    got = json.loads((tmp_path / "got.json").read_text())
    assert all(segment["words"] for segment in got["transcript"]["segments"])
    assert all("words" not in segment for segment in transcript["segments"])
    assert got["transcript"]["text"] == transcript["text"]
    assert mcp_server.for_agent(got, word_timestamps=True) == got
    lean = json.dumps(mcp_server.for_agent(got)["transcript"])
    assert len(lean) < len(json.dumps(got["transcript"])) / 2  # words are most of a transcript


def test_image_budget_in_bytes_drops_what_does_not_fit(tmp_path: Path) -> None:
    frames = []
    for i in range(5):
        path = tmp_path / f"frame-{i}.jpg"
        path.write_bytes(b"x" * 1000)
        frames.append({"path": str(path), "time_s": i * 10.0})
    payload: dict[str, Any] = {"frames": frames, "contact_sheet": None}
    picks, note = choose_images(payload, max_images=8, byte_budget=3500)
    assert [p.path.name for p in picks] == ["frame-0.jpg", "frame-2.jpg", "frame-4.jpg"]
    assert "5 frames are more than" in note and "contact sheet" not in note
    picks, note = choose_images(payload, max_images=0)
    assert picks == [] and note == ""
    assert choose_images({"frames": []}) == ([], "No frames to show.")


def call(arguments: dict[str, Any]) -> Any:
    async def session() -> Any:
        async with Client(build_server()) as client:
            return await client.call_tool("extract_video", arguments)

    return anyio.run(session)


def test_a_bad_strategy_is_one_sentence_naming_the_choices(silent_talk: Path) -> None:
    result = call({"path": str(silent_talk), "strategy": "best", "transcript": False})
    assert result.is_error
    (text,) = texts(result)
    assert text.endswith(
        "unknown strategy 'best' (choose from auto, slides, scenes, keyframes, interval)"
    ), text
    assert "validation" not in text and "pydantic" not in text and "\n" not in text


def test_an_unknown_sink_fails_fast_before_any_work(
    silent_talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "runs-unknown-sink"
    monkeypatch.setenv("PEEPSHOW_OUT_DIR", str(out))
    result = call({"path": str(silent_talk), "sinks": ["no-such-sink"]})
    assert result.is_error
    (text,) = texts(result)
    assert "--sink no-such-sink: no executable peepshow-sink-no-such-sink on PATH" in text
    assert not out.exists()  # nothing was extracted


def test_tilde_and_urls_in_the_path(
    silent_talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "talk.mp4").write_bytes(silent_talk.read_bytes())
    monkeypatch.setenv("HOME", str(home))
    fine = call({"path": "~/talk.mp4", "transcript": False})
    assert not fine.is_error, texts(fine)
    assert payload_of(fine)["source"]["path"] == str(home / "talk.mp4")
    url = call({"path": "https://example.com/talk.mp4"})
    assert url.is_error and "download it first" in texts(url)[0]


def test_the_tool_uses_the_runs_default_strategy(silent_talk: Path) -> None:
    """No strategy given: the user's configured default (here `interval`), not `slides`."""
    from peepshow_core.contract.userconfig import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('strategy = "interval"\n')
    result = call({"path": str(silent_talk), "transcript": False})
    assert not result.is_error, texts(result)
    assert payload_of(result)["strategy"] == "interval"
    result = call({"path": str(silent_talk), "transcript": False, "strategy": "slides"})
    assert payload_of(result)["strategy"] == "slides"


def test_a_frame_with_unreliable_words_says_so_in_its_caption(tmp_path: Path) -> None:
    frames = []
    for i in range(2):
        path = tmp_path / f"frame-{i}.jpg"
        path.write_bytes(b"x" * 10)
        frames.append({"path": str(path), "time_s": i * 10.0, "transcript_reliable": i == 0})
    picks, _ = choose_images({"frames": frames, "contact_sheet": None})
    assert [p.caption.endswith("(the words spoken here may be wrong)") for p in picks] == [
        False,
        True,
    ]
