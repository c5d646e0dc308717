"""`slides`, reference path (`--exact`): decode every frame; the tracker picks each state.

With a `ContentWatch` (the `auto` strategy), the first `learn_s` seconds also decide whether the
video is camera content; if it is, the rest of it is covered shot by shot instead.
"""

from __future__ import annotations

from typing import Any

from peepshow_core.contract.vocab import OnSeconds
from peepshow_core.frames.camera import ContentWatch, Pick
from peepshow_core.frames.diff import analysis_size
from peepshow_core.frames.output import FrameSink
from peepshow_core.frames.slides.tracker import Keep, Log, Tracker, no_log
from peepshow_core.frames.slides.tuning import SlidesTuning
from peepshow_core.media.ahead import ahead
from peepshow_core.media.video import Video, frames, gray


def slides_full(
    video: Video,
    sink: FrameSink,
    tuning: SlidesTuning,
    on_seconds: OnSeconds | None,
    watch: ContentWatch | None = None,
    log: Log = no_log,
) -> dict[str, Any]:
    size = analysis_size(video.width, video.height)
    tracker = Tracker((size[1] // 8, size[0] // 8), tuning, log)
    decoded, next_report, end = 0, 1.0, 0.0
    camera = False
    held: list[Keep] = []  # states found while it is not known yet whether this is screen content
    with ahead(frames(video)) as walk:  # (decoded in a worker, while this thread analyses)
        for frame in walk:
            decoded += 1
            t = video.seconds(frame.pts)
            end = max(end, t)
            if not tracker.wants(t):
                continue
            img = gray(frame, size)
            if watch is not None and watch.decided is None:
                watch.feed(t, img, frame)
                held += tracker.feed(t, img, frame)
                if t >= tuning.learn_s:
                    camera = decide(watch, sink, tracker, held, t, log)
                continue
            if camera:
                assert watch is not None
                tracker.prev_t = t
                offer_picks(sink, watch.coverage.feed(t, img, frame))
            else:
                offer(sink, tracker.feed(t, img, frame))
            if on_seconds is not None and t >= next_report:
                on_seconds(t)
                next_report = t + 1.0
    if watch is not None and watch.decided is None:  # shorter than the learning window
        camera = decide(watch, sink, tracker, held, end, log)
    if camera:
        assert watch is not None
        offer_picks(sink, watch.coverage.finish(end))
    else:
        offer_end(sink, tracker)
    params: dict[str, Any] = {"path": "full", "decoded_frames": decoded}
    params["analysed_frames"] = tracker.samples
    params["masked_blocks"] = int(tracker.mask.sum())
    return params


def decide(
    watch: ContentWatch, sink: FrameSink, tracker: Tracker, held: list[Keep], t: float, log: Log
) -> bool:
    """Screen or camera, once the first seconds are seen; writes what they found for it (the
    tracker's states judged again with the regions it learned meanwhile)."""
    camera = watch.decide()
    log(t, "content", f"{watch.params()['content']} (moving share {watch.share:.3f})")
    if camera:
        offer_picks(sink, watch.picks)
    else:
        offer(sink, tracker.relearned(held))
    return camera


def offer(sink: FrameSink, keeps: list[Keep]) -> None:
    for keep in keeps:
        sink.offer(keep.frame, round(keep.time_s, 3), keep.image, score=keep.score, dedup=False)


def offer_end(sink: FrameSink, tracker: Tracker) -> None:
    """The states resolved at the end; the frames of those that were the pointer withdrawn."""
    offer(sink, tracker.finish())
    sink.withdraw(tracker.withdrawn())


def offer_picks(sink: FrameSink, picks: list[Pick]) -> None:
    for t, frame, img in picks:
        sink.offer(frame, round(t, 3), img, dedup=False)
