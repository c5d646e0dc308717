"""From a screen spec's seed: the deck, the slide states (the ground truth) and the distractors.

A *state* is what the slide area shows once settled: a page (slide, revealed items, typed
characters) at a scroll offset. Its *settled interval* runs from the end of the transition that
brought it (cut, cross-fade, dissolve, push, wipe, build fade-in, typing, scroll) to the start of
the next transition. A return to an earlier slide is a new state. Distractors (pointer, webcam,
playing clip, clock, blinking caret) never make a state. Every time is on the frame grid.
These are the animations' nominal times; the truth written for scoring times each settled
interval by the rendered picture (`compose.time_by_picture`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from devtools.corpus.specs import ScreenSpec

SLIDE_TRANSITION_S = (0.2, 1.5)  # duration range of a transition between slides
BUILD_ANIMATIONS = (("appear", 0.5), ("fade-in", 0.3), ("wipe", 0.2))  # (kind, weight)
BUILD_ANIMATION_S = (0.2, 0.6)
SCROLL_S = (0.3, 0.9)
TYPING_CHARS_PER_S = 14.0
SLIDE_DWELL_S = (3.5, 9.0)  # settled time of a new slide
BUILD_DWELL_S = (2.0, 5.0)  # ... of a build or scroll
LAST_STATE_MIN_S = 3.0
CLIP_S = (10.0, 30.0)
BIG_CLIP_W = (0.55, 0.75)  # a big clip's width (share of the screen's): 0.27-0.5 of a 16:9 one
BIG_CLIP_OPENING = 0.5  # a big clip plays on the first slide this often
MAIN_KIND_SHARE = 0.6  # share of the deck's slides of the spec's main kind


@dataclass(frozen=True)
class View:
    """What the slide area shows: `reveal` items of slide `slide` (the last one typed up to
    `typed` characters, -1 = all), scrolled down by `scroll` (a share of the page's overflow)."""

    slide: int
    reveal: int
    typed: int = -1
    scroll: float = 0.0


@dataclass
class State:
    view: View
    start: float  # its transition starts
    settle: float  # fully visible and settled: its settled interval starts
    end: float  # the next transition starts (or the video ends)
    change: str  # first | slide | build | return | scroll
    transition: str  # cut crossfade fade dissolve push wipe appear fade-in typing scroll


@dataclass
class Slide:
    kind: str  # text | diagram | code | terminal | screenshot
    seed: int
    items: int  # build items (bullets, boxes, lines, commands, cards)
    first_reveal: int  # items visible when the slide appears
    tall: bool  # the page is taller than the screen and can scroll
    clip: bool = False  # a clip plays in a region of this slide
    commands: tuple[str, ...] = ()  # terminal slides: the command typed for each item


@dataclass
class PointerSegment:
    t0: float
    t1: float
    x0: float  # positions as shares of the screen
    y0: float
    x1: float
    y1: float
    shape: str  # arrow | ibeam | hand
    visible: bool


@dataclass
class Timeline:
    spec: ScreenSpec
    slides: list[Slide]
    states: list[State]
    pointer: list[PointerSegment] = field(default_factory=list)
    ripples: list[tuple[float, float, float]] = field(default_factory=list)  # t, x, y (shares)
    pointer_scale: float = 1.0
    webcam: dict[str, float | str] | None = None
    clip: dict[str, float] | None = None  # slide, x, y, w, h (shares), t0, t1, seed
    clock: dict[str, float] | None = None  # x, y, h (shares), start (s of the day)
    zooms: list[dict[str, float]] = field(default_factory=list)  # `devtools.corpus.zoom`
    bubble: list[dict[str, float | str]] = field(default_factory=list)  # the webcam's moves
    # (`devtools.corpus.bubble`: dragged to another corner, hidden and shown again)
    highlight: dict[str, float] | None = None  # radius (px at 1x on a 1080-line screen), alpha,
    # r, g, b: the recorder's highlight around the pointer (`overlays.draw_highlight`)
    captions: dict[str, object] | None = None  # burned-in captions (`devtools.corpus.captions`)
    notices: dict[str, object] | None = None  # notifications (`devtools.corpus.notices`)

    def state_at(self, t: float) -> int:
        """Index of the state whose transition has started at `t` (the last one at or before)."""
        index = 0
        for i, state in enumerate(self.states):
            if state.start <= t + 1e-9:
                index = i
        return index


def build_timeline(spec: ScreenSpec) -> Timeline:
    rng = random.Random(spec.seed * 7919 + 17)
    fps = spec.fps

    def snap(t: float) -> float:
        return round(t * fps) / fps

    slides: list[Slide] = []

    def new_slide() -> int:
        kind = spec.kind if rng.random() < MAIN_KIND_SHARE else rng.choice(_OTHER_KINDS)
        items = rng.randint(2, 5) if kind != "screenshot" else rng.randint(1, 3)
        tall = kind in ("code", "terminal", "screenshot") and rng.random() < 0.5
        commands = tuple(
            rng.choice(COMMANDS) + " " * rng.randint(1, 2) + rng.choice(ARGUMENTS)
            for _ in range(items + 1)
        )
        seed = rng.randrange(1 << 30)
        slides.append(Slide(kind, seed, items, rng.randint(0, 1), tall, commands=commands))
        return len(slides) - 1

    first = new_slide()
    states = [State(View(first, slides[first].first_reveal), 0.0, 0.0, 0.0, "first", "cut")]
    visited = [first]
    clip_plan = "clip" in spec.distractors
    clip: dict[str, float] | None = None
    big = spec.clip_size == "big"  # (a big clip plays from its slide's first picture, maybe
    t = snap(rng.uniform(*SLIDE_DWELL_S))  # the opening's)
    if big and clip_plan and rng.random() < BIG_CLIP_OPENING:
        play = rng.uniform(*CLIP_S)
        slides[first].clip, slides[first].tall = True, False
        clip = {"slide": first, "t0": 0.0, "t1": snap(play), **_clip_rect(rng, big)}
        clip["seed"] = rng.randrange(1 << 30)
        t = snap(play + rng.uniform(1.0, 3.0))
    while True:
        current = states[-1].view
        slide = slides[current.slide]
        roll = rng.random()
        # on a page taller than the screen, items are added at its end, once it is in view
        can_build = current.reveal < slide.items and (not slide.tall or current.scroll >= 1.0)
        if can_build and roll < 0.55:
            view, change = View(current.slide, current.reveal + 1, -1, current.scroll), "build"
        elif slide.tall and current.scroll < 1.0 and roll < 0.8:
            step = rng.uniform(0.3, 0.7)
            scroll = min(1.0, current.scroll + step)
            view, change = View(current.slide, current.reveal, -1, scroll), "scroll"
        elif len(visited) >= 3 and rng.random() < 0.15 and states[-1].change != "return":
            back = visited[-rng.randint(2, min(3, len(visited)))]
            view, change = _last_view(states, back), "return"
        elif states[-1].change == "return" and rng.random() < 0.6:
            view, change = _last_view(states, visited[-1]), "return"
        else:
            view, change = current, "slide"
        if view == current:  # nothing to go back to: a new slide
            index = new_slide()
            visited.append(index)
            view, change = View(index, slides[index].first_reveal), "slide"
        kind, length = _transition(change, slides[view.slide], view, spec, rng)
        dwell = rng.uniform(*(SLIDE_DWELL_S if change in ("slide", "return") else BUILD_DWELL_S))
        if change == "slide" and clip_plan and clip is None and len(states) >= (1 if big else 2):
            play = rng.uniform(*CLIP_S)
            if t + length + play + 4.0 < spec.duration_s - LAST_STATE_MIN_S:
                slides[view.slide].clip = True
                slides[view.slide].tall = False  # the clip stays where it is
                delay = -length if big else rng.uniform(0.5, 2.0)  # (big: from its first picture)
                t0 = snap(t + length + delay)
                clip = {"slide": view.slide, "t0": t0, "t1": snap(t0 + play)}
                clip.update(_clip_rect(rng, big))
                clip["seed"] = rng.randrange(1 << 30)
                dwell = delay + play + rng.uniform(1.0, 3.0)
        start, settle = snap(t), snap(t + length)
        end = snap(settle + dwell)
        if end > spec.duration_s - LAST_STATE_MIN_S:
            break
        states[-1].end = start
        states.append(State(view, start, settle, 0.0, change, kind))
        t = end
    states[-1].end = spec.duration_s
    timeline = Timeline(spec, slides, states, clip=clip)
    if "pointer" in spec.distractors:
        _plan_pointer(timeline, rng)
    if "webcam" in spec.distractors:
        timeline.webcam = _plan_webcam(rng)
        if spec.webcam == "clean":
            timeline.webcam.update(noise=0.0, flicker=0.0)
        elif spec.webcam == "meeting":
            timeline.webcam.update(_plan_meeting(rng))
        elif spec.webcam == "stage":
            from devtools.corpus import stage

            timeline.webcam.update(stage.plan(rng))
    if "clock" in spec.distractors:
        timeline.clock = {
            "x": rng.choice((0.86, 0.02)),
            "y": rng.choice((0.012, 0.955)),
            "h": rng.uniform(0.022, 0.032),
            "start": float(rng.randrange(8 * 3600, 18 * 3600)),
            "minutes": float(spec.clock_minutes),  # (hours and minutes only: a taskbar's)
        }
    if spec.zoom:
        from devtools.corpus import zoom

        timeline.zooms = zoom.plan(timeline, rng)
    if spec.bubble:  # (after the rest: every other draw's timeline stays what it was)
        from devtools.corpus import bubble

        timeline.bubble = bubble.plan(timeline, rng)
    if spec.highlight:  # (last: every other draw's timeline stays what it was)
        colour = rng.choice(HIGHLIGHT_COLOURS)
        timeline.highlight = {
            "radius": rng.uniform(*HIGHLIGHT_RADIUS),
            "alpha": rng.uniform(*HIGHLIGHT_ALPHA),
            "r": colour[0],
            "g": colour[1],
            "b": colour[2],
        }
    if spec.captions:  # (its own random numbers: every other draw's timeline stays what it was)
        from devtools.corpus import captions

        timeline.captions = captions.plan(spec.seed, spec.captions, spec.duration_s)
    if spec.notices:  # (its own random numbers, too)
        from devtools.corpus import notices

        dark = spec.theme == "dark"
        timeline.notices = notices.plan(spec.seed, spec.notices, spec.duration_s, dark)
    return timeline


_OTHER_KINDS = ("text", "diagram", "code", "terminal", "screenshot")
HIGHLIGHT_RADIUS = (20.0, 45.0)  # a highlight's radius, px at 1x on a 1080-line screen (the
# arrow is 19 px tall): Camtasia's and ScreenFlow's defaults lie in this range
HIGHLIGHT_ALPHA = (0.3, 0.55)  # its opacity
HIGHLIGHT_COLOURS = ((255, 225, 40), (255, 80, 60), (80, 160, 255), (255, 255, 255))
COMMANDS = ("git status", "make test", "ls -la", "docker ps", "pytest -q", "du -sh", "uptime")
ARGUMENTS = ("src", "build", "--all", "-v", "logs/", "tests/unit", "~/work")


def _last_view(states: list[State], slide: int) -> View:
    """How `slide` looked when it was last shown."""
    for state in reversed(states):
        if state.view.slide == slide:
            return state.view
    raise ValueError(slide)


def _transition(
    change: str, slide: Slide, view: View, spec: ScreenSpec, rng: random.Random
) -> tuple[str, float]:
    if change in ("slide", "return"):
        kind = rng.choice(spec.transitions)
        return kind, 0.0 if kind == "cut" else rng.uniform(*SLIDE_TRANSITION_S)
    if change == "scroll":
        return "scroll", rng.uniform(*SCROLL_S)
    if slide.kind == "terminal":
        return "typing", len(slide.commands[view.reveal]) / TYPING_CHARS_PER_S
    kinds, weights = zip(*BUILD_ANIMATIONS, strict=True)
    kind = rng.choices(kinds, weights)[0]
    return kind, 0.0 if kind == "appear" else rng.uniform(*BUILD_ANIMATION_S)


def _clip_rect(rng: random.Random, big: bool = False) -> dict[str, float]:
    """Where the clip plays (shares of the screen's width; its height a share of the width
    too). A big one fills close to half a 16:9 slide, and a camera panning across a scene
    moves all of its picture (`overlays.clip_picture`)."""
    if not big:
        w = rng.uniform(0.35, 0.55)
        return {"x": rng.uniform(0.05, 0.95 - w), "y": rng.uniform(0.3, 0.45), "w": w, "h": w * 0.5}
    w = rng.uniform(*BIG_CLIP_W)
    return {"x": rng.uniform(0.03, 0.97 - w), "y": rng.uniform(0.15, 0.3), "w": w, "h": w * 0.5,
            "pan": 1.0}  # fmt: skip


def _plan_pointer(timeline: Timeline, rng: random.Random) -> None:
    """Eased strokes between rests of 1-5 s anywhere; hides and shows; arrow, I-beam, hand."""
    duration = timeline.spec.duration_s
    leaves_at = duration - rng.uniform(5.0, 15.0) if rng.random() < 0.5 else duration
    timeline.pointer_scale = rng.choice((1.0, 1.0, 2.0))
    ripples = rng.random() < 0.5
    t, x, y, shape = 0.0, rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), "arrow"
    segments: list[PointerSegment] = []
    while t < duration:
        roll = rng.random()
        if t >= leaves_at:
            segments.append(PointerSegment(t, duration + 1.0, x, y, x, y, shape, False))
            break
        if roll < 0.5:  # rest
            length = rng.uniform(1.0, 5.0)
            segments.append(PointerSegment(t, t + length, x, y, x, y, shape, True))
        elif roll < 0.92:  # stroke
            length = rng.uniform(0.3, 1.2)
            nx, ny = rng.uniform(0.02, 0.96), rng.uniform(0.02, 0.95)
            segments.append(PointerSegment(t, t + length, x, y, nx, ny, shape, True))
            x, y = nx, ny
            shape = rng.choices(("arrow", "ibeam", "hand"), (0.6, 0.25, 0.15))[0]
            if ripples and rng.random() < 0.3:
                timeline.ripples.append((t + length, x, y))
        else:  # hidden (typing, idle), then shown again where it was or elsewhere
            length = rng.uniform(1.5, 6.0)
            segments.append(PointerSegment(t, t + length, x, y, x, y, shape, False))
            if rng.random() < 0.5:
                x, y = rng.uniform(0.05, 0.95), rng.uniform(0.05, 0.95)
        t += length
    timeline.pointer = segments


