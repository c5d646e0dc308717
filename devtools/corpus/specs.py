"""Which recordings the corpus holds: a balanced design matrix, split into two halves by seed.

Every factor real recordings vary in gets each of its levels in BOTH halves (levels are dealt
out per half from a shuffled, repeated list), while the combinations differ between the halves
and every detail (deck, timings, pointer path, webcam placement, noise) comes from the item's
own seed. Even seeds are the tuning half, odd seeds the held-out half: never tune on odd seeds.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, replace
from typing import Any

TUNE, HELD_OUT = "tune", "held-out"
HALVES = (TUNE, HELD_OUT)

THEMES = ("light", "dark")
KINDS = ("text", "diagram", "code", "terminal", "screenshot")
ASPECTS = ("16:9", "4:3")
HEIGHTS = (360, 720, 1080)  # 360: a talk downloaded at YouTube's low default, an old webinar
FPS = (24, 25, 30, 60)
# how real tools write files (see devtools/corpus/encode.py for the command lines)
ENCODES = ("x264", "x264-longgop", "x264-ultrafast", "x264-vfr", "vp9-webm", "hevc-mp4")
# which transitions a deck uses between slides (builds and scrolls have their own)
TRANSITION_MIXES = (
    ("cut",),
    ("cut", "crossfade", "push"),
    ("dissolve", "wipe", "cut"),
    ("crossfade", "fade", "dissolve", "push", "wipe", "cut"),
)
# distractor sets; pointer + webcam dominate, as in real talks and screen recordings
DISTRACTORS = (
    ("pointer", "webcam"),
    ("pointer", "webcam", "clip"),
    ("pointer", "webcam", "clock"),
    ("pointer", "webcam", "clip", "clock"),
    ("pointer",),
    ("pointer", "clip"),
    ("webcam", "clip", "clock"),
    (),
)
CAMERA_KINDS = ("motion", "cartoon", "shots")
CAMERA_ENCODES = ("x264", "hevc-mp4", "x264-ultrafast")

PER_HALF = 12  # screen recordings per half
SCREEN_SECONDS = (60.0, 110.0)  # duration range of a screen recording
HIGH_FPS_SECONDS = 75.0  # ... at most this long at 60 fps (render and eval time)
DESIGN_SEED = 20261130  # shuffles the design matrix; item seeds shuffle everything else
EXTRA_SEEDS = (200, 300, 400, 500, 600, 700, 800, 900, 3000, 3100)  # the extra tuning draws'
# first seeds (even); 3000 and 3100 drawn in round 33, seen first as fresh material
EXTRA_CAMERA_OFFSET = 50  # an extra draw's camera clips: seeds from its first seed + this
EXTRA_CAMERA_KINDS = ("motion", "cartoon", "shots", "shots", "shots")  # cuts are the hard part
# one more tuning draw off the design's screen shapes: a Mac's 16:10 screen, a phone's portrait
# screen, an ultrawide monitor (the short side dealt from `OFF_SHAPE_SIDES`); screen recordings only
OFF_SHAPE_SEED = 1000
OFF_SHAPE_ASPECTS = ("16:10", "9:16", "21:9")
OFF_SHAPE_SIDES = (720, 900, 1080)
# and one whose webcams are clean: no sensor noise, no flicker (a well-lit camera denoised, or a
# picture downscaled so far that its noise averages out): only the presenter moves
CLEAN_WEBCAM_SEED = 1100
# and one encoded as a meeting recorder writes a shared screen: x264 at a low, capped bit rate
# (blocky text, quality pulses at keyframes; see `encode.LOW_RATE_BITS_PER_PIXEL`)
LOW_RATE_SEED = 1200
LOW_RATE_ENCODES = ("x264-lowrate",)
# and one recorded from a meeting: a strip of participant tiles (cameras, one maybe off, the
# active speaker's border hopping between them) instead of one webcam (`devtools.corpus.meeting`)
MEETING_SEED = 1300
# and one from a zooming recorder (Screen Studio-like): the screen zooms in towards the pointer
# and back out within a state (`devtools.corpus.zoom`); always with a pointer
ZOOM_SEED = 1400
# and one downloaded from a video platform: each recording, as its recorder wrote it, encoded
# again as a platform streams it (libx264, a fixed keyframe interval of `RESTREAM_GOP_S`, no
# scene-cut keyframes): its keyframes fall anywhere in a change, and the first encoding's own
# quality pulses at its keyframes are in the picture the second one encodes
RESTREAM_SEEDS = (1500, 3200)  # (two draws: the second, round 33's fresh material)
RESTREAM_GOP_S = (1.5, 5.0)  # the platform's keyframe interval, dealt per recording (seconds)
# and camera clips of one long steady shot: a person talking to a camera on a tripod for 30-90 s
# (the draws' `shots` clips cut every 2.5-6 s; coverage of a long shot is another task)
# and one draw recorded at a low frame rate, as a meeting server shares a screen (BigBlueButton:
# 5 fps by default): a sample's step spans three times what it does at 15
LOW_FPS_SEED = 3400
LOW_FPS = (5,)
STEADY_SEED = 3500
STEADY_CLIPS = 6
# and limited animation: a still scene, one or two figures never at rest (a cartoon, a game)
SPRITE_SEED = 6200
SPRITE_CLIPS = 6
# and talks as long as the one issue #13 was filed with: four minutes of 720p30 slides with a
# pointer, a webcam and a clip, x264 defaults (the draws' recordings last 45-110 s)
LONG_TALK_SEED = 3600
LONG_TALKS = 3
LONG_TALK_S = 240.0
# and one from a recorder that draws a highlight around the pointer (Camtasia's and ScreenFlow's
# cursor highlight, OBS add-ons): a translucent disc two to four times the pointer's size, always
# on, moving and resting with it (`overlays.draw_highlight`); always with a pointer
HIGHLIGHT_SEED = 3800
# and one whose screen's clock shows hours and minutes only, as a taskbar's or a menu bar's does
# (the design's clock shows seconds): it turns once a minute; always with a clock
MINUTE_CLOCK_SEED = 4700
# and one of dense screens (round 44): text and drawings half the design's size, as a screen at
# 100 % scaling shows them once a recorder writes it at 720p or 1080p (OBS's default output is
# 1280x720 whatever the screen); 360p is left out (its text would be 3-4 px tall, unreadable)
DENSE_SEED = 5100
DENSE_TEXT_SCALE = 0.5
DENSE_HEIGHTS = (720, 1080)


# and one composited on a stage (round 46): the screen shrunk to one side of the picture, the
# speaker's camera beside it, big, cut between two angles by a director (`devtools.corpus.stage`)
STAGE_SEED = 5500
# and one whose presenter moves the webcam bubble (round 46): drags it to another corner, or
# turns the camera off and on again, within a state (`devtools.corpus.bubble`)
BUBBLE_SEED = 5700
# and one whose clip is big (round 49): close to half the slide, playing from its slide's first
# picture (half the time the opening's), a camera panning across a scene under grain: every
# sample moves more than a transition-sized share of the picture (`ScreenSpec.clip_size`)
BIG_CLIP_SEED = 5900


# a recorder that writes a frame only when the screen changed (ScreenCaptureKit apps, QuickTime,
# scrcpy, ShadowPlay: a still slide is one frame, then seconds of nothing): one tuning draw
ONCHANGE_SEED = 5300
# and one with burned-in captions (round 61: `devtools.corpus.captions`), subtitles drawn into
# the picture at the speech's pace, over everything, in one of `CAPTION_STYLES` each: a tuning
# draw (even seeds) and a held-out one (odd seeds) never tuned on
CAPTIONS_SEED = 6400
CAPTIONS_PER_HALF = 8
CAPTION_STYLES = ("box", "outline", "words")
# and one with notifications (round 62: `devtools.corpus.notices`), banners laid over a corner
# of the screen for a few seconds at moments of their own, in one of `NOTICE_STYLES` each: a
# tuning draw (even seeds) and a held-out one (odd seeds)
NOTICES_SEED = 6500
NOTICES_PER_HALF = 8
NOTICE_STYLES = ("mac", "windows", "app")
ONCHANGE_ENCODES = ("x264-onchange",)
# ... whose screens have no webcam (its picture would change every frame: no pause left)
ONCHANGE_DISTRACTORS = (("pointer",), ("pointer", "clip"), ())


@dataclass(frozen=True)
class ScreenSpec:
    name: str
    seed: int
    half: str
    theme: str
    kind: str  # the deck's main slide kind; other kinds are mixed in
    width: int
    height: int
    fps: int
    duration_s: float
    transitions: tuple[str, ...]
    distractors: tuple[str, ...]
    encode: str
    webcam: str = "sensor"  # "clean": no sensor noise, no flicker; "meeting": a participant strip;
    # "stage": beside the screen, which is shrunk to one side (`devtools.corpus.stage`)
    zoom: bool = False  # the recorder zooms in towards the pointer now and then (`corpus.zoom`)
    bubble: bool = False  # the presenter drags the webcam elsewhere, or turns it off and on
    # again, now and then (`corpus.bubble`)
    restream_gop_s: float = 0.0  # encoded again as a platform streams it, with keyframes this
    # many seconds apart (`encode.RESTREAM_ARGS`); 0: as the recorder wrote it
    highlight: bool = False  # the recorder draws a highlight disc around the pointer
    clock_minutes: bool = False  # the clock shows hours and minutes only (a taskbar's)
    text_scale: float = 1.0  # the page's text and drawings this many times the design's size
    # (0.5: a screen at 100 % scaling recorded downscaled, OBS's default 1280x720 output)
    clip_size: str = "inset"  # "big": the clip fills close to half the slide, plays from its
    # slide's first picture (maybe the opening's), and its camera pans (`timeline._clip_rect`)
    captions: str = ""  # burned-in captions in this style (`devtools.corpus.captions`); "": none
    notices: str = ""  # notifications in this style come and go (`devtools.corpus.notices`)

    @property
    def category(self) -> str:
        return "screen"

    def key(self) -> dict[str, object]:
        key = asdict(self)
        if self.webcam == "sensor":
            del key["webcam"]  # (the design's webcams: their renders keep their hashes)
        if not self.zoom:
            del key["zoom"]
        if not self.bubble:
            del key["bubble"]
        if not self.restream_gop_s:
            del key["restream_gop_s"]
        if not self.highlight:
            del key["highlight"]
        if not self.clock_minutes:
            del key["clock_minutes"]
        if self.text_scale == 1.0:
            del key["text_scale"]
        if self.clip_size == "inset":
            del key["clip_size"]
        if not self.captions:
            del key["captions"]
        if not self.notices:
            del key["notices"]
        return key


@dataclass(frozen=True)
class CameraSpec:
    name: str
    seed: int
    half: str
    kind: str  # motion | cartoon | shots | steady
    width: int
    height: int
    fps: int
    duration_s: float
    encode: str

    @property
    def category(self) -> str:
        return "camera"

    def key(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class MixedSpec:
    """A recording that cuts between a camera and a screen (`corpus.mixed`): the opening
    seconds of each part, by its spec's name, played in turn and encoded as one."""

    name: str
    seed: int
    half: str
    parts: tuple[tuple[str, float], ...]  # (a screen or camera spec's name, seconds)
    width: int
    height: int
    fps: int
    encode: str

    @property
    def category(self) -> str:
        return "mixed"

    @property
    def duration_s(self) -> float:
        return sum(seconds for _, seconds in self.parts)

    def key(self) -> dict[str, object]:
        return {**asdict(self), "mix_version": MIX_VERSION}


