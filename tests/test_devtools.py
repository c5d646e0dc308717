"""The benchmark's peepshow cases still run against the code they measure (a case that no
longer imports is reported by `make bench` as skipped, which nobody would notice here)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from devtools.bench_cases import CASES

PEEPSHOW_CASES = sorted(
    name for name in CASES if name not in ("full-decode", "keyframe-decode", "pyscenedetect")
)


@pytest.mark.parametrize("name", PEEPSHOW_CASES)
def test_every_benchmark_case_runs(name: str, speech_video: Path, tmp_path: Path) -> None:
    result = CASES[name](speech_video, tmp_path)
    assert result.get("frames") or result.get("note"), result


def test_the_corpus_halves_and_the_extra_tuning_draws_never_overlap() -> None:
    from devtools.corpus.specs import (
        ASPECTS,
        BIG_CLIP_SEED,
        BUBBLE_SEED,
        CLEAN_WEBCAM_SEED,
        DENSE_HEIGHTS,
        DENSE_SEED,
        EXTRA_CAMERA_KINDS,
        EXTRA_SEEDS,
        HELD_OUT,
        HIGHLIGHT_SEED,
        LONG_TALK_S,
        LONG_TALK_SEED,
        LONG_TALKS,
        LOW_FPS,
        LOW_FPS_SEED,
        LOW_RATE_ENCODES,
        LOW_RATE_SEED,
        MEETING_SEED,
        MINUTE_CLOCK_SEED,
        OFF_SHAPE_SEED,
        ONCHANGE_ENCODES,
        ONCHANGE_SEED,
        PER_HALF,
        RESTREAM_GOP_S,
        RESTREAM_SEEDS,
        SPRITE_CLIPS,
        SPRITE_SEED,
        STAGE_SEED,
        STEADY_CLIPS,
        STEADY_SEED,
        TUNE,
        ZOOM_SEED,
        CameraSpec,
        ScreenSpec,
        all_specs,
        extra_tuning_specs,
    )

    corpus = [s for s in all_specs() if s.category == "screen"]
    assert (
        sum(s.half == TUNE for s in corpus) == sum(s.half == HELD_OUT for s in corpus) == PER_HALF
    )
    assert all((s.seed % 2 == 0) == (s.half == TUNE) for s in corpus), "even seeds tune"
    extra = extra_tuning_specs()
    stress = len((OFF_SHAPE_SEED, CLEAN_WEBCAM_SEED, LOW_RATE_SEED, MEETING_SEED, ZOOM_SEED))
    draws = len(EXTRA_SEEDS) + stress + len(RESTREAM_SEEDS) + 8  # (+ 5 fps, highlight, minutes,
    # dense, frames only on change, a stage, a webcam moved, a big clip)
    assert sum(s.category == "screen" for s in extra) == PER_HALF * draws + LONG_TALKS
    big = [s for s in extra if isinstance(s, ScreenSpec) and s.clip_size == "big"]
    assert len(big) == PER_HALF and all("clip" in s.distractors for s in big)
    assert all(BIG_CLIP_SEED <= s.seed < BIG_CLIP_SEED + 2 * PER_HALF for s in big)
    talk_seeds = range(LONG_TALK_SEED, LONG_TALK_SEED + 2 * LONG_TALKS)
    talks = [s for s in extra if isinstance(s, ScreenSpec) and s.seed in talk_seeds]
    assert len(talks) == LONG_TALKS and all(s.duration_s == LONG_TALK_S for s in talks)
    low_rate = {s.name for s in extra if s.encode in LOW_RATE_ENCODES}
    assert low_rate == {s.name for s in extra if LOW_RATE_SEED <= s.seed < MEETING_SEED}, (
        "one low-rate draw"
    )
    assert not low_rate & {s.name for s in all_specs()}
    on_change = {s.seed for s in extra if s.category == "screen" and s.encode in ONCHANGE_ENCODES}
    assert on_change == {ONCHANGE_SEED + 2 * i for i in range(PER_HALF)}, "one on-change draw"
    slow = {s.seed for s in extra if s.category == "screen" and s.fps in LOW_FPS}
    assert slow == {LOW_FPS_SEED + 2 * i for i in range(PER_HALF)}, "one draw at 5 fps"
    cameras = [s for s in extra if isinstance(s, CameraSpec)]
    assert len(cameras) == len(EXTRA_CAMERA_KINDS) * len(EXTRA_SEEDS) + STEADY_CLIPS + SPRITE_CLIPS
    steady = [s for s in cameras if s.kind == "steady"]
    assert {s.seed for s in steady} == {STEADY_SEED + 2 * i for i in range(STEADY_CLIPS)}
    assert all(s.duration_s >= 30.0 for s in steady), "one long shot each"
    sprites = [s for s in cameras if s.kind == "sprite"]
    assert {s.seed for s in sprites} == {SPRITE_SEED + 2 * i for i in range(SPRITE_CLIPS)}
    assert all(s.half == TUNE and s.seed % 2 == 0 for s in extra)
    assert not {s.name for s in extra} & {s.name for s in all_specs()}
    assert not {s.seed for s in extra} & {s.seed for s in all_specs()}
    shapes = {
        (s.width * 9 == s.height * 16 or s.width * 3 == s.height * 4)
        for s in extra
        if s.category == "screen" and OFF_SHAPE_SEED <= s.seed < CLEAN_WEBCAM_SEED
    }
    assert shapes == {False}, "the off-shape draw is neither 16:9 nor 4:3"
    assert all(
        s.width * 9 == s.height * 16 or s.width * 3 == s.height * 4
        for s in [*all_specs(), *extra]
        if s.category == "screen" and not OFF_SHAPE_SEED <= s.seed < CLEAN_WEBCAM_SEED
    ), f"the design's shapes are {ASPECTS}"
    screens = [s for s in [*all_specs(), *extra] if isinstance(s, ScreenSpec)]
    clean = {s.name for s in screens if s.webcam == "clean"}
    assert clean == {s.name for s in screens if CLEAN_WEBCAM_SEED <= s.seed < LOW_RATE_SEED}
    assert len(clean) == PER_HALF, "one draw with clean webcams"
    meetings = {s.name for s in screens if s.webcam == "meeting"}
    assert meetings == {s.name for s in screens if MEETING_SEED <= s.seed < ZOOM_SEED}
    assert len(meetings) == PER_HALF, "one draw recorded from a meeting"
    staged = {s.name for s in screens if s.webcam == "stage"}
    assert staged == {s.name for s in screens if STAGE_SEED <= s.seed < STAGE_SEED + 2 * PER_HALF}
    assert len(staged) == PER_HALF, "one draw composited on a stage"
    assert all("webcam" in s.distractors for s in screens if s.name in meetings)
    assert all(("webcam" in s.key()) == (s.name in clean | meetings | staged) for s in screens), (
        "the design's renders keep their hashes"
    )
    _one_flagged_draw(screens, "zoom", ZOOM_SEED, "pointer", "a zooming recorder")
    _one_flagged_draw(screens, "bubble", BUBBLE_SEED, "webcam", "a webcam moved")
    restreamed = [s for s in screens if s.restream_gop_s]
    platform = {first + 2 * i for first in RESTREAM_SEEDS for i in range(PER_HALF)}
    assert {s.name for s in restreamed} == {s.name for s in screens if s.seed in platform}
    assert len(restreamed) == PER_HALF * len(RESTREAM_SEEDS), "draws from a video platform"
    assert all(RESTREAM_GOP_S[0] <= s.restream_gop_s <= RESTREAM_GOP_S[1] for s in restreamed)
    assert len({s.restream_gop_s for s in restreamed}) > PER_HALF // 2, "intervals dealt"
    assert all(("restream_gop_s" in s.key()) == bool(s.restream_gop_s) for s in screens)
    _one_flagged_draw(screens, "highlight", HIGHLIGHT_SEED, "pointer", "a pointer highlighted")
    _one_flagged_draw(screens, "clock_minutes", MINUTE_CLOCK_SEED, "clock", "a minutes clock")
    dense = {s.name for s in screens if s.text_scale != 1.0}
    assert dense == {s.name for s in screens if DENSE_SEED <= s.seed < DENSE_SEED + 2 * PER_HALF}
    assert len(dense) == PER_HALF, "one draw of dense screens"
    assert {s.height for s in screens if s.name in dense} == set(DENSE_HEIGHTS)
    assert all(("text_scale" in s.key()) == (s.name in dense) for s in screens)


def _one_flagged_draw(
    screens: list[Any], flag: str, first: int, distractor: str, what: str
) -> None:
    """The screens with `flag` set are one draw of `PER_HALF` from seed `first` (`what`), all
    with `distractor`, and only their keys name the flag (the others keep their hashes)."""
    from devtools.corpus.specs import PER_HALF

    flagged = {s.name for s in screens if getattr(s, flag)}
    seeds = range(first, first + 2 * PER_HALF)
    assert flagged == {s.name for s in screens if s.seed in seeds}, what
    assert len(flagged) == PER_HALF, f"one draw: {what}"
    assert all(distractor in s.distractors for s in screens if s.name in flagged), what
    assert all((flag in s.key()) == (s.name in flagged) for s in screens), what


@pytest.mark.parametrize("field", ["captions", "notices"])
def test_the_overlay_draws_have_a_held_out_half_apart_from_every_other_draw(field: str) -> None:
    """Two draws with burned-in captions and two with notifications: even seeds tune, odd
    seeds are held out, each style in each; none of their seeds or names is another draw's;
    every caption shows a second at least, and each recording has two notifications at
    least, every one shown long enough to settle but for one the recording's end cuts."""
    from devtools.corpus import captions, notices
    from devtools.corpus.specs import (
        CAPTION_STYLES,
        CAPTIONS_PER_HALF,
        HALVES,
        NOTICE_STYLES,
        NOTICES_PER_HALF,
        TUNE,
        all_specs,
        caption_specs,
        extra_tuning_specs,
        notice_specs,
    )

    draws = {
        "captions": (caption_specs(), CAPTION_STYLES, CAPTIONS_PER_HALF),
        "notices": (notice_specs(), NOTICE_STYLES, NOTICES_PER_HALF),
    }
    mine, styles, per_half = draws[field]
    assert len(mine) == 2 * per_half
    for half in HALVES:
        these = [s for s in mine if s.half == half]
        assert len(these) == per_half
        assert all((s.seed % 2 == 0) == (half == TUNE) for s in these), "even seeds tune"
        assert {getattr(s, field) for s in these} == set(styles)
    others = [*all_specs(), *extra_tuning_specs()] + [
        s for k, d in draws.items() if k != field for s in d[0]
    ]
    assert not {s.seed for s in mine} & {s.seed for s in others}
    assert not {s.name for s in mine} & {s.name for s in others}
    assert not any(getattr(s, field, "") for s in others), f"only these draws have {field}"
    for spec in mine:
        if field == "captions":
            cues = captions.plan(spec.seed, spec.captions, spec.duration_s)["cues"]
            assert all(end - start >= 1.0 for start, end, _ in cues)  # type: ignore[attr-defined]
            continue
        dark = spec.theme == "dark"
        shown = notices.plan(spec.seed, spec.notices, spec.duration_s, dark)["shown"]
        assert len(shown) >= 2  # type: ignore[arg-type]
        cut = spec.duration_s
        assert all(end - start >= 2.0 or end >= cut for start, end, *_ in shown)  # type: ignore[attr-defined]


