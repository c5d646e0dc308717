"""The benchmark videos: deterministic talks rendered once and cached in `.bench-cache/`."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from devtools.synthvideo import Talk, render_talk, slides_with_builds

CACHE = Path(__file__).resolve().parent.parent / ".bench-cache"


def talk_10min(gop: int = 250, scenecut: bool = True) -> Talk:
    """10-minute 720p30 talk: 20 slides x (title + 2 builds), 10 s each; cursor, webcam, fades."""
    states = slides_with_builds(20, 10.0, builds_per_slide=2)
    return Talk(
        states,
        duration_s=600.0,
        width=1280,
        height=720,
        fps=30,
        cursor=True,
        webcam=True,
        fade_s=0.5,
        gop=gop,
        scenecut=scenecut,
    )


def talk_1h_1080p() -> Talk:
    """1-hour 1080p talk for the memory test: 60 slides x 3 states, 20 s per state, 10 fps."""
    states = slides_with_builds(60, 20.0, builds_per_slide=2)
    return Talk(
        states,
        duration_s=3600.0,
        width=1920,
        height=1080,
        fps=10,
        cursor=True,
        webcam=True,
        fade_s=0.5,
        gop=250,
        preset="ultrafast",
    )


SPEECH_TEXT = (
    "Welcome to this talk about turning videos into frames and transcripts. "
    "First we look at slides, then at scenes, and then at how a transcript is made. "
    "Each slide holds a title and a few points that appear one at a time. "
)


def talk_with_speech() -> Talk:
    """2-minute 720p30 talk with an espeak-ng speech track (transcription and whole-run rows)."""
    from devtools.synthvideo import speak

    wav = speak(SPEECH_TEXT * 6, CACHE / "speech-2min.wav")
    states = slides_with_builds(4, 10.0, builds_per_slide=2)
    return Talk(
        states,
        duration_s=120.0,
        width=1280,
        height=720,
        fps=30,
        cursor=True,
        webcam=True,
        fade_s=0.5,
        audio_wav=wav,
    )


VIDEOS = {
    "talk-10min-720p30": talk_10min,
    "talk-10min-720p30-longgop": lambda: talk_10min(gop=600, scenecut=False),
    "talk-1h-1080p10": talk_1h_1080p,
    "talk-2min-720p30-speech": talk_with_speech,
}
BIG = {"talk-1h-1080p10"}


ADDED_LATER = {"keys_at": ()}  # Talk fields newer than the cache: left out at their default


def _spec(talk: Talk) -> dict[str, object]:
    """What a cached render must match (so an unused new field doesn't force a re-render)."""
    spec = asdict(talk)
    for name, default in ADDED_LATER.items():
        if spec.get(name) == default:
            del spec[name]
    return spec


def ensure(name: str) -> tuple[Path, list[float]]:
    """Render the named video unless cached; return its path and ground-truth change times."""
    talk = VIDEOS[name]()
    path = CACHE / f"{name}.mp4"
    truth_file = CACHE / f"{name}.json"
    spec = json.dumps(_spec(talk), default=str, sort_keys=True)
    if path.exists() and truth_file.exists():
        cached = json.loads(truth_file.read_text())
        if cached.get("spec") == spec:
            return path, [float(t) for t in cached["changes"]]
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part.mp4")
    changes = render_talk(talk, tmp)
    tmp.replace(path)
    truth_file.write_text(json.dumps({"spec": spec, "changes": changes}))
    return path, changes


if __name__ == "__main__":
    import sys

    for video in sys.argv[1:] or list(VIDEOS):
        print(video, ensure(video)[0])