MIX_VERSION = 2  # bump when `corpus.mixed` plays the parts differently


Spec = ScreenSpec | CameraSpec | MixedSpec


def _dealt(levels: tuple[object, ...], n: int, rng: random.Random) -> list[object]:
    """`n` levels, each used about equally often, in a shuffled order."""
    repeated = [levels[i % len(levels)] for i in range(n)]
    rng.shuffle(repeated)
    return repeated


def _size(aspect: str, side: int) -> tuple[int, int]:
    """(width, height) of a screen of `aspect` whose short side is `side` (even sides)."""
    num, den = (int(x) for x in aspect.split(":"))
    if num < den:  # portrait
        return side, side * den // num // 2 * 2
    return side * num // den // 2 * 2, side


def screen_specs() -> list[ScreenSpec]:
    specs: list[ScreenSpec] = []
    for parity, half in enumerate(HALVES):
        specs += _draw(
            random.Random(DESIGN_SEED + parity), half, [2 * i + parity for i in range(PER_HALF)]
        )
    return sorted(specs, key=lambda s: s.seed)


def extra_tuning_specs() -> list[Spec]:
    """More draws of the design for tuning only (even seeds from each of `EXTRA_SEEDS`): more
    combinations to design against, never part of the corpus table; the held-out half stays
    what it is. Each draw also holds camera clips (`EXTRA_CAMERA_KINDS`, seeds from
    `first + EXTRA_CAMERA_OFFSET`), and one more draw of screens shaped off the design
    (`OFF_SHAPE_ASPECTS`: 16:10, portrait, ultrawide), one with clean webcams
    (`CLEAN_WEBCAM_SEED`), one at a meeting recorder's low bit rate (`LOW_RATE_SEED`), one
    with a meeting's participant strip (`MEETING_SEED`), one from a zooming recorder
    (`ZOOM_SEED`), two downloaded from a video platform (`RESTREAM_SEEDS`), one recorded at
    5 fps (`LOW_FPS_SEED`), one whose recorder highlights the pointer (`HIGHLIGHT_SEED`), one
    whose screen's clock shows minutes only (`MINUTE_CLOCK_SEED`), one of dense screens
    (`DENSE_SEED`: text half the design's size), one whose recorder writes frames only on
    change (`ONCHANGE_SEED`), one composited on a stage, the screen shrunk beside the speaker's
    camera (`STAGE_SEED`), one whose presenter moves the webcam or turns it off and on
    (`BUBBLE_SEED`), one whose clip fills close to half the slide (`BIG_CLIP_SEED`), camera
    clips of one long steady shot (`STEADY_SEED`) and of limited animation (`SPRITE_SEED`),
    four-minute talks (`LONG_TALK_SEED`), and recordings that cut between their camera clips
    and their screens (`EXTRA_MIXES`; `LATER_MIXES`, round 56)."""
    specs: list[Spec] = []
    for first in EXTRA_SEEDS:
        seeds = [first + 2 * i for i in range(PER_HALF)]
        specs += _draw(random.Random(DESIGN_SEED + first), TUNE, seeds)
        for i, kind in enumerate(EXTRA_CAMERA_KINDS):
            specs.append(_camera(first + EXTRA_CAMERA_OFFSET + 2 * i, TUNE, kind, i))
    seeds = [OFF_SHAPE_SEED + 2 * i for i in range(PER_HALF)]
    design = random.Random(DESIGN_SEED + OFF_SHAPE_SEED)
    specs += _draw(design, TUNE, seeds, OFF_SHAPE_ASPECTS, OFF_SHAPE_SIDES)
    seeds = [CLEAN_WEBCAM_SEED + 2 * i for i in range(PER_HALF)]
    design = random.Random(DESIGN_SEED + CLEAN_WEBCAM_SEED)
    specs += [
        replace(s, name=f"{s.name}-cleancam", webcam="clean") for s in _draw(design, TUNE, seeds)
    ]
    seeds = [LOW_RATE_SEED + 2 * i for i in range(PER_HALF)]
    design = random.Random(DESIGN_SEED + LOW_RATE_SEED)
    specs += _draw(design, TUNE, seeds, encodes=LOW_RATE_ENCODES)
    seeds = [MEETING_SEED + 2 * i for i in range(PER_HALF)]
    design = random.Random(DESIGN_SEED + MEETING_SEED)
    specs += [
        replace(s, name=f"{s.name}-meeting", webcam="meeting", distractors=_with(s, "webcam"))
        for s in _draw(design, TUNE, seeds)
    ]
    seeds = [ZOOM_SEED + 2 * i for i in range(PER_HALF)]
    design = random.Random(DESIGN_SEED + ZOOM_SEED)
    specs += [
        replace(s, name=f"{s.name}-zoom", zoom=True, distractors=_with(s, "pointer"))
        for s in _draw(design, TUNE, seeds)
    ]
    for first in RESTREAM_SEEDS:
        seeds = [first + 2 * i for i in range(PER_HALF)]
        design = random.Random(DESIGN_SEED + first)
        specs += [
            replace(s, name=f"{s.name}-restream", restream_gop_s=_restream_gop(s.seed))
            for s in _draw(design, TUNE, seeds)
        ]
    seeds = [LOW_FPS_SEED + 2 * i for i in range(PER_HALF)]
    specs += _draw(random.Random(DESIGN_SEED + LOW_FPS_SEED), TUNE, seeds, rates=LOW_FPS)
    seeds = [HIGHLIGHT_SEED + 2 * i for i in range(PER_HALF)]
    specs += [
        replace(s, name=f"{s.name}-highlight", highlight=True, distractors=_with(s, "pointer"))
        for s in _draw(random.Random(DESIGN_SEED + HIGHLIGHT_SEED), TUNE, seeds)
    ]
    seeds = [MINUTE_CLOCK_SEED + 2 * i for i in range(PER_HALF)]
    specs += [
        replace(s, name=f"{s.name}-minclock", clock_minutes=True, distractors=_with(s, "clock"))
        for s in _draw(random.Random(DESIGN_SEED + MINUTE_CLOCK_SEED), TUNE, seeds)
    ]
    seeds = [DENSE_SEED + 2 * i for i in range(PER_HALF)]
    design = random.Random(DESIGN_SEED + DENSE_SEED)
    specs += [
        replace(s, name=f"{s.name}-dense", text_scale=DENSE_TEXT_SCALE)
        for s in _draw(design, TUNE, seeds, heights=DENSE_HEIGHTS)
    ]
    seeds = [ONCHANGE_SEED + 2 * i for i in range(PER_HALF)]
    design = random.Random(DESIGN_SEED + ONCHANGE_SEED)
    specs += _draw(design, TUNE, seeds, encodes=ONCHANGE_ENCODES, distractors=ONCHANGE_DISTRACTORS)
    seeds = [STAGE_SEED + 2 * i for i in range(PER_HALF)]
    design = random.Random(DESIGN_SEED + STAGE_SEED)
    specs += [
        replace(s, name=f"{s.name}-stage", webcam="stage", distractors=_with(s, "webcam"))
        for s in _draw(design, TUNE, seeds)
    ]
    seeds = [BUBBLE_SEED + 2 * i for i in range(PER_HALF)]
    specs += [
        replace(s, name=f"{s.name}-bubble", bubble=True, distractors=_with(s, "webcam"))
        for s in _draw(random.Random(DESIGN_SEED + BUBBLE_SEED), TUNE, seeds)
    ]
    seeds = [BIG_CLIP_SEED + 2 * i for i in range(PER_HALF)]
    specs += [
        replace(s, name=f"{s.name}-bigclip", clip_size="big", distractors=_with(s, "clip"))
        for s in _draw(random.Random(DESIGN_SEED + BIG_CLIP_SEED), TUNE, seeds)
    ]
    specs += [_camera(STEADY_SEED + 2 * i, TUNE, "steady", i) for i in range(STEADY_CLIPS)]
    specs += [_camera(SPRITE_SEED + 2 * i, TUNE, "sprite", i) for i in range(SPRITE_CLIPS)]
    seeds = [LONG_TALK_SEED + 2 * i for i in range(LONG_TALKS)]
    specs += [
        replace(
            s,
            name=f"L{s.seed}-{s.theme}-{s.kind}-720p30-x264-4min",
            width=1280,
            height=720,
            fps=30,
            duration_s=LONG_TALK_S,
            distractors=("pointer", "webcam", "clip"),
            encode="x264",
        )
        for s in _draw(random.Random(DESIGN_SEED + LONG_TALK_SEED), TUNE, seeds)
    ]
    return specs + _mixes(EXTRA_MIXES + LATER_MIXES, specs)


