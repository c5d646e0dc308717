"""Known answers on recordings like real ones (small specs of the evaluation corpus): a pointer
that rests for seconds, a clip playing inside a slide, a webcam corner, burned-in captions
(round 61: the code before kept a frame for each), notifications taken away (round 62: the
code before kept a frame when each came and when it went), slides shown between
alike keyframes, a zooming recorder, camera footage, and recordings that cut between a camera and
slides.

Each recording is scored with the corpus's scorer (devtools/corpus/score.py), on the default
path and on the reference path (`--exact`): every state found once, nothing else, never a frame
taken mid-transition; camera footage covered. The code before issue #13 failed each of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.corpus.mixed import score_mixed
from devtools.corpus.score import score_camera, score_screen
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from tests.support.known_answers import MIXED, SIZE, Recording, render

MODES = ["auto", "full"]  # the default path, and --exact


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.getbasetemp() / "known-answers"
    return lambda name: render(name, folder)


def _screen_score(rec: Recording, mode: str, out: Path):  # type: ignore[no-untyped-def]
    result = extract_frames(rec.path, FrameOptions(slides_mode=mode), out)
    assert result.warnings == []
    assert result.params["content"] == "screen"
    frames = [(f.time_s, f.path) for f in result.frames]
    return score_screen(rec.truth, frames, rec.thumbs)


def _assert_exact(score) -> None:  # type: ignore[no-untyped-def]
    assert score.missed == [], "every state has a frame in its settled interval"
    assert score.extra == [], "no frame for a distractor (and no state twice)"
    assert score.mid_transition == 0 and score.wrong_picture == 0


@pytest.mark.parametrize("mode", MODES)
def test_a_resting_pointer_is_never_a_state(recording, tmp_path: Path, mode: str) -> None:
    rec = recording("resting_pointer")
    assert rec.truth["pointer_rests"] >= 5, "the pointer rests again and again"
    _assert_exact(_screen_score(rec, mode, tmp_path))


@pytest.mark.parametrize("mode", MODES)
def test_a_clip_playing_in_a_slide_is_never_a_state(recording, tmp_path: Path, mode: str) -> None:
    rec = recording("playing_clip")
    clip = rec.extra["clip"]
    assert clip is not None and clip["t1"] - clip["t0"] >= 10.0, "a clip plays for 10 s or more"
    _assert_exact(_screen_score(rec, mode, tmp_path))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", ["big_clip_opening", "big_clip_later"])
def test_a_clip_filling_close_to_half_the_slide_is_never_a_state(
    recording, tmp_path: Path, mode: str, name: str
) -> None:
    """Every sample of the clip moves more of the picture than a transition's share; taken for
    one, it was never learned, the slide never held still and its stretch was judged camera
    footage (frames every few seconds, `content` mixed)."""
    rec = recording(name)
    clip = rec.extra["clip"]
    assert clip["w"] * clip["h"] * SIZE[0] / SIZE[1] > 0.3, "close to half the slide"
    assert (clip["t0"] == 0.0) is (name == "big_clip_opening")
    _assert_exact(_screen_score(rec, mode, tmp_path))


@pytest.mark.parametrize("mode", MODES)
def test_a_webcam_corner_is_never_a_state(recording, tmp_path: Path, mode: str) -> None:
    rec = recording("webcam_corner")
    assert rec.extra["webcam"] is not None
    _assert_exact(_screen_score(rec, mode, tmp_path))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", ["captions_box", "captions_outline"])
def test_burned_in_captions_are_never_a_state(
    recording, tmp_path: Path, mode: str, name: str
) -> None:
    rec = recording(name)
    assert len(rec.extra["captions"]["cues"]) >= 8, "captions change again and again"
    _assert_exact(_screen_score(rec, mode, tmp_path))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", ["notices_mac", "notices_windows"])
def test_notifications_taken_away_are_never_a_state(
    recording, tmp_path: Path, mode: str, name: str
) -> None:
    """Banners come and go at moments of their own, between the slide changes (the code
    before kept a frame when each came and another when it went)."""
    rec = recording(name)
    assert len(rec.extra["notices"]["shown"]) >= 2, "notifications come more than once"
    _assert_exact(_screen_score(rec, mode, tmp_path))


@pytest.mark.parametrize("mode", MODES)
def test_slides_shown_between_two_alike_keyframes_are_states(
    recording, tmp_path: Path, mode: str
) -> None:
    """Two slides faded in and out between keyframes that both show the first one: no packet
    of a fade is many times the usual size, yet the two changes' bursts say a picture may have
    come and gone (the fast path skipped the GOP as 'keyframes alike' before)."""
    rec = recording("returning_slide")
    kinds = [state["change"] for state in rec.truth["states"]]
    assert "return" in kinds
    _assert_exact(_screen_score(rec, mode, tmp_path))


@pytest.mark.parametrize("mode", MODES)
def test_lines_written_below_a_caret_blinking_by_a_webcam_are_states(
    recording, tmp_path: Path, mode: str
) -> None:
    """A terminal with a webcam over its top-left corner: the prompt's caret blinks beside the
    webcam, the command's output appears below, the next prompt's caret blinks under it. The
    two carets and the webcam were one region before, which took the output over."""
    rec = recording("caret_by_webcam")
    assert rec.extra["webcam"] is not None
    _assert_exact(_screen_score(rec, mode, tmp_path))


@pytest.mark.parametrize("mode", MODES)
def test_a_zooming_recorders_zoom_in_and_out_is_never_a_state(
    recording, tmp_path: Path, mode: str
) -> None:
    """The screen, pointer and all, magnified towards the pointer and back (Screen Studio):
    every pixel changes and no slide does. The code before took a frame of each zoom held
    and each zoom out; and packet sizes, raised by the zoom's motion, hid a build after it
    from the fast path (a zoom now counts as a region playing for the GOP's planning)."""
    rec = recording("zooming_recorder")
    assert len(rec.extra["zooms"]) == 2 and all(z["scale"] > 1.5 for z in rec.extra["zooms"])
    _assert_exact(_screen_score(rec, mode, tmp_path))


def _assert_covered(rec: Recording, mode: str, out: Path) -> None:
    """Camera footage from its opening, covered: no stretch longer than max(5 s,
    duration/8) without a frame, a frame in the middle of every shot, none at a shot's end."""
    result = extract_frames(rec.path, FrameOptions(slides_mode=mode), out)
    assert result.params["content"] == "camera"
    score = score_camera(rec.truth, [f.time_s for f in result.frames])
    assert score.max_gap_s <= score.limit_s, "no stretch longer than max(5 s, duration/8)"
    assert score.shots_covered == score.shots and score.end_frames == 0


@pytest.mark.parametrize("mode", MODES)
def test_camera_footage_is_covered_shot_by_shot(recording, tmp_path: Path, mode: str) -> None:
    _assert_covered(recording("camera"), mode, tmp_path)


@pytest.mark.parametrize("mode", MODES)
def test_figures_crossing_a_still_scene_are_covered_as_camera_footage(
    recording, tmp_path: Path, mode: str
) -> None:
    """A cartoon's figures never rest, as the pointer does between its strokes: the picture
    never settles, however little of it they cover, and the clip is covered, not one frame."""
    _assert_covered(recording("camera_sprite"), mode, tmp_path)


@pytest.mark.parametrize("mode", MODES)
def test_a_cartoon_as_short_as_five_seconds_is_camera_footage_from_its_first_seconds(
    recording, tmp_path: Path, mode: str
) -> None:
    """Five seconds leave no window to see its figures never rest: the first seconds' verdict
    sees them passing since its first picture (`Route._passing_through`), and the clip gets a
    frame in the middle of its shot, not its opening picture alone."""
    _assert_covered(recording("camera_sprite_short"), mode, tmp_path)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", sorted(MIXED))
def test_a_recording_that_cuts_between_a_camera_and_slides_is_judged_stretch_by_stretch(
    recording, tmp_path: Path, mode: str, name: str
) -> None:
    """A director cutting from the speaker's camera to the slides (a webcam on them) and
    back, or from the slides to the camera: the code before judged the whole video from its
    first seconds, covering slides and their builds as camera footage (a frame every few
    seconds, builds missed), or leaving the camera footage after slides without a frame."""
    rec = recording(name)
    kinds = [part["kind"] for part in rec.truth["parts"]]
    assert "camera" in kinds and "screen" in kinds
    result = extract_frames(rec.path, FrameOptions(slides_mode=mode), tmp_path)
    assert result.warnings == []
    assert result.params["content"] == "mixed"
    starts = [start for start, _ in result.params["content_stretches"]]
    assert len(starts) == len(kinds), result.params["content_stretches"]
    score = score_mixed(rec.truth, [(f.time_s, f.path) for f in result.frames], rec.thumbs)
    _assert_exact(score.screen)
    for camera in score.cameras:
        assert camera.max_gap_s <= camera.limit_s, "no stretch longer than max(5 s, duration/8)"
        assert camera.shots_covered == camera.shots and camera.end_frames == 0


def test_slides_stays_an_explicit_choice_for_camera_footage(recording, tmp_path: Path) -> None:
    rec = recording("camera")
    result = extract_frames(rec.path, FrameOptions(strategy="slides"), tmp_path)
    assert "content" not in result.params, "no camera check when slides is asked for"