def test_a_notification_is_drawn_at_its_corner_and_counted_covered() -> None:
    """A notification shows where `boxes` says it rests (and nowhere else), and the truth
    counts that box as covered."""
    from devtools.corpus.compose import Renderer, covered_mask
    from devtools.corpus.notices import boxes
    from devtools.corpus.specs import notice_specs
    from devtools.corpus.timeline import build_timeline

    for spec in notice_specs()[:3]:
        timeline = build_timeline(spec)
        notices = timeline.notices
        assert notices is not None
        start, end, slot, *_ = notices["shown"][0]  # type: ignore[index]
        renderer = Renderer(timeline)
        mid = (start + end) / 2
        bare = dict(notices, shown=[])
        with_it = renderer.frame(mid, round(mid * spec.fps))
        timeline.notices = bare
        without = renderer.frame(mid, round(mid * spec.fps))
        differ = (with_it != without).any(axis=2)
        x, y, w, h = boxes(notices, spec.width, spec.height)[slot]
        timeline.notices = notices
        assert differ[y : y + h, x : x + w].mean() > 0.5, spec.name
        outside = differ.copy()
        outside[y : y + h, x : x + w] = False
        assert not outside.any(), spec.name
        assert covered_mask(timeline)[y : y + h, x : x + w].all()