def caption_specs() -> list[ScreenSpec]:
    """The draws with burned-in captions (`CAPTIONS_SEED`): even seeds tune, odd seeds are
    held out (so they are no extra tuning draw: `eval_frames --extra-tune` runs them beside
    those); the styles dealt out evenly in each."""
    return _overlaid(CAPTIONS_SEED, CAPTIONS_PER_HALF, CAPTION_STYLES, "captions", "cc")


def notice_specs() -> list[ScreenSpec]:
    """The draws with notifications (`NOTICES_SEED`), as the caption draws are made."""
    return _overlaid(NOTICES_SEED, NOTICES_PER_HALF, NOTICE_STYLES, "notices", "nt")


def _overlaid(
    seed: int, per_half: int, styles: tuple[str, ...], field: str, tag: str
) -> list[ScreenSpec]:
    """A tuning draw (even seeds from `seed`) and a held-out one (odd seeds), `per_half`
    recordings each, with the overlay `field` set to one of `styles` each (dealt out
    evenly), named with `tag` and the style."""
    specs: list[ScreenSpec] = []
    for parity, half in ((0, TUNE), (1, HELD_OUT)):
        design = random.Random(DESIGN_SEED + seed + parity)
        seeds = [seed + parity + 2 * i for i in range(per_half)]
        dealt = _dealt(styles, per_half, design)
        specs += [
            replace(s, name=f"{s.name}-{tag}{style}", **{field: str(style)})
            for s, style in zip(_draw(design, half, seeds), dealt, strict=True)
        ]
    return specs


