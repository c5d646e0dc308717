"""`peepshow VIDEO` on the bundled sample: the payload, stdout discipline, options, launchers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from peepshow_core.contract.payload import validate
from tests.support.cli import run_exe, run_main
from tests.support.paths import REPO, SAMPLE, SAMPLE_FACTS


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """One full run of the installed executable on the sample (frames + transcript): what
    `make demo` does."""
    out = tmp_path_factory.mktemp("demo")
    isolated = {
        "PEEPSHOW_CONFIG_DIR": str(out / "config"),
        "PEEPSHOW_STATE_DIR": str(out / "state"),
    }
    result = run_exe(
        str(SAMPLE),
        "--out",
        str(out),
        "--emit",
        "json",
        "--tag",
        "demo",
        "--tag",
        "sample",
        env=isolated,
        cwd=out,
    )
    assert result.code == 0, result.stderr
    return result.json(), result.stderr


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def test_demo_payload_is_valid_and_complete(sample_run: tuple[dict[str, Any], str]) -> None:
    payload, _ = sample_run
    validate(payload)
    assert payload["source"]["name"] == "sample.mp4"
    assert payload["video"]["codec"] == "h264"
    assert payload["audio"]["codec"] == "aac"
    assert payload["tags"] == ["demo", "sample"]
    assert payload["title"] == "sample"
    assert payload["strategy"] == "auto"


def test_demo_frames_match_the_sample_slides(sample_run: tuple[dict[str, Any], str]) -> None:
    payload, _ = sample_run
    expected = SAMPLE_FACTS["state_times_s"]
    times = [frame["time_s"] for frame in payload["frames"]]
    assert len(times) == len(expected), times
    for found, want in zip(times, expected, strict=True):
        assert want <= found <= want + 1.5, (times, expected)
    for frame in payload["frames"]:
        assert Path(frame["path"]).is_file()
        assert Path(frame["path"]).parent == Path(payload["frames_dir"])


def test_demo_transcript_has_the_sample_words(sample_run: tuple[dict[str, Any], str]) -> None:
    payload, _ = sample_run
    transcript = payload["transcript"]
    assert transcript["engine"] == "faster-whisper"
    heard = words(transcript["text"])
    assert {"welcome", "peep", "frames", "transcripts", "slides", "database"} <= heard, heard
    assert transcript["language"] == "en"
    assert 0.1 < transcript["silence_ratio"] < 0.5  # pauses between sentences and at the end


def test_each_frame_carries_the_words_spoken_while_it_was_shown(
    sample_run: tuple[dict[str, Any], str],
) -> None:
    payload, _ = sample_run
    first, second = payload["frames"][0], payload["frames"][1]
    assert "welcome" in words(first["transcript"])
    assert "database" not in words(first["transcript"])
    assert "database" in words(payload["frames"][-1]["transcript"])
    assert "welcome" not in words(second["transcript"])


def test_json_emit_keeps_stdout_pure_and_messages_on_stderr(
    sample_run: tuple[dict[str, Any], str],
) -> None:
    _, stderr = sample_run
    assert "peepshow: picking frames" in stderr
    assert "\r" not in stderr  # no progress bar when stderr is not a terminal


def test_summary_is_the_default_and_short(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, str(SAMPLE), "--no-transcript")
    assert result.code == 0, result.stderr
    assert not result.stdout.lstrip().startswith("{")
    assert "sample" in result.stdout
    assert len(result.stdout.splitlines()) < 30


@pytest.mark.parametrize(("flags", "path"), [((), "fast"), (("--exact",), "full")])
def test_exact_decodes_every_frame(
    capsys: pytest.CaptureFixture[str], flags: tuple[str, ...], path: str
) -> None:
    result = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json", *flags)
    assert result.code == 0, result.stderr
    payload = result.json()
    assert payload["strategy_params"]["path"] == path
    assert len(payload["frames"]) == len(SAMPLE_FACTS["state_times_s"])


def test_emit_none_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "none")
    assert result.code == 0
    assert result.stdout == ""


def test_frame_base_url_names_each_frame_and_the_thumbnail(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEEPSHOW_FRAME_BASE_URL", "https://cdn.example.com/f/")
    payload = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json").json()
    for frame in payload["frames"]:
        assert frame["url"] == "https://cdn.example.com/f/" + Path(frame["path"]).name
    assert payload["thumbnail_url"] == payload["frames"][0]["url"]


def test_without_base_url_there_is_no_thumbnail(capsys: pytest.CaptureFixture[str]) -> None:
    payload = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json").json()
    assert payload["thumbnail_url"] is None
    assert all("url" not in frame for frame in payload["frames"])
    assert payload["transcript_reason"] == "transcription was turned off (--no-transcript)"


def test_dotenv_file_is_loaded_and_set_variables_win(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("PEEPSHOW_FRAME_BASE_URL=https://from-dotenv.example/\n")
    payload = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json").json()
    assert payload["thumbnail_url"].startswith("https://from-dotenv.example/")
    monkeypatch.setenv("PEEPSHOW_FRAME_BASE_URL", "https://from-env.example/")
    payload = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json").json()
    assert payload["thumbnail_url"].startswith("https://from-env.example/")


def test_title_tags_and_out_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    payload = run_main(
        capsys,
        str(SAMPLE),
        "--no-transcript",
        "--emit",
        "json",
        "--title",
        "Robert'); DROP TABLE x;--",
        "--tag",
        "a",
        "--tag",
        "a",
        "--tag",
        "b",
        "--out",
        str(out),
    ).json()
    assert payload["title"] == "Robert'); DROP TABLE x;--"
    assert payload["tags"] == ["a", "b"]
    assert Path(payload["frames_dir"]).parent == out.resolve()


def test_each_run_gets_its_own_folder_and_id(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json").json()
    second = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json").json()
    assert first["run_id"] != second["run_id"]
    assert first["frames_dir"] != second["frames_dir"]


def test_schema_command_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, "schema")
    assert result.code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["schema"]["const"] == "peepshow.run/1"


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    from peepshow_core import __version__

    assert run_main(capsys, "--version").stdout.strip() == f"peepshow {__version__}"
    help_text = run_main(capsys, "--help").stdout
    for flag in ("--strategy", "--max-frames", "--emit", "--no-transcript", "--sink", "--engine"):
        assert flag in help_text


def test_bin_launchers_match_the_console_scripts() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    launchers = {p.name for p in (REPO / "bin").iterdir() if not p.name.startswith("_")}
    assert launchers == set(scripts)


def test_bin_launcher_runs_from_the_checkout() -> None:
    for name in ("peepshow", "peepshow-sink-cassandra"):
        proc = subprocess.run(
            [sys.executable, str(REPO / "bin" / name), "--help"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert "usage" in proc.stdout.lower()
