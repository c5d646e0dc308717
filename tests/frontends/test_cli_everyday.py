"""Everyday options of `peepshow`: stdin, several files, URLs, `~`, the config file, and the run
folders (`peepshow runs`)."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_core.contract.userconfig import config_path
from peepshow_core.run.folders import MARKER
from tests.support.cli import peepshow_exe, run_main
from tests.support.paths import SAMPLE, SAMPLE_FACTS

FAST = ("--no-transcript", "--no-sinks")


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# --- inputs ----------------------------------------------------------------------------------


def test_dash_reads_the_video_from_stdin(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with SAMPLE.open("rb") as stdin:
        done = subprocess.run(
            [peepshow_exe(), "-", *FAST, "--emit", "json"],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PEEPSHOW_CACHE_DIR": str(cache)},
        )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["title"] == "stdin" and payload["source"]["name"] == "stdin"
    assert payload["source"]["size_bytes"] == SAMPLE.stat().st_size
    assert len(payload["frames"]) == len(SAMPLE_FACTS["state_times_s"])
    assert list(cache.iterdir()) == [], "the copy of stdin is removed after the run"


def test_empty_stdin_is_no_input(capsys: pytest.CaptureFixture[str]) -> None:
    done = subprocess.run(
        [peepshow_exe(), "-", *FAST], input="", capture_output=True, text=True, timeout=60
    )
    assert done.returncode == ExitCode.NO_INPUT
    assert done.stderr == "peepshow: error: stdin was empty: nothing to read\n"


@pytest.mark.parametrize(
    "url", ["https://example.com/talk.mp4", "http://example.com/a%20b.mov", "rtmp://live/x"]
)
def test_a_url_says_download_it_first(capsys: pytest.CaptureFixture[str], url: str) -> None:
    result = run_main(capsys, url, *FAST)
    assert result.code == ExitCode.NO_INPUT
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"peepshow: error: {url} is a URL") and "download it first" in line


def test_tilde_in_a_quoted_path_is_expanded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "Movies").mkdir(parents=True)
    (home / "Movies" / "Quarterly review.mp4").write_bytes(SAMPLE.read_bytes())
    monkeypatch.setenv("HOME", str(home))
    result = run_main(capsys, "~/Movies/Quarterly review.mp4", *FAST, "--emit", "json")
    assert result.code == 0, result.stderr
    assert result.json()["source"]["path"] == str(home / "Movies" / "Quarterly review.mp4")


def test_several_files_run_in_turn_and_a_bad_one_does_not_stop_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.mp4"
    result = run_main(capsys, str(SAMPLE), str(missing), str(SAMPLE), *FAST, "--emit", "json")
    assert result.code == ExitCode.NO_INPUT  # the first failure's code
    assert result.stderr.count("peepshow: error: ") == 1 and str(missing) in result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())  # JSON lines
    assert first["run_id"] != second["run_id"] and first["source"] == second["source"]


def test_several_files_with_one_title_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, str(SAMPLE), str(SAMPLE), "--title", "x", *FAST)
    assert result.code == ExitCode.USAGE and result.stdout == ""
    assert result.stderr == "peepshow: error: --title names one video; give it with one file\n"


# --- the config file ---------------------------------------------------------------------------


def test_config_file_sets_the_defaults_and_options_win(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('strategy = "interval"\nmax-frames = 1\n')
    payload = run_main(capsys, str(SAMPLE), *FAST, "--emit", "json").json()
    assert payload["strategy"] == "interval" and len(payload["frames"]) == 1
    payload = run_main(capsys, str(SAMPLE), *FAST, "--emit", "json", "--strategy", "slides").json()
    assert payload["strategy"] == "slides" and len(payload["frames"]) == 1
    shown = run_main(capsys, "config").stdout
    assert 'strategy = "interval"   # how frames are picked (--strategy): from the file' in shown
    assert "max-frames = 1   #" in shown
    assert "built-in default" in shown.split("sinks = ")[1]


def test_config_out_is_used_unless_the_environment_says_otherwise(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_config(f'out = "{tmp_path / "from-config"}"\n')
    monkeypatch.delenv("PEEPSHOW_OUT_DIR")
    payload = run_main(capsys, str(SAMPLE), *FAST, "--emit", "json").json()
    assert Path(payload["frames_dir"]).parent == tmp_path / "from-config"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("stratgy = 'slides'\n", "unknown key 'stratgy'"),
        (
            "strategy = 'best'\n",
            "strategy must be one of auto, slides, scenes, keyframes, interval",
        ),
        ("max-frames = 0\n", "max-frames must be a whole number of at least 1, got 0"),
        ("sinks = 'cassandra'\n", "sinks must be a list of sink names"),
        ("strategy = \n", "is not valid TOML"),
    ],
)
def test_a_bad_config_file_is_a_config_error(
    capsys: pytest.CaptureFixture[str], text: str, needle: str
) -> None:
    path = write_config(text)
    result = run_main(capsys, str(SAMPLE), *FAST)
    assert result.code == ExitCode.CONFIG and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"peepshow: error: {path}") and needle in line, line


def test_config_sinks_fire_on_every_run_and_no_sinks_drops_them(
    capsys: pytest.CaptureFixture[str], make_sink: object
) -> None:
    assert callable(make_sink)
    make_sink("keep", """cat >/dev/null; echo '{"id": "k1", "run_id": "'"$PEEPSHOW_RUN_ID"'"}'""")
    write_config('sinks = ["keep"]\n')
    payload = run_main(capsys, str(SAMPLE), "--no-transcript", "--emit", "json").json()
    assert [d["sink"] for d in payload["deliveries"]] == ["keep"]
    payload = run_main(capsys, str(SAMPLE), *FAST, "--emit", "json").json()
    assert "deliveries" not in payload


# --- peepshow runs -------------------------------------------------------------------------------


def test_runs_list_and_clean_touch_only_run_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "mixed"
    old = run_main(capsys, str(SAMPLE), *FAST, "--emit", "json", "--out", str(out)).json()
    new = run_main(capsys, str(SAMPLE), *FAST, "--emit", "json", "--out", str(out)).json()
    marker = Path(old["frames_dir"]) / MARKER
    record = json.loads(marker.read_text())
    record["created_at"] = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    marker.write_text(json.dumps(record))
    mine = out / "holiday-0123abcd"  # looks like a run folder, holds something else
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    (out / "unrelated").mkdir()

    listed = json.loads(run_main(capsys, "runs", "list", "--out", str(out), "--json").stdout)
    assert [r["run_id"] for r in listed] == [new["run_id"], old["run_id"]]
    assert listed[0]["frames"] == len(new["frames"]) and listed[0]["size_bytes"] > 0

    dry = run_main(capsys, "runs", "clean", "--older-than", "30d", "--out", str(out), "-n")
    assert dry.code == 0 and dry.stdout.strip() == old["frames_dir"]
    assert Path(old["frames_dir"]).is_dir()
    done = run_main(capsys, "runs", "clean", "--older-than", "30d", "--out", str(out))
    assert done.code == 0 and "removed 1 run folder" in done.stderr
    assert not Path(old["frames_dir"]).exists() and Path(new["frames_dir"]).is_dir()
    assert (mine / "notes.txt").is_file() and (out / "unrelated").is_dir()
