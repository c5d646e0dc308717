"""Frames of a screen recording: pages, transitions between them, then the distractors on top.

Also finishes the ground truth: a state whose change is hidden (a build under the webcam or
the clip) is merged into the state before it, since no frame could show it; and each settled
interval is timed by the picture (`time_by_picture`): it starts at the first frame whose slide
area a viewer can't tell from the settled picture (`visible`) and ends at the last frame that
still shows it so, since an eased wipe's last steps may sweep background both slides share (or
change one column by a few levels) and a push's first step may move nothing.
"""

from __future__ import annotations

import numpy as np

from devtools.corpus import bubble, captions, meeting, notices, overlays, stage, zoom
from devtools.corpus.pages import render_page
from devtools.corpus.timeline import State, Timeline, View

CARET_PERIOD_S = 1.06  # a text caret blinks: on for half of this, off for the other half
VISIBLE_LEVEL = 40  # a pixel differs visibly when its gray level changes by more than this
VISIBLE_PIXELS_PER_MP = 80  # ... and a difference needs this many such pixels per megapixel
DISSOLVE_CELL = 4  # pixels per dissolve cell


class Renderer:
    def __init__(self, timeline: Timeline) -> None:
        self.tl = timeline
        spec = timeline.spec
        self.width, self.height = spec.width, spec.height
        self.dark = spec.theme == "dark"
        self._pages: dict[
            tuple[int, int, int], tuple[np.ndarray, tuple[int, int, int, int] | None]
        ] = {}
        cells = np.random.default_rng(spec.seed).random(
            (self.height // DISSOLVE_CELL + 1, self.width // DISSOLVE_CELL + 1)
        )
        self._dissolve = np.kron(cells, np.ones((DISSOLVE_CELL, DISSOLVE_CELL)))[
            : self.height, : self.width
        ]

    def _page(self, view: View) -> tuple[np.ndarray, tuple[int, int, int, int] | None]:
        key = (view.slide, view.reveal, view.typed)
        if key not in self._pages:
            if len(self._pages) >= 12:
                self._pages.pop(next(iter(self._pages)))
            slide = self.tl.slides[view.slide]
            spec = self.tl.spec
            self._pages[key] = render_page(
                slide, view.reveal, view.typed, spec.theme, self.width, self.height, spec.text_scale
            )
        return self._pages[key]

    def view_image(self, view: View, t: float, clean: bool = False) -> np.ndarray:
        """The slide area showing `view` at time `t` (a fresh array). `clean`: no caret."""
        page, caret = self._page(view)
        offset = round(view.scroll * (page.shape[0] - self.height))
        image = page[offset : offset + self.height].copy()
        clip = self.tl.clip
        if clip is not None and int(clip["slide"]) == view.slide:
            x, y, w, h = overlays.clip_box(clip, self.width, self.height)
            image[y : y + h, x : x + w] = overlays.clip_picture(clip, t, w, h)
        if caret is not None and not clean and (t % CARET_PERIOD_S) < CARET_PERIOD_S / 2:
            cx, cy, cw, ch = caret
            cy -= offset
            if 0 <= cy < self.height - ch:
                image[cy : cy + ch, cx : cx + cw] = image[cy : cy + ch, cx : cx + cw] ^ 0xC0
        return image

    def frame(self, t: float, frame_no: int) -> np.ndarray:
        index = self.tl.state_at(t)
        state = self.tl.states[index]
        if t < state.settle and index > 0:
            previous = self.tl.states[index - 1].view
            p = (t - state.start) / max(1e-6, state.settle - state.start)
            image = self._between(previous, state, p, t)
        else:
            image = self.view_image(state.view, t)
        tl = self.tl
        if tl.clock is not None:
            overlays.draw_clock(image, tl.clock, t)
        if tl.notices is not None:  # (on the screen, under the pointer)
            notices.draw(image, tl.notices, t)
        if tl.zooms:  # the screen zooms, pointer and all; the camera is drawn over it
            self._pointer(image, t)
            image = zoom.apply(image, tl.zooms, t)
        layout = tl.webcam.get("layout") if tl.webcam is not None else None
        if layout == "strip":
            meeting.draw(image, tl.webcam, t, frame_no)
        elif tl.webcam is not None and layout != "stage":
            box = bubble.box_at(tl.webcam, tl.bubble, t, self.width, self.height)
            if box is not None:  # (None: the camera turned off)
                overlays.draw_webcam(image, tl.webcam, t, frame_no, box)
        if not tl.zooms:
            self._pointer(image, t)
        if layout == "stage":  # the screen, pointer and all, shrunk beside the camera
            image = stage.place(image, tl.webcam, t, frame_no, camera=True)
        if tl.captions is not None:  # (burned in last, over everything)
            captions.draw(image, tl.captions, t)
        return image

    def _pointer(self, image: np.ndarray, t: float) -> None:
        tl = self.tl
        if tl.ripples:
            overlays.draw_ripples(image, tl.ripples, t, tl.pointer_scale)
        if tl.pointer and tl.highlight is not None:
            overlays.draw_highlight(image, tl.pointer, t, tl.pointer_scale, tl.highlight)
        if tl.pointer:
            overlays.draw_pointer(image, tl.pointer, t, tl.pointer_scale, self.dark)

    def _between(
        self, old: View, state: State, p: float, t: float, clean: bool = False
    ) -> np.ndarray:
        kind, new = state.transition, state.view
        if kind == "typing":
            command = self.tl.slides[new.slide].commands[new.reveal]
            typed = min(len(command), int(p * (len(command) + 1)))
            return self.view_image(View(new.slide, new.reveal, typed, new.scroll), t, clean)
        if kind == "scroll":
            scroll = old.scroll + (new.scroll - old.scroll) * overlays.ease(p)
            return self.view_image(View(new.slide, new.reveal, -1, scroll), t, clean)
        a = self.view_image(old, t, clean)
        b = self.view_image(new, t, clean)
        if kind in ("crossfade", "fade-in"):
            return _blend(a, b, p)
        if kind == "fade":  # through black
            return (
                _blend(a, np.zeros_like(a), 2 * p)
                if p < 0.5
                else _blend(np.zeros_like(b), b, 2 * p - 1)
            )
        if kind == "dissolve":
            return np.where((self._dissolve < p)[..., None], b, a)
        if kind == "push":
            shift = int(overlays.ease(p) * self.width)
            out = np.empty_like(a)
            out[:, : self.width - shift] = a[:, shift:]
            out[:, self.width - shift :] = b[:, :shift]
            return out
        if kind == "wipe":
            edge = int(overlays.ease(p) * self.width)
            a[:, :edge] = b[:, :edge]
            return a
        return b  # cut, appear


def _blend(a: np.ndarray, b: np.ndarray, p: float) -> np.ndarray:
    w = round(min(1.0, max(0.0, p)) * 256)
    return ((a.astype(np.uint16) * (256 - w) + b.astype(np.uint16) * w) >> 8).astype(np.uint8)


def covered_mask(timeline: Timeline, view: View | None = None) -> np.ndarray:
    """Pixels of the screen distractors may cover (webcam or meeting strip, clock, captions,
    notifications; the clip on its slide; a stage's camera is beside the screen, not on it:
    `stage.covered`)."""
    spec = timeline.spec
    mask = np.zeros((spec.height, spec.width), bool)
    boxes = []
    layout = timeline.webcam.get("layout") if timeline.webcam is not None else None
    if layout == "strip":
        boxes.append(meeting.box(timeline.webcam, spec.width, spec.height))
    elif timeline.webcam is not None and layout != "stage":
        for corner in bubble.corners(timeline.webcam, timeline.bubble):  # (one but for a bubble
            webcam = {**timeline.webcam, "corner": corner}  # the presenter moves)
            boxes.append(overlays.webcam_box(webcam, spec.width, spec.height))
    if timeline.clock is not None:
        boxes.append(overlays.clock_box(timeline.clock, spec.width, spec.height))
    if timeline.captions is not None:
        boxes += captions.boxes(timeline.captions, spec.width, spec.height)
    if timeline.notices is not None:
        boxes += notices.boxes(timeline.notices, spec.width, spec.height)
    clip = timeline.clip
    if clip is not None and (view is None or int(clip["slide"]) == view.slide):
        boxes.append(overlays.clip_box(clip, spec.width, spec.height))
    for x, y, w, h in boxes:
        mask[y : y + h, x : x + w] = True
    return mask


def gray(rgb: np.ndarray) -> np.ndarray:
    return (rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114).astype(np.int16)


def visible(a: np.ndarray, b: np.ndarray, where: np.ndarray) -> bool:
    """Whether a viewer could tell RGB pictures `a` and `b` apart `where`: at least
    `VISIBLE_PIXELS_PER_MP` pixels per megapixel of the picture differ in gray level by more
    than `VISIBLE_LEVEL`."""
    minimum = VISIBLE_PIXELS_PER_MP * a.shape[0] * a.shape[1] / 1e6
    differ = (np.abs(gray(a) - gray(b)) > VISIBLE_LEVEL) & where
    return int(differ.sum()) >= minimum


def drop_hidden_states(timeline: Timeline, renderer: Renderer) -> int:
    """Merge states whose change no viewer could see into the state before them."""
    states = timeline.states
    kept = [states[0]]
    dropped = 0
    for state in states[1:]:
        before = kept[-1]
        a = renderer.view_image(before.view, before.settle, clean=True)
        b = renderer.view_image(state.view, state.settle, clean=True)
        covered = covered_mask(timeline, before.view) | covered_mask(timeline, state.view)
        if not visible(a, b, ~covered):
            before.end = state.end
            dropped += 1
            continue
        kept.append(state)
    timeline.states = kept
    return dropped


def time_by_picture(timeline: Timeline, renderer: Renderer) -> list[tuple[float, float]]:
    """Each state's settled interval (settle, end) as the frames show it: from the first frame
    of its transition from which the slide area (distractors and the caret left out) can't be
    told from its settled picture (`visible`), to the last frame of the next transition that
    still can't. Rendering keeps the nominal times of the timeline; only the truth uses
    these."""
    states, fps = timeline.states, timeline.spec.fps
    seen = [(s.settle, s.end) for s in states]
    for index in range(1, len(states)):
        before, state = states[index - 1], states[index]
        first, last = round(state.start * fps) + 1, round(state.settle * fps) - 1
        if last < first:
            continue
        keep = ~(covered_mask(timeline, before.view) | covered_mask(timeline, state.view))
        settle = last + 1
        while settle - 1 >= first and _shows(renderer, before, state, settle - 1, keep, state):
            settle -= 1
        end = first - 1
        while end + 1 < settle and _shows(renderer, before, state, end + 1, keep, before):
            end += 1
        seen[index] = (settle / fps, seen[index][1])
        seen[index - 1] = (seen[index - 1][0], max(seen[index - 1][1], end / fps))
    return seen


def transition_picture(
    renderer: Renderer, before: State, state: State, t: float, clean: bool = True
) -> np.ndarray:
    """The slide area at `t` during the transition from `before` to `state`."""
    p = (t - state.start) / max(1e-6, state.settle - state.start)
    return renderer._between(before.view, state, p, t, clean)


def _shows(
    renderer: Renderer, before: State, state: State, frame_no: int, keep: np.ndarray, of: State
) -> bool:
    """Does frame `frame_no` of the transition into `state` show `of`'s picture where `keep`
    (no viewer could tell them apart there)?"""
    t = frame_no / renderer.tl.spec.fps
    moving = transition_picture(renderer, before, state, t)
    return not visible(moving, renderer.view_image(of.view, t, True), keep)