def _restream_gop(seed: int) -> float:
    """The platform's keyframe interval for the recording of `seed` (a tenth of a second)."""
    return round(random.Random(seed * 7 + 1).uniform(*RESTREAM_GOP_S), 1)


def _with(spec: ScreenSpec, distractor: str) -> tuple[str, ...]:
    """The spec's distractors with `distractor` (a meeting recording always has its strip, a
    zooming recorder its pointer)."""
    return spec.distractors if distractor in spec.distractors else (*spec.distractors, distractor)


def _draw(
    design: random.Random,
    half: str,
    seeds: list[int],
    aspects: tuple[str, ...] = ASPECTS,
    heights: tuple[int, ...] = HEIGHTS,
    encodes: tuple[str, ...] = ENCODES,
    rates: tuple[int, ...] = FPS,
    distractors: tuple[tuple[str, ...], ...] = DISTRACTORS,
) -> list[ScreenSpec]:
    """One screen recording per seed, the design's levels dealt out evenly among them."""
    n = len(seeds)
    columns = {
        "theme": _dealt(THEMES, n, design),
        "kind": _dealt(KINDS, n, design),
        "aspect": _dealt(aspects, n, design),
        "height": _dealt(heights, n, design),
        "fps": _dealt(rates, n, design),
        "transitions": _dealt(TRANSITION_MIXES, n, design),
        "distractors": _dealt(distractors, n, design),
        "encode": _dealt(encodes, n, design),
    }
    specs = []
    for i, seed in enumerate(seeds):
        row = {k: v[i] for k, v in columns.items()}
        width, height = _size(str(row["aspect"]), int(str(row["height"])))
        fps = int(str(row["fps"]))
        rng = random.Random(seed)
        longest = HIGH_FPS_SECONDS if fps >= 60 else SCREEN_SECONDS[1]
        duration = round(rng.uniform(SCREEN_SECONDS[0], longest))
        shape = f"{height}p" if row["aspect"] in ASPECTS else f"{width}x{height}-"
        name = f"s{seed:02d}-{row['theme']}-{row['kind']}-{shape}{fps}-{row['encode']}"
        specs.append(
            ScreenSpec(
                name=name,
                seed=seed,
                half=half,
                theme=str(row["theme"]),
                kind=str(row["kind"]),
                width=width,
                height=height,
                fps=fps,
                duration_s=float(duration),
                transitions=tuple(row["transitions"]),  # type: ignore[arg-type]
                distractors=tuple(row["distractors"]),  # type: ignore[arg-type]
                encode=str(row["encode"]),
            )
        )
    return specs