def test_the_corpus_mixes_cut_between_a_camera_and_slides_of_their_own_half() -> None:
    from devtools.corpus.specs import (
        EXTRA_MIXES,
        LATER_MIXES,
        TUNE,
        MixedSpec,
        all_specs,
        extra_tuning_specs,
        mixed_specs,
        spec_named,
    )

    mixes = mixed_specs()
    assert {m.half for m in mixes} == {TUNE, "held-out"}
    assert all((m.seed % 2 == 0) == (m.half == TUNE) for m in mixes), "even seeds tune"
    seeds = [s.seed for s in all_specs()]
    assert len(seeds) == len(set(seeds))
    extra = [s for s in extra_tuning_specs() if isinstance(s, MixedSpec)]
    assert len(extra) == len(EXTRA_MIXES + LATER_MIXES) and all(m.half == TUNE for m in extra)
    assert not {m.seed for m in extra} & {m.seed for m in mixes}
    for mix in [*mixes, *extra]:
        parts = [spec_named(name) for name, _ in mix.parts]
        assert {p.category for p in parts} == {"camera", "screen"}
        assert all((p.width, p.height, p.fps) == (mix.width, mix.height, mix.fps) for p in parts)
        assert all(p.half == mix.half for p in parts if p.category == "screen")


def test_a_zooming_recorder_zooms_within_a_state_towards_the_pointer_and_back() -> None:
    """Each zoom lies inside one state's settled interval, `ZOOM_MARGIN_S` from its ends; while
    held, the frame is the screen's box magnified (pointer and all), the webcam drawn over it
    where it was; a frame taken while a zoom moves is scored mid-transition."""
    from devtools.corpus import zoom
    from devtools.corpus.compose import Renderer
    from devtools.corpus.score import score_screen
    from devtools.corpus.specs import ScreenSpec, extra_tuning_specs
    from devtools.corpus.timeline import build_timeline

    specs = [s for s in extra_tuning_specs() if isinstance(s, ScreenSpec) and s.zoom]
    timelines = [build_timeline(s) for s in specs]
    assert sum(len(t.zooms) for t in timelines) >= 12, "a dozen zooms or more in the draw"
    for tl in timelines:
        for z in tl.zooms:
            end = z["t0"] + 2 * z["motion"] + z["hold"]
            assert any(
                s.settle + zoom.ZOOM_MARGIN_S - 1e-6 <= z["t0"]
                and end <= s.end - zoom.ZOOM_MARGIN_S
                for s in tl.states
            )
            assert zoom.ZOOM_SCALE[0] <= z["scale"] <= zoom.ZOOM_SCALE[1]
    tl = next(t for t in timelines if t.zooms and t.webcam is not None)
    z = tl.zooms[0]
    held = z["t0"] + z["motion"] + z["hold"] / 2
    renderer = Renderer(tl)
    frame = renderer.frame(held, round(held * tl.spec.fps))
    box = zoom.view_box(tl.zooms, held, tl.spec.width, tl.spec.height)
    assert box is not None and (box[2] - box[0]) * z["scale"] == pytest.approx(tl.spec.width)
    assert zoom.view_box(tl.zooms, z["t0"] - 0.01, tl.spec.width, tl.spec.height) is None
    screen = renderer.view_image(tl.states[tl.state_at(held)].view, held)
    assert not np.array_equal(frame, screen), "the zoomed frame is not the screen"
    moving = zoom.moving(tl.zooms)
    assert len(moving) == 2 * len(tl.zooms)
    truth = {"states": [{"start": 0.0, "settle": 0.0, "end": 1e9}], "moving": moving}
    inside = (moving[0][0] + moving[0][1]) / 2
    assert score_screen(truth, [(inside, None)], {}).mid_transition == 1
    assert score_screen(truth, [(held, None)], {}).mid_transition == 0


