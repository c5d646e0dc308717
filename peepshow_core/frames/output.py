"""Candidate frames: written to disk as they are found, deduplicated, capped, then named for good.

Only a ~2 KB thumbnail per candidate stays in memory; the full picture is on disk from the moment
it is chosen, so a long video never holds its frames in memory. Images are converted and encoded
on one background thread (swscale and the encoders release the GIL), overlapping with decoding;
at most `MAX_PENDING_WRITES` decoded frames wait for it.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image

from peepshow_core.contract.errors import OutputError
from peepshow_core.contract.shapes import FrameShape
from peepshow_core.contract.vocab import ImageFormat
from peepshow_core.frames.diff import (
    BlockRule,
    block_diff,
    is_blank,
    is_change,
    thumb_distance,
    thumbnail,
)
from peepshow_core.media.video import Display

MAX_PENDING_WRITES = 4


@dataclass
class FrameRecord:
    """One selected frame, already written to disk."""

    index: int
    time_s: float
    path: Path
    width: int
    height: int
    score: float

    def to_dict(self) -> FrameShape:
        return {
            "index": self.index,
            "time_s": round(self.time_s, 3),
            "path": str(self.path),
            "width": self.width,
            "height": self.height,
            "score": round(float(self.score), 4),
        }


@dataclass
class Candidate:
    time_s: float
    path: Path
    width: int
    height: int
    score: float
    thumb: np.ndarray
    blank: bool = False  # nothing to see (`diff.is_blank`)


def frame_name(index: int, time_s: float, ext: str) -> str:
    """`frame-0001-00m12.40s.jpg`: 1-based position and the time in the video."""
    minutes, seconds = divmod(max(0.0, time_s), 60.0)
    if round(seconds, 2) >= 60.0:
        minutes, seconds = minutes + 1, 0.0
    return f"frame-{index + 1:04d}-{int(minutes):02d}m{seconds:05.2f}s.{ext}"


class FrameSink:
    """Collects candidates: drops near-duplicates of the last kept one, writes the rest to disk.
    Blank pictures (black, a flat colour: a recording's opening, a fade's end) are dropped at
    `finish`, unless nothing else was found: every video with a picture gets a frame."""

    def __init__(
        self,
        out_dir: Path,
        image_format: ImageFormat,
        max_width: int,
        quality: int,
        rule: BlockRule,
        display: Display = Display(),
    ) -> None:
        """`display`: how a player shows the video (turned upright, pixels not square): images
        are written so."""
        self.out_dir = out_dir.resolve()
        with self._writing():
            self.out_dir.mkdir(parents=True, exist_ok=True)
        self.image_format = image_format
        self.ext = image_format.extension
        self.max_width = max_width
        self.quality = quality
        self.rule = rule
        self.display = display
        self.candidates: list[Candidate] = []
        self.withdrawn: list[Candidate] = []
        self.duplicates = 0
        self.blanks = 0  # blank candidates dropped at `finish`
        self._last: np.ndarray | None = None
        self._serial = 0
        self._writer: ThreadPoolExecutor | None = None
        self._pending: deque[Future[None]] = deque()

    def offer(
        self,
        frame: av.VideoFrame,
        time_s: float,
        analysis: np.ndarray,
        score: float | None = None,
        dedup: bool = True,
    ) -> bool:
        """Keep `frame` unless it looks like the last kept one; returns whether it was kept."""
        if dedup and self._last is not None and self._last.shape == analysis.shape:
            blocks = block_diff(self._last, analysis)
            if not is_change(blocks, self.rule):
                self.duplicates += 1
                return False
        thumb = thumbnail(analysis)
        if score is None:
            previous = self.candidates[-1].thumb if self.candidates else None
            score = 1.0 if previous is None else thumb_distance(previous, thumb, self.rule)
        path, width, height = self._write(frame)
        blank = is_blank(analysis)
        self.candidates.append(Candidate(time_s, path, width, height, score, thumb, blank))
        self._last = analysis
        return True

    def _write(self, frame: av.VideoFrame) -> tuple[Path, int, int]:
        """Queue `frame` for writing; returns where it will be and its size."""
        width, height = self.display.size(frame.width, frame.height)
        if width > self.max_width:
            height = max(2, round(height * self.max_width / width))
            width = self.max_width
        self._serial += 1
        path = self.out_dir / f".candidate-{self._serial:06d}.{self.ext}"
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="peepshow-frames")
        while len(self._pending) >= MAX_PENDING_WRITES:
            self._pending.popleft().result()  # back-pressure; re-raises a failed write
        self._pending.append(self._writer.submit(self._encode, frame, path, width, height))
        return path, width, height

    def _encode(self, frame: av.VideoFrame, path: Path, width: int, height: int) -> None:
        """Write `frame` as a player shows it, `width` x `height`."""
        stored_w, stored_h = self.display.stored(width, height)  # (scaled, then turned)
        # single-threaded swscale: PyAV's default threaded reformat is ~4x slower on 2 cores
        rgb = frame.to_ndarray(format="rgb24", width=stored_w, height=stored_h, threads=1)
        rgb = self.display.show(rgb)
        options: dict[str, object] = {}
        if self.image_format in (ImageFormat.jpeg, ImageFormat.webp):
            options["quality"] = self.quality
        with self._writing():
            Image.fromarray(rgb).save(path, self.image_format.pil_format, **options)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """An OSError while writing becomes an OutputError: never mistaken for a broken video
        (strategies treat OSError from PyAV as one) and reported as one line."""
        try:
            yield
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            raise OutputError(f"cannot write frame images to {self.out_dir}: {reason}") from None

    def _drain(self) -> None:
        """Wait for every queued write; the first failure is raised after all have ended."""
        failure: BaseException | None = None
        while self._pending:
            error = self._pending.popleft().exception()
            failure = failure or error
        if self._writer is not None:
            self._writer.shutdown()
            self._writer = None
        if failure is not None:
            raise failure

    def withdraw(self, times: list[float]) -> None:
        """Drop the candidates taken at `times` (judged otherwise later); their files go at
        `finish` (or `discard`), once written."""
        gone = {round(t, 3) for t in times}
        self.withdrawn += [c for c in self.candidates if c.time_s in gone]
        self.candidates = [c for c in self.candidates if c.time_s not in gone]

    def finish(self, max_frames: int | None, offset_s: float = 0.0) -> list[FrameRecord]:
        """Apply `max_frames` (most distinct, in time order), rename files, delete the rest.
        Names and records are timed `offset_s` later (the video's start on the player's
        timeline, `Video.offset_s`)."""
        self._drain()
        self._unlink_withdrawn()
        self.candidates.sort(key=lambda c: c.time_s)  # (a camera's frames come once judged)
        self._drop_blanks()
        chosen = most_distinct(self.candidates, max_frames, self.rule)
        keep = {id(c) for c in chosen}
        for candidate in self.candidates:
            if id(candidate) not in keep:
                candidate.path.unlink(missing_ok=True)
        records = []
        for index, candidate in enumerate(chosen):
            time_s = candidate.time_s + offset_s
            final = self.out_dir / frame_name(index, time_s, self.ext)
            with self._writing():
                candidate.path.replace(final)
            records.append(
                FrameRecord(
                    index=index,
                    time_s=round(time_s, 3),
                    path=final,
                    width=candidate.width,
                    height=candidate.height,
                    score=candidate.score,
                )
            )
        self.candidates = []
        return records

    def _drop_blanks(self) -> None:
        """Blank candidates go where any other was found."""
        shown = [c for c in self.candidates if not c.blank]
        if not shown or len(shown) == len(self.candidates):
            return
        self.withdrawn += [c for c in self.candidates if c.blank]
        self.blanks = len(self.candidates) - len(shown)
        self.candidates = shown
        self._unlink_withdrawn()

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self._drain()
        for candidate in self.candidates:
            candidate.path.unlink(missing_ok=True)
        self.candidates = []
        self._unlink_withdrawn()

    def _unlink_withdrawn(self) -> None:
        for candidate in self.withdrawn:
            candidate.path.unlink(missing_ok=True)
        self.withdrawn = []


def most_distinct(
    candidates: list[Candidate], max_frames: int | None, rule: BlockRule
) -> list[Candidate]:
    """Drop the least distinct candidate (vs. its predecessor) until `max_frames` remain.

    The first frame is always kept. Scores of survivors whose predecessor was dropped are
    recomputed, so every score says how different a frame is from the frame before it.
    """
    kept = list(candidates)
    if max_frames is None or len(kept) <= max_frames:
        return kept
    if max_frames <= 0:
        return []
    while len(kept) > max_frames:
        if len(kept) == 1:
            break
        weakest = min(range(1, len(kept)), key=lambda i: (kept[i].score, kept[i].time_s))
        del kept[weakest]
        if weakest < len(kept):
            follower = kept[weakest]
            follower.score = thumb_distance(kept[weakest - 1].thumb, follower.thumb, rule)
    return kept