CAMERA_SECONDS = {
    "motion": (10.0, 14.0),
    "cartoon": (5.0, 5.0),
    "shots": (14.0, 22.0),
    "steady": (30.0, 90.0),
    "sprite": (8.0, 20.0),
}


def camera_specs() -> list[CameraSpec]:
    specs: list[CameraSpec] = []
    for parity, half in enumerate(HALVES):
        for i, kind in enumerate(CAMERA_KINDS):
            specs.append(_camera(100 + 2 * i + parity, half, kind, i + parity))
    return sorted(specs, key=lambda s: s.seed)


def _camera(seed: int, half: str, kind: str, turn: int) -> CameraSpec:
    """A camera clip of `kind`; `turn` deals out the encodes."""
    rng = random.Random(seed)
    height = rng.choice(HEIGHTS)
    width = height * 16 // 9
    fps = rng.choice(FPS)
    low, high = CAMERA_SECONDS[kind]
    duration = round(rng.uniform(low, high), 1)
    encode = CAMERA_ENCODES[turn % len(CAMERA_ENCODES)]
    name = f"c{seed:03d}-{kind}-{height}p{fps}-{encode}"
    return CameraSpec(name, seed, half, kind, width, height, fps, float(duration), encode)


# A conference talk's director cuts between the speaker and the slides; a talk opens on the
# speaker. Each mix plays parts of one size and frame rate (a 16:9 screen and a camera clip);
# the held-out mixes play held-out screens.
MIXES = (
    (50, TUNE, (("c104", 10.0), ("s06", 40.0), ("c104", 10.0))),
    (51, HELD_OUT, (("s15", 30.0), ("c100", 11.8), ("s15", 30.0))),
    (52, TUNE, (("s16", 30.0), ("c101", 13.6), ("s16", 30.0))),
    (53, HELD_OUT, (("c105", 10.0), ("s03", 40.0))),
)
MIX_ENCODE = "x264"  # as a platform serves an edited talk


