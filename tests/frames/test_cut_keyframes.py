"""Slide cuts an encoder put on keyframes (x264's scene cuts) cost no burst of large packets:
the change's bytes are the keyframe's. Such a state must not make the fast path distrust packet
sizes (after which it decodes every quiet GOP to its end, and the last one too)."""

from __future__ import annotations

from pathlib import Path

import av

from devtools.synthvideo import SlideState, Talk, render_talk
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frames.select import extract_frames
from tests.support.frames import FAST_LATE_S, match_changes

CUTS = (8.0, 13.0, 17.0, 21.0)  # each keyed by the encoder, in GOPs shorter than its 6-s ones
GOP_FRAMES, FPS, DURATION_S = 60, 10, 28.0


def _keyframe_times(path: Path) -> list[float]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [
            float(p.pts * p.time_base)
            for p in container.demux(stream)
            if p.is_keyframe and p.pts is not None
        ]


def test_states_cut_on_keyframes_keep_packet_sizes_trusted(tmp_path: Path) -> None:
    states = [
        SlideState(t, f"Part {n + 1}: {topic}", [f"{topic} point {k + 1}" for k in range(3)])
        for n, (t, topic) in enumerate(
            zip((0.0, *CUTS), ("Setup", "Cache", "Retry", "Rollout", "Audit"), strict=True)
        )
    ]
    path = tmp_path / "keyed.mp4"
    talk = Talk(states, DURATION_S, fps=FPS, gop=GOP_FRAMES, keys_at=CUTS)
    changes = tuple(render_talk(talk, path))
    keys = _keyframe_times(path)
    assert all(any(abs(k - c) < 1 / FPS for k in keys) for c in changes), keys  # (the premise)

    events: list[tuple[float, str, str]] = []
    result = extract_frames(
        path,
        FrameOptions(slides_mode="fast", decisions=lambda t, e, d: events.append((t, e, d))),
        tmp_path / "f",
    )
    assert not [e for e in events if e[1] == "distrust"]
    assert result.params["bursts_trusted"] is True
    match_changes([f.time_s for f in result.frames][1:], changes, late_s=FAST_LATE_S)
    assert len(result.frames) == len(changes) + 1