def test_a_meeting_strip_holds_cameras_an_off_tile_and_a_speaker_border_that_moves() -> None:
    from devtools.corpus import meeting
    from devtools.corpus.compose import Renderer, covered_mask
    from devtools.corpus.specs import ScreenSpec, extra_tuning_specs
    from devtools.corpus.timeline import build_timeline

    specs = [s for s in extra_tuning_specs() if isinstance(s, ScreenSpec) and s.webcam == "meeting"]
    plans = [build_timeline(s).webcam for s in specs]
    assert all(p is not None and p["layout"] == "strip" for p in plans)
    assert {p["orient"] for p in plans if p} == {"row", "column"}, "rows and columns dealt"
    spec = next(s for s, p in zip(specs, plans, strict=True) if p and float(p["camera_off"]) >= 0)
    timeline = build_timeline(spec)
    strip = timeline.webcam
    assert strip is not None
    x, y, w, h = meeting.box(strip, spec.width, spec.height)
    assert covered_mask(timeline)[y : y + h, x : x + w].all(), "states hidden under it merge"
    speakers = [meeting.speaker(strip, t) for t in range(int(spec.duration_s))]
    changes = sum(a != b for a, b in itertools.pairwise(speakers))
    assert changes >= spec.duration_s / meeting.TURN_S[1] - 1, "people take turns"
    assert len(set(speakers)) == int(float(strip["tiles"])), "everyone speaks"
    renderer = Renderer(timeline)
    t0 = next(t for t in range(5, 60) if speakers[t] != speakers[t - 1])
    a, b = renderer.frame(t0 - 1, 1), renderer.frame(t0, 2)
    tiles = meeting._geometry(strip, spec.width, spec.height)
    off = tiles[int(float(strip["camera_off"]))]
    ox, oy, ow, oh = off
    inner = (slice(oy + 4, oy + oh // 2), slice(ox + 4, ox + ow - 4))
    assert (a[inner] == b[inner]).all(), "a camera that is off shows a still tile"
    for i in (speakers[t0 - 1], speakers[t0]):
        tx, ty, tw, _th = tiles[i]
        assert (a[ty, tx + tw // 2] != b[ty, tx + tw // 2]).any(), "the border moved"


def test_a_stage_shrinks_the_screen_beside_a_camera_whose_angles_cut() -> None:
    """A talk composited on a stage: the screen, pointer and all, shrunk into its box (none of
    the camera on it), the camera's box beside it, covered in the truth, its angle cut by the
    director; the truth's state pictures are staged too."""
    from devtools.corpus import stage
    from devtools.corpus.compose import Renderer, covered_mask
    from devtools.corpus.encode import build
    from devtools.corpus.specs import STAGE_SEED, ScreenSpec, extra_tuning_specs
    from devtools.corpus.timeline import build_timeline

    specs = [s for s in extra_tuning_specs() if isinstance(s, ScreenSpec) and s.webcam == "stage"]
    assert {s.seed for s in specs} == {STAGE_SEED + 2 * i for i in range(len(specs))}
    plans = [build_timeline(s).webcam for s in specs]
    assert {p["screen_left"] for p in plans if p} == {0.0, 1.0}, "both sides dealt"
    spec = next(s for s in specs if not {"clip", "clock"} & set(s.distractors))
    timeline = build_timeline(spec)
    params = timeline.webcam
    assert params is not None
    (sx, sy, sw, sh), (cx, cy, cw, ch) = stage.boxes(params, spec.width, spec.height)
    assert sx + sw < cx or cx + cw < sx, "side by side"
    assert min(sy, cy) >= 0 and max(sy + sh, cy + ch) <= spec.height
    assert abs(sw / sh - spec.width / spec.height) < 0.02, "the screen keeps its shape"
    assert cw > 0.15 * spec.width, "a big camera"
    assert not covered_mask(timeline).any(), "none of the camera on the screen"
    angles = [stage.angle(params, t) for t in range(int(spec.duration_s))]
    cuts = [t for t in range(1, len(angles)) if angles[t] != angles[t - 1]]
    assert len(cuts) >= spec.duration_s / stage.STAGE_ANGLE_S[1] - 1, "the director cuts"
    renderer = Renderer(timeline)
    t = next(c for c in cuts if any(s.settle < c - 1 and c < s.end for s in timeline.states))
    a, b = renderer.frame(t - 1, 1), renderer.frame(t, 2)  # (the angle cut between them)
    camera = (slice(cy, cy + ch), slice(cx, cx + cw))
    assert np.abs(a[camera].astype(int) - b[camera]).mean() > 20, "a cut in the camera's box"
    _, truth, thumbs = build(spec)
    covered = thumbs["covered"]
    scale = covered.shape[1] / spec.width
    middle = (round((cy + ch / 2) * scale), round((cx + cw / 2) * scale))
    assert covered[middle], "the camera's box is covered in the truth"
    assert not covered[round((sy + sh / 2) * scale), round((sx + sw / 2) * scale)]
    backdrop = np.dot(stage.STAGE_BACKDROPS[int(float(params["backdrop"]))], (0.299, 0.587, 0.114))
    assert abs(int(thumbs["state0"][0, 0]) - backdrop) < 3, "the state pictures are staged"
    assert len(truth["states"]) == len(timeline.states)


def test_a_webcam_bubble_is_dragged_or_turned_off_within_a_state_and_covers_every_corner() -> None:
    """A presenter who moves the webcam: each move lies inside one state's settled interval;
    a drag slides the bubble between two corners (mid-transition for the truth), a camera
    turned off shows no bubble; the truth covers every corner the bubble sits in."""
    from devtools.corpus import bubble
    from devtools.corpus.compose import Renderer, covered_mask
    from devtools.corpus.overlays import webcam_box
    from devtools.corpus.specs import BUBBLE_SEED, ScreenSpec, extra_tuning_specs
    from devtools.corpus.timeline import build_timeline

    specs = [s for s in extra_tuning_specs() if isinstance(s, ScreenSpec) and s.bubble]
    assert {s.seed for s in specs} == {BUBBLE_SEED + 2 * i for i in range(len(specs))}
    timelines = [build_timeline(s) for s in specs]
    moves = [m for tl in timelines for m in tl.bubble]
    assert {m["kind"] for m in moves} == {"drag", "hide"}, "both kinds dealt"
    for tl in timelines:
        for move in tl.bubble:
            t0, t1 = float(move["t0"]), float(move["t1"])
            assert any(
                s.settle + bubble.BUBBLE_MARGIN_S <= t0
                and t1 <= s.end - bubble.BUBBLE_MARGIN_S + 1e-6
                for s in tl.states
            ), "within a state"
    tl = next(t for t in timelines if {m["kind"] for m in t.bubble} == {"drag", "hide"})
    spec, params = tl.spec, tl.webcam
    assert params is not None
    mask = covered_mask(tl)
    for corner in bubble.corners(params, tl.bubble):
        x, y, w, h = webcam_box({**params, "corner": corner}, spec.width, spec.height)
        assert mask[y : y + h, x : x + w].all(), "every corner it sits in is covered"
    renderer = Renderer(tl)
    for move in tl.bubble:
        t0, t1 = float(move["t0"]), float(move["t1"])
        before = bubble.box_at(params, tl.bubble, t0 - 0.01, spec.width, spec.height)
        during = bubble.box_at(params, tl.bubble, (t0 + t1) / 2, spec.width, spec.height)
        after = bubble.box_at(params, tl.bubble, t1 + 0.01, spec.width, spec.height)
        assert before is not None and after is not None
        if move["kind"] == "hide":
            assert during is None
            frame = renderer.frame((t0 + t1) / 2, 1)
            page = renderer.view_image(tl.states[tl.state_at(t0)].view, t0, clean=True)
            x, y, w, h = before
            inside = (slice(y + h // 4, y + 3 * h // 4), slice(x + w // 4, x + 3 * w // 4))
            assert np.abs(frame[inside].astype(int) - page[inside]).mean() < 3, "the slide shows"
        else:
            assert during is not None and during not in (before, after), "it slides"
            assert after == webcam_box(
                {**params, "corner": move["corner"]}, spec.width, spec.height
            )
            assert (t0, t1) in bubble.moving(tl.bubble)


def test_a_dense_screen_draws_its_text_at_the_scale_asked() -> None:
    """A page drawn at half the design's text size puts its ink in about half the rows: a
    title and lines twice as dense (the same slide, the same screen)."""
    from devtools.corpus.pages import render_page
    from devtools.corpus.timeline import Slide

    slide = Slide("text", seed=5, items=4, first_reveal=4, tall=False)

    def ink_rows(scale: float) -> int:
        page, _ = render_page(slide, 4, 0, "light", 1280, 720, scale)
        gray = page.mean(axis=2)
        return int((np.abs(gray - np.median(gray)) > 40).any(axis=1).sum())

    full, half = ink_rows(1.0), ink_rows(0.5)
    assert 0.35 * full < half < 0.65 * full, (full, half)


def test_a_clean_webcam_has_no_noise_and_no_flicker() -> None:
    from devtools.corpus.overlays import webcam_picture
    from devtools.corpus.specs import CLEAN_WEBCAM_SEED, extra_tuning_specs
    from devtools.corpus.timeline import build_timeline

    spec = next(s for s in extra_tuning_specs() if s.seed == CLEAN_WEBCAM_SEED)
    webcam = build_timeline(spec).webcam  # type: ignore[arg-type]
    assert webcam is not None
    still = [webcam_picture({**webcam, "seed": 7.0}, 9.0, n, 64, 48) for n in (1, 2)]
    assert (still[0] == still[1]).all(), "the same moment, two frames: the same picture"
    design = {**webcam, "noise": 4.0, "flicker": 0.03}
    noisy = [webcam_picture({**design, "seed": 7.0}, 9.0, n, 64, 48) for n in (1, 2)]
    assert (noisy[0] != noisy[1]).any(), "(a design webcam's sensor noise differs)"


def test_the_evaluation_times_the_better_of_two_runs_that_must_agree(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from devtools import eval_frames

    runs = iter([(3.0, [1.0, 2.0]), (2.0, [1.0, 2.0]), (1.0, [1.0]), (1.0, [1.0, 2.5])])

    def fake(_video: Path, _mode: str, out: Path) -> dict[str, object]:
        time_s, picked = next(runs)
        return {"time_s": time_s, "frames": [(t, str(out / f"{t}.jpg")) for t in picked]}

    monkeypatch.setattr(eval_frames, "run_inprocess", fake)
    assert eval_frames._timed(Path("x.mp4"), "default", tmp_path, cli=False)["time_s"] == 2.0
    with pytest.raises(SystemExit, match="runs picked different frames"):
        eval_frames._timed(Path("x.mp4"), "default", tmp_path, cli=False)


def test_the_truth_times_each_settled_interval_by_its_picture() -> None:
    """s00 opens with a wipe whose last steps sweep the margin both slides share: its settled
    interval starts at the first frame no viewer could tell from the settled picture, before the
    wipe's nominal end, and the state before it lasts while the wipe's first steps still show
    it."""
    from devtools.corpus.compose import (
        Renderer,
        covered_mask,
        drop_hidden_states,
        time_by_picture,
        transition_picture,
        visible,
    )
    from devtools.corpus.specs import all_specs
    from devtools.corpus.timeline import State, build_timeline

    spec = next(s for s in all_specs() if s.name.startswith("s00-"))
    timeline = build_timeline(spec)
    renderer = Renderer(timeline)
    drop_hidden_states(timeline, renderer)
    seen = time_by_picture(timeline, renderer)
    moved = [i for i, s in enumerate(timeline.states) if seen[i][0] < s.settle]
    assert moved, "some transition settles before its nominal end"
    keep = ~covered_mask(timeline)
    for i in moved:
        state, before = timeline.states[i], timeline.states[i - 1]

        def differs(t: float, of: State, before: State = before, state: State = state) -> bool:
            moving = transition_picture(renderer, before, state, t)
            return visible(moving, renderer.view_image(of.view, t, True), keep)

        settle, end_before = seen[i][0], seen[i - 1][1]
        assert not differs(settle, state)
        assert differs(settle - 1 / spec.fps, state)
        assert end_before < settle
        if end_before > state.start:
            assert not differs(end_before, before)
            assert differs(end_before + 1 / spec.fps, before)


def test_what_a_viewer_could_not_tell_apart_shows_the_same_picture() -> None:
    """An eased wipe's last step leaves one column a few levels off (invisible: the frame shows
    the new slide); a word of text still missing is a visible difference."""
    import numpy as np

    from devtools.corpus.compose import VISIBLE_LEVEL, visible

    settled = np.full((720, 1280, 3), 230, np.uint8)
    settled[100:130, 100:400] = 20  # a title
    last_step = settled.copy()
    last_step[:, 1279] -= 8  # the wipe's last column, eased out
    everywhere = np.ones((720, 1280), bool)
    assert not visible(last_step, settled, everywhere)
    faint = settled.copy()
    faint[100:130, 100:400] = 20 + VISIBLE_LEVEL // 2  # the title not quite faded in
    assert not visible(faint, settled, everywhere)
    missing = settled.copy()
    missing[200:216, 100:180] = 20  # a word (80 x 16 px)
    assert visible(missing, settled, everywhere)
    assert not visible(missing, settled, ~(np.arange(720) >= 200)[:, None] & everywhere)


def test_a_truth_of_another_version_is_worked_out_again_and_the_video_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    from devtools.corpus import encode
    from devtools.corpus.specs import all_specs

    spec = next(s for s in all_specs() if s.name.startswith("s00-"))
    monkeypatch.setattr(encode, "CACHE", tmp_path)
    video, truth_file, thumbs_file = encode.paths(spec)
    video.write_bytes(b"the rendered video")
    old = {"hash": encode.spec_hash(spec), "truth_version": encode.TRUTH_VERSION - 1, "states": []}
    truth_file.write_text(json.dumps(old))

    def no_encoding(*_args: object) -> None:
        raise AssertionError("the video is rendered again")

    monkeypatch.setattr(encode, "_encode", no_encoding)
    path, truth = encode.ensure(spec, log=None)
    assert path == video and video.read_bytes() == b"the rendered video"
    assert truth["truth_version"] == encode.TRUTH_VERSION and truth["states"]
    assert json.loads(truth_file.read_text()) == truth and thumbs_file.exists()
    assert encode.ensure(spec, log=None)[1] == truth  # (now cached)


def test_the_low_rate_encode_caps_its_bit_rate_by_pixels_and_frame_rate() -> None:
    from devtools.corpus.encode import LOW_RATE_BITS_PER_PIXEL, encoder_args

    def rate(fps: int, height: int) -> int:
        args = encoder_args("x264-lowrate", fps, height)
        assert args[args.index("-maxrate") + 1] == args[args.index("-b:v") + 1]
        return int(args[args.index("-b:v") + 1].removesuffix("k"))

    assert rate(30, 720) == round(LOW_RATE_BITS_PER_PIXEL * 1280 * 720 * 30 / 1000)
    assert rate(60, 720) == 2 * rate(30, 720) and rate(30, 1080) > 2 * rate(30, 720)


def test_a_steady_clip_is_one_long_shot_whose_end_is_its_last_second() -> None:
    """A steady clip (a person talking to a tripod camera) is one shot; coverage needs a frame
    within max(5 s, duration / 8) of a clip's end, so in a long shot a frame seconds before the
    end is none at its end (the scorer: the last tenth, at most the last second)."""
    from devtools.corpus.camera import plan_shots
    from devtools.corpus.score import SHOT_END_MAX_S, score_camera
    from devtools.corpus.specs import STEADY_SEED, TUNE, _camera

    spec = _camera(STEADY_SEED, TUNE, "steady", 0)
    (shot,) = plan_shots(spec)
    assert (shot.start, shot.end, shot.kind) == (0.0, spec.duration_s, "steady")
    long_shot = {"duration_s": 80.0, "shots": [{"start": 0.0, "end": 80.0, "kind": "steady"}]}
    every = [5.0 + 10.0 * i for i in range(8)]  # the last 5 s before the end
    assert score_camera(long_shot, every).end_frames == 0
    assert score_camera(long_shot, [*every, 80.0 - SHOT_END_MAX_S / 2]).end_frames == 1
    short = {"duration_s": 5.0, "shots": [{"start": 0.0, "end": 5.0, "kind": "steady"}]}
    assert score_camera(short, [2.5, 4.6]).end_frames == 1, "a short shot's last tenth"


def test_an_on_change_recording_states_the_last_pictures_stay_until_the_recorder_stopped(
    tmp_path: Path,
) -> None:
    """ffmpeg ends a file one frame after the last picture it kept; a recorder that stops on a
    still screen writes that picture's whole stay (`encode._stopped`)."""
    from fractions import Fraction

    import av

    from devtools.corpus.encode import _stopped

    path = tmp_path / "on-change.mov"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30, options={"bf": "0"})
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for k, t in enumerate((0.0, 1.5, 2.0)):  # (a pause: frames only on change)
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), 60 * k, np.uint8), "rgb24")
            frame.pts, frame.time_base = round(t * 600), Fraction(1, 600)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    _stopped(path, 9.0)
    with av.open(str(path)) as source:
        video = source.streams.video[0]
        packets = [p for p in source.demux(video) if p.size]
        assert video.time_base is not None
        ends = [float((p.pts + p.duration) * video.time_base) for p in packets]
        starts = [float(p.pts * video.time_base) for p in packets]
    assert starts == pytest.approx([0.0, 1.5, 2.0]), "the pictures and their times kept"
    assert ends[-1] == pytest.approx(9.0) and ends[0] == pytest.approx(1.5)


def test_a_sprite_clip_is_a_still_scene_whose_figures_never_rest() -> None:
    """`sprite` (limited animation): from one frame to the next its figures move, every time,
    and nothing else does."""
    from itertools import pairwise

    import numpy as np

    from devtools.corpus.camera import CameraRenderer
    from devtools.corpus.specs import CameraSpec

    spec = CameraSpec("t-sprite", 6204, "tune", "sprite", 320, 180, 25, 6.0, "x264")
    renderer = CameraRenderer(spec)
    frames = [renderer.frame(n / spec.fps, n).astype(int) for n in range(150)]
    steps = [np.abs(b - a).sum(axis=2) > 0 for a, b in pairwise(frames)]
    assert all(step.any() for step in steps), "never at rest"
    assert all(step.mean() < 0.1 for step in steps), "a still scene: only the figures change"