# A fresh draw of mixes for tuning only (round 35), from the extra draws' screens and camera
# clips: cutaways of 4-12 s, steady shots among them, a camera part closing the video.
EXTRA_MIXES = (
    (3300, TUNE, (("c354", 6.0), ("s616", 30.0), ("c950", 5.0), ("s712", 30.0))),
    (3302, TUNE, (("s722", 25.0), ("c458", 8.0), ("s210", 25.0), ("c450", 6.0))),
    (3304, TUNE, (("c658", 12.0), ("s202", 40.0))),
    (3306, TUNE, (("s3116", 30.0), ("c256", 4.0), ("s1112", 30.0))),
    (3308, TUNE, (("c350", 10.0), ("s404", 25.0), ("c650", 10.0), ("s508", 25.0))),
    (3310, TUNE, (("s620", 35.0), ("c958", 10.0))),
    (3312, TUNE, (("c3156", 8.0), ("s3104", 30.0), ("c3150", 6.0), ("s906", 30.0))),
    (3314, TUNE, (("s416", 30.0), ("c456", 10.0), ("s306", 30.0))),
    (3316, TUNE, (("c258", 10.0), ("s514", 30.0), ("c258", 5.0))),
    (3318, TUNE, (("c954", 8.0), ("s206", 30.0), ("c3154", 8.0), ("s610", 30.0))),
)