def _plan_webcam(rng: random.Random) -> dict[str, float | str]:
    w = rng.uniform(0.16, 0.25)
    aspect = rng.choice((0.75, 0.5625))
    margin = rng.uniform(0.01, 0.03)
    return {
        "w": w,
        "aspect": aspect,
        "corner": rng.choice(("tl", "tr", "bl", "br")),
        "margin": margin,
        "shape": rng.choice(("rect", "rect", "circle")),
        "seed": float(rng.randrange(1 << 30)),
        "noise": rng.uniform(2.0, 6.0),
        "flicker": rng.uniform(0.01, 0.05),
        "flicker_hz": rng.uniform(0.3, 2.0),
    }


def _plan_meeting(rng: random.Random) -> dict[str, float | str]:
    """A meeting recorder's participant strip (`devtools.corpus.meeting`) in the webcam's corner."""
    tiles = rng.choice((3, 4))
    return {
        "layout": "strip",
        "tiles": float(tiles),
        "orient": "row" if rng.random() < 0.5 else "column",
        "tile_w": rng.uniform(0.09, 0.13),  # share of the 16:9 width
        "gap": rng.uniform(0.002, 0.005),
        "camera_off": float(rng.randrange(tiles)) if rng.random() < 0.7 else -1.0,
        "turns_seed": float(rng.randrange(1 << 30)),
    }
