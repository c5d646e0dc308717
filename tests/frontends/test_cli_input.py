"""Bad and unusual input: one clear line on stderr, a documented exit code, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from peepshow_core.contract.errors import BadInputError, ExitCode
from peepshow_core.contract.payload import validate
from tests.support.cli import peepshow_exe, run_exe, run_main
from tests.support.paths import SAMPLE, SPEECH_WAV


def assert_one_error_line(stderr: str, *needles: str) -> None:
    errors = [line for line in stderr.splitlines() if line.startswith("peepshow: error: ")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in errors[0], errors[0]


@pytest.mark.parametrize(
    ("name", "code", "needle"),
    [
        ("missing", ExitCode.NO_INPUT, "no such file"),
        ("directory", ExitCode.NO_INPUT, "is a directory"),
        ("empty", ExitCode.BAD_INPUT, "empty (0 bytes)"),
        ("text", ExitCode.BAD_INPUT, "not a video or audio file"),
        ("truncated", ExitCode.BAD_INPUT, "truncated"),
    ],
)
def test_bad_input_gives_one_line_and_its_exit_code(
    capsys: pytest.CaptureFixture[str],
    media: dict[str, Path],
    tmp_path: Path,
    name: str,
    code: int,
    needle: str,
) -> None:
    path = {"missing": tmp_path / "nope.mp4", "directory": tmp_path}.get(name) or media[name]
    result = run_main(capsys, str(path), "--emit", "json", "--no-transcript")
    assert result.code == code
    assert result.stdout == ""
    assert_one_error_line(result.stderr, needle)


def test_bad_input_through_the_installed_executable(media: dict[str, Path]) -> None:
    result = run_exe(str(media["text"]), "--emit", "json")
    assert result.code == ExitCode.BAD_INPUT
    assert result.stdout == ""
    assert_one_error_line(result.stderr, "notes.mp4")


# Root reads and writes anything whatever the mode bits; without these two capabilities it is held
# to them like any user, while still owning (and so reading) the checkout, wherever that lives.
DROP_READ_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def held_to_mode_bits(command: list[str]) -> list[str]:
    """`command` as run by the current user, held to files' mode bits even when that is root."""
    if os.geteuid() != 0:
        return command
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv (util-linux)")
    probe = subprocess.run([*DROP_READ_OVERRIDE, "true"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip("cannot drop root's file capabilities here (no CAP_SETPCAP)")
    return [*DROP_READ_OVERRIDE, *command]


@pytest.mark.skipif(os.name != "posix", reason="permissions")
def test_unreadable_file_is_no_input(media: dict[str, Path], tmp_path: Path) -> None:
    locked = tmp_path / "locked.mp4"
    shutil.copy(media["silent"], locked)
    locked.chmod(0)
    command = held_to_mode_bits([peepshow_exe(), str(locked), "--no-transcript"])
    proc = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=dict(os.environ)
    )
    assert proc.returncode == ExitCode.NO_INPUT, proc.stderr
    assert_one_error_line(proc.stderr, "permission denied")


def test_video_without_audio_has_null_transcript_and_reason(
    capsys: pytest.CaptureFixture[str], media: dict[str, Path]
) -> None:
    result = run_main(capsys, str(media["silent"]), "--emit", "json")
    assert result.code == 0, result.stderr
    payload = result.json()
    validate(payload)
    assert payload["audio"] is None
    assert payload["transcript"] is None
    assert "no audio track" in payload["transcript_reason"]
    assert len(payload["frames"]) == 2


def test_audio_only_gives_no_frames_and_a_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, str(SPEECH_WAV), "--emit", "json")
    assert result.code == 0, result.stderr
    payload = result.json()
    validate(payload)
    assert payload["video"] is None
    assert payload["frames"] == []
    assert payload["frames_dir"] is None
    assert "welcome" in payload["transcript"]["text"].lower()


def test_file_corrupt_half_way_keeps_what_decoded_and_says_so(
    capsys: pytest.CaptureFixture[str], media: dict[str, Path]
) -> None:
    result = run_main(capsys, str(media["cut"]), "--emit", "json", "--no-transcript")
    assert result.code == 0, result.stderr
    payload = result.json()
    validate(payload)
    times = [frame["time_s"] for frame in payload["frames"]]
    assert times and times[0] < 1.0 and any(1.9 <= t <= 3.0 for t in times)
    assert all(t < 6.0 for t in times)  # the third slide was in the lost part
    assert payload["warnings"], "a cut file must be reported"
    assert "peepshow: warning:" in result.stderr


def test_spaces_and_unicode_in_the_path(media: dict[str, Path]) -> None:
    result = run_exe(str(media["unicode"]), "--emit", "json", "--no-transcript")
    assert result.code == 0, result.stderr
    payload = result.json()
    assert payload["source"]["name"] == "démo talk ✓.mp4"
    assert payload["title"] == "démo talk ✓"
    assert all(Path(frame["path"]).is_file() for frame in payload["frames"])


def test_unknown_option_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, str(SPEECH_WAV), "--strategy", "bogus")
    assert result.code == ExitCode.USAGE
    assert "bogus" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_extraction_leaves_no_empty_run_folder(
    capsys: pytest.CaptureFixture[str],
    media: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import peepshow_core.run.extract

    def undecodable(*_args: object, **_kwargs: object) -> None:
        raise BadInputError("silent clip.mp4: no frame could be decoded")

    monkeypatch.setattr(peepshow_core.run.extract, "extract_frames", undecodable)
    result = run_main(capsys, str(media["silent"]), "--no-transcript")
    assert result.code == ExitCode.BAD_INPUT
    assert_one_error_line(result.stderr, "no frame could be decoded")
    runs = tmp_path / "runs"  # PEEPSHOW_OUT_DIR
    assert runs.is_dir() and list(runs.iterdir()) == []


# --- where the output goes: every way of failing to write is the output error (exit 6) --------


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_out_that_is_no_folder_is_the_output_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    out = a_file if where == "a file" else a_file / "runs"
    result = run_main(capsys, str(SAMPLE), "--no-transcript", "--out", str(out))
    assert result.code == ExitCode.CONFIG and result.stdout == ""
    assert_one_error_line(result.stderr, f"cannot create the run folder under {out}")
    assert a_file.read_text() == "not a folder"


@pytest.mark.skipif(os.name != "posix", reason="permissions")
def test_an_unwritable_out_is_the_output_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    command = held_to_mode_bits(
        [peepshow_exe(), str(SAMPLE), "--no-transcript", "--out", str(locked)]
    )
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    locked.chmod(0o755)
    assert proc.returncode == ExitCode.CONFIG, proc.stderr
    assert_one_error_line(proc.stderr, f"cannot create the run folder under {locked}", "denied")
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("what", ["frame images", "the contact sheet"])
def test_a_write_that_fails_mid_run_is_the_output_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    from PIL import Image

    real_save = Image.Image.save

    def disk_full(image: Image.Image, path: object, *args: object, **kw: object) -> None:
        if what == "frame images" or str(path).endswith("contact-sheet.jpg"):
            raise OSError(28, "No space left on device")
        real_save(image, path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Image.Image, "save", disk_full)
    result = run_main(capsys, str(SAMPLE), "--no-transcript", "--contact-sheet")
    assert result.code == ExitCode.CONFIG and result.stdout == ""
    assert_one_error_line(result.stderr, f"cannot write {what}", "No space left on device")