# A second draw of mixes (round 56), measured once the round's code was done and never tuned
# on: a steady shot or limited animation (figures crossing a still scene) cut to between
# screens with a webcam and a pointer of their own.
LATER_MIXES = (
    (3340, TUNE, (("s622", 25.0), ("c6200", 8.0), ("s814", 30.0))),
    (3342, TUNE, (("c6204", 6.0), ("s314", 30.0), ("c354", 6.0), ("s422", 25.0))),
    (3344, TUNE, (("s406", 30.0), ("c754", 8.0), ("s502", 25.0))),
    (3346, TUNE, (("s708", 25.0), ("c3506", 10.0), ("s812", 25.0), ("c352", 5.0))),
    (3348, TUNE, (("s512", 30.0), ("c6210", 8.0), ("s918", 25.0))),
    (3350, TUNE, (("s322", 25.0), ("c6206", 8.0), ("s910", 30.0))),
    (3352, TUNE, (("c3502", 8.0), ("s3108", 30.0), ("c756", 6.0))),
    (3354, TUNE, (("s702", 25.0), ("c3504", 10.0), ("s810", 25.0))),
)


def mixed_specs() -> list[MixedSpec]:
    return _mixes(MIXES, [*screen_specs(), *camera_specs()])


def _mixes(table: tuple[Any, ...], pool: list[Spec]) -> list[MixedSpec]:
    """The mixes of `table` (seed, half, parts named by their specs' first word) from `pool`."""
    by_seed = {s.name.split("-")[0]: s for s in pool}
    specs = []
    for seed, half, parts in table:
        first = by_seed[parts[0][0]]
        kinds = "-".join(
            {"camera": "camera", "screen": "slides"}[by_seed[n].category] for n, _ in parts
        )
        name = f"m{seed:03d}-{kinds}-{first.height}p{first.fps}-{MIX_ENCODE}"
        named = tuple((by_seed[n].name, seconds) for n, seconds in parts)
        specs.append(
            MixedSpec(name, seed, half, named, first.width, first.height, first.fps, MIX_ENCODE)
        )
    return specs


def spec_named(name: str) -> Spec:
    """A screen or camera spec of the corpus or of the extra draws, by name."""
    pool = [*screen_specs(), *camera_specs()]
    found = next((s for s in pool if s.name == name), None)
    return found or next(s for s in extra_tuning_specs() if s.name == name)


def all_specs() -> list[Spec]:
    return [*screen_specs(), *camera_specs(), *mixed_specs()]
