"""Recordings that cut between a camera and a screen: a conference talk's director cutting from
the speaker to the slides and back, a talk that opens on the speaker, a screen recording that
plays a video full screen.

A mixed recording is parts played one after another, each the opening seconds of a camera or a
screen spec of one size and frame rate; its ground truth is theirs, shifted to where each part
plays: the screen parts' states (cut at their part's end) and the camera parts' shots.
`score_mixed` scores the frames of the screen parts as screen recordings are scored, and each
camera part as camera footage is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from devtools.corpus.score import CameraScore, ScreenScore, score_camera, score_screen
from devtools.corpus.specs import MixedSpec, Spec, spec_named

Part = tuple[Spec, float]  # a spec, and how many of its opening seconds play
SHOWN_S = 1.0  # a director cuts away from a slide once it has been shown this long


@dataclass(frozen=True)
class Played:
    renderer: Any
    start: float
    end: float


class MixedRenderer:
    """Each part's renderer, from its own start, where that part plays."""

    def __init__(self, played: list[Played], fps: int) -> None:
        self.played, self.fps = played, fps

    def frame(self, t: float, frame_no: int) -> np.ndarray:
        part = next((p for p in self.played if t < p.end - 1e-9), self.played[-1])
        local = t - part.start
        return part.renderer.frame(local, round(local * self.fps))  # type: ignore[no-any-return]


def build_mixed(name: str, parts: list[Part]) -> tuple[Any, dict[str, Any], dict[str, np.ndarray]]:
    """The renderer, ground truth and clean state pictures of the parts played in turn. A
    screen part that would end inside a transition, or less than `SHOWN_S` after one, ends
    where it began (a director cuts between changes, once a slide could be read)."""
    from devtools.corpus.encode import build

    first = parts[0][0]
    if any((s.width, s.height, s.fps) != (first.width, first.height, first.fps) for s, _ in parts):
        raise ValueError("the parts of a mixed recording share one size and frame rate")
    played: list[Played] = []
    truth: dict[str, Any] = {"category": "mixed", "name": name, "fps": first.fps}
    truth.update({"parts": [], "states": [], "shots": [], "moving": []})
    thumbs: dict[str, np.ndarray] = {}
    start = 0.0
    for spec, seconds in parts:
        renderer, own, pictures = build(spec)
        states = own.get("states", ())
        cuts = [s["start"] for s in states if s["start"] < seconds < s["settle"] + SHOWN_S]
        seconds = min([seconds, *cuts])
        end = start + seconds
        played.append(Played(renderer, start, end))
        truth["parts"].append({"kind": spec.category, "start": start, "end": end})
        if spec.category == "camera":
            for shot in own["shots"]:
                if shot["start"] < seconds:
                    shifted = {
                        "start": start + shot["start"],
                        "end": start + min(shot["end"], seconds),
                    }
                    truth["shots"].append({**shot, **shifted})
        else:
            for i, state in enumerate(own["states"]):
                if state["settle"] >= seconds:
                    continue
                thumbs[f"state{len(truth['states'])}"] = pictures[f"state{i}"]
                times = {k: start + min(state[k], seconds) for k in ("start", "settle", "end")}
                truth["states"].append({**state, **times})
            truth["moving"] += [[start + a, start + b] for a, b in own.get("moving", ())]
        start = end
    truth["duration_s"] = start
    return MixedRenderer(played, first.fps), truth, thumbs


@dataclass(frozen=True)
class MixedScore:
    screen: ScreenScore  # the screen parts' states, and the frames taken in screen parts
    cameras: list[CameraScore]  # each camera part, as camera footage

    @property
    def ok(self) -> bool:
        screen = self.screen
        clean = not screen.missed and not screen.extra and not screen.mid_transition
        return clean and all(c.ok for c in self.cameras)


def score_mixed(
    truth: dict[str, Any], frames: list[tuple[float, Path | None]], thumbs: dict[str, np.ndarray]
) -> MixedScore:
    screens = [p for p in truth["parts"] if p["kind"] == "screen"]
    in_screen = [f for f in frames if any(p["start"] <= f[0] < p["end"] for p in screens)]
    screen = score_screen(truth, in_screen, thumbs)
    cameras = []
    for part in truth["parts"]:
        if part["kind"] != "camera":
            continue
        a, b = part["start"], part["end"]
        shots = [
            {**s, "start": s["start"] - a, "end": s["end"] - a}
            for s in truth["shots"]
            if a <= s["start"] < b
        ]
        times = [t - a for t, _ in frames if a <= t < b]
        part = {"duration_s": b - a, "shots": shots}
        cameras.append(score_camera(part, times, truth["duration_s"]))
    return MixedScore(screen, cameras)


def build_spec(spec: MixedSpec) -> tuple[Any, dict[str, Any], dict[str, np.ndarray]]:
    renderer, truth, thumbs = build_mixed(spec.name, [(spec_named(n), s) for n, s in spec.parts])
    truth.update({"half": spec.half, "encode": spec.encode, "distractors": []})
    return renderer, truth, thumbs
