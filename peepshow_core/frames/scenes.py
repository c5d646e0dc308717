"""`scenes`: content cuts, scored like PySceneDetect's ContentDetector.

Each frame is reduced to a 160 px wide HSV image; the score is the mean absolute difference of
H, S and V against the previous frame (0..255, PIL's HSV scale). A cut is a score at or above
`threshold` at least `min_scene_s` after the previous cut. The first frame of each scene is kept.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.frames.diff import analysis_size, hsv_content_score
from peepshow_core.frames.output import FrameSink
from peepshow_core.media.video import Video, frames, scaled

SCENES_WIDTH = 160  # the score is a whole-frame mean: a small image is enough and much cheaper


def scenes(
    video: Video,
    sink: FrameSink,
    threshold: float,
    min_scene_s: float,
    on_seconds: OnSeconds | None,
) -> dict[str, Any]:
    size = analysis_size(video.width, video.height, target=SCENES_WIDTH)
    previous: np.ndarray | None = None
    last_cut: float | None = None
    decoded = cuts = 0
    next_report = 1.0
    for frame in frames(video):
        decoded += 1
        t = video.seconds(frame.pts)
        rgb = scaled(frame, size, "rgb24")
        hsv = np.asarray(Image.fromarray(rgb).convert("HSV"))
        cut = previous is None
        if previous is not None and hsv_content_score(previous, hsv) >= threshold:
            cut = last_cut is None or t - last_cut >= min_scene_s
        if cut:
            luma = np.asarray(Image.fromarray(rgb).convert("L"))
            if sink.offer(frame, t, luma):
                cuts += 1
            last_cut = t
        previous = hsv
        if on_seconds is not None and t >= next_report:
            on_seconds(t)
            next_report = t + 1.0
    return {"threshold": threshold, "min_scene_s": min_scene_s, "decoded_frames": decoded}
