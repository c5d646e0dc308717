"""Encoding the corpus as real tools write files (ffmpeg CLI); the cache in `.eval-cache/frames/`.

- `x264` (ffmpeg's and Kap's defaults): libx264 medium, crf 23, keyint 250, scene-cut
  keyframes, B-frames;
- `x264-longgop` (OBS-style recorders, Twitch presets): libx264 veryfast, keyint 600, no scene
  cuts;
- `x264-ultrafast` (ShareX): ultrafast zerolatency, crf 30, 2-s GOP, no B-frames;
- `x264-vfr` (ScreenCaptureKit apps, browsers): frames only on change (mpdecimate), VFR, MOV
  with a 1/600 time base;
- `vp9-webm` (Chrome MediaRecorder): libvpx-vp9 realtime, WebM written live (no duration, no
  cues);
- `hevc-mp4` (phones, macOS): libx265 veryfast, hvc1 in MP4;
- `x264-onchange` (`ONCHANGE_ENCODES`: ScreenCaptureKit apps, QuickTime, scrcpy): a frame only
  when the screen changed at all (exact repeats dropped, so a still slide is one frame and
  seconds of nothing), VFR MOV with a 1/600 time base, the last picture's stay written up to
  when the recorder stopped (`_stopped`).

A recording downloaded from a video platform (`ScreenSpec.restream_gop_s`) is encoded as its
recorder wrote it, then once more as a platform streams it (`RESTREAM_ARGS`), into MP4.

A rendered file is reused while its spec and `GENERATOR_VERSION` are unchanged; its ground truth
is worked out again (the video kept) when only `TRUTH_VERSION` changed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from devtools.corpus.specs import CameraSpec, MixedSpec, ScreenSpec, Spec

GENERATOR_VERSION = 2  # bump when rendering changes, so cached files are rendered again
TRUTH_VERSION = 2  # bump when only the ground truth changes: it is worked out again, videos kept
CACHE = Path(__file__).resolve().parents[2] / ".eval-cache" / "frames"
# a meeting recorder's shared screen: about 0.02 bits a pixel (Zoom-like 720p30 at ~550 kb/s)
LOW_RATE_BITS_PER_PIXEL = 0.02
THUMB_WIDTH = 320  # width of the clean state pictures kept for the picture check


# a platform's encoding of an upload (HLS-style): fixed keyframe interval, no scene cuts
RESTREAM_ARGS = ("-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-sc_threshold", "0")


def extension(spec: Spec) -> str:
    """The file's extension: its recorder's container, or MP4 once a platform encoded it."""
    if isinstance(spec, ScreenSpec) and spec.restream_gop_s:
        return "mp4"
    return {"x264-vfr": "mov", "x264-onchange": "mov", "vp9-webm": "webm"}.get(spec.encode, "mp4")


def encoder_args(encode: str, fps: int, height: int) -> list[str]:
    if encode == "x264":
        return ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
    if encode == "x264-longgop":
        params = "keyint=600:min-keyint=600:scenecut=0"
        return [
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-x264-params",
            params,
            "-pix_fmt",
            "yuv420p",
        ]
    if encode == "x264-ultrafast":
        return [
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-crf", "30",
            "-g", str(2 * fps), "-bf", "0", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
        ]  # fmt: skip
    if encode == "x264-vfr":
        return [
            "-vf", f"mpdecimate=max={fps}", "-fps_mode", "vfr", "-c:v", "libx264",
            "-preset", "veryfast", "-pix_fmt", "yuv420p", "-video_track_timescale", "600",
        ]  # fmt: skip
    if encode == "x264-onchange":
        return [
            "-vf", "mpdecimate=hi=1:lo=1:frac=0", "-fps_mode", "vfr", "-c:v", "libx264",
            "-preset", "veryfast", "-pix_fmt", "yuv420p", "-video_track_timescale", "600",
        ]  # fmt: skip
    if encode == "vp9-webm":
        rate = "1500k" if height <= 720 else "2500k"
        return [
            "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", rate,
            "-pix_fmt", "yuv420p", "-live", "1",
        ]  # fmt: skip
    if encode == "hevc-mp4":
        return [
            "-c:v", "libx265", "-preset", "veryfast", "-tag:v", "hvc1", "-pix_fmt", "yuv420p",
            "-x265-params", "log-level=error",
        ]  # fmt: skip
    if encode == "x264-lowrate":
        rate = round(LOW_RATE_BITS_PER_PIXEL * height * height * 16 / 9 * fps / 1000)
        return [
            "-c:v", "libx264", "-preset", "veryfast", "-b:v", f"{rate}k", "-maxrate", f"{rate}k",
            "-bufsize", f"{2 * rate}k", "-pix_fmt", "yuv420p",
        ]  # fmt: skip
    raise ValueError(f"unknown encode profile {encode!r}")


def spec_hash(spec: Spec) -> str:
    text = json.dumps({"v": GENERATOR_VERSION, **spec.key()}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def paths(spec: Spec) -> tuple[Path, Path, Path]:
    """(video, truth json, clean state pictures npz) in the cache."""
    ext = extension(spec)
    return CACHE / f"{spec.name}.{ext}", CACHE / f"{spec.name}.json", CACHE / f"{spec.name}.npz"


def cached(spec: Spec) -> dict[str, Any] | None:
    video, truth_file, _ = paths(spec)
    if not (video.exists() and truth_file.exists()):
        return None
    truth: dict[str, Any] = json.loads(truth_file.read_text())
    return truth if truth.get("hash") == spec_hash(spec) else None


def ensure(spec: Spec, log: Any = sys.stderr) -> tuple[Path, dict[str, Any]]:
    """The rendered file and its ground truth, rendering it first unless cached (and working
    the truth out again if it is from another `TRUTH_VERSION`)."""
    truth = cached(spec)
    video, truth_file, thumbs_file = paths(spec)
    if truth is not None and truth.get("truth_version") == TRUTH_VERSION:
        return video, truth
    if truth is not None:
        print(f"working out the truth of {spec.name} again ...", file=log, flush=True)
        _, truth, thumbs = build(spec)
    else:
        if shutil.which("ffmpeg") is None:
            raise SystemExit("make eval needs the ffmpeg command (apt-get install ffmpeg)")
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"rendering {spec.name} ...", file=log, flush=True)
        renderer, truth, thumbs = build(spec)
        part = video.with_name(video.stem + ".part." + video.suffix.lstrip("."))
        _encode(spec, renderer, part, float(truth.get("duration_s", spec.duration_s)))
        if isinstance(spec, ScreenSpec) and spec.restream_gop_s:
            part = _restream(spec, part)
        if isinstance(spec, ScreenSpec) and spec.encode == "x264-onchange":
            _stopped(part, float(truth.get("duration_s", spec.duration_s)))
        part.replace(video)
    np.savez_compressed(thumbs_file, **thumbs)
    truth["hash"], truth["truth_version"] = spec_hash(spec), TRUTH_VERSION
    truth_file.write_text(json.dumps(truth, indent=1))
    return video, truth


def build(spec: Spec) -> tuple[Any, dict[str, Any], dict[str, np.ndarray]]:
    """A spec's renderer (`.frame(t, frame_no)` -> RGB), ground truth and clean state pictures
    (the known-answer tests encode small specs with PyAV themselves)."""
    if isinstance(spec, MixedSpec):
        from devtools.corpus.mixed import build_spec

        return build_spec(spec)
    return _screen(spec) if isinstance(spec, ScreenSpec) else _camera(spec)


def _encode(spec: Spec, renderer: Any, out: Path, seconds: float) -> None:
    size = f"{spec.width}x{spec.height}"
    command = [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-framerate", str(spec.fps), "-i", "-",
        *encoder_args(spec.encode, spec.fps, spec.height), str(out),
    ]  # fmt: skip
    proc = subprocess.Popen(command, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    try:
        for frame_no in range(round(seconds * spec.fps)):
            proc.stdin.write(renderer.frame(frame_no / spec.fps, frame_no).tobytes())
        proc.stdin.close()
    except BrokenPipeError:
        pass
    if proc.wait() != 0:
        raise SystemExit(f"ffmpeg failed to encode {spec.name} ({spec.encode})")


def _restream(spec: ScreenSpec, first: Path) -> Path:
    """`first`, as its recorder wrote it, encoded again as a platform streams it: its frames
    and their times kept (a variable frame rate's too), keyframes every `restream_gop_s`."""
    out = first.with_name(spec.name + ".restream.part.mp4")
    gop = str(max(1, round(spec.restream_gop_s * spec.fps)))
    command = [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(first),
        "-fps_mode", "passthrough", *RESTREAM_ARGS, "-g", gop, "-keyint_min", gop,
        "-pix_fmt", "yuv420p", "-an", str(out),
    ]  # fmt: skip
    if subprocess.run(command, check=False).returncode != 0:
        raise SystemExit(f"ffmpeg failed to encode {spec.name} again")
    first.unlink()
    return out


def _stopped(path: Path, end_s: float) -> None:
    """The recorder stopped at `end_s` on a still screen: the last picture's stay runs until
    then (as AVAssetWriter's `endSession(atSourceTime:)` writes it; ffmpeg ends the file one
    frame after the last picture it kept). Remuxed in place, packets untouched."""
    import av

    moved = path.with_name(path.stem + ".stopped.mov")
    with av.open(str(path)) as source:
        stream = source.streams.video[0]
        packets = [p for p in source.demux(stream) if p.size]
        last = packets[-1]  # (in decoding order: the muxer ends the track on its duration)
        stay = round(end_s / stream.time_base) - (last.pts or 0)
        with av.open(str(moved), "w", format="mov") as out:
            copy = out.add_stream_from_template(stream)
            for packet in packets:
                if packet is last and stay > (packet.duration or 0):
                    packet.duration = stay
                packet.stream = copy
                out.mux(packet)
    moved.replace(path)


def _screen(spec: ScreenSpec) -> tuple[Any, dict[str, Any], dict[str, np.ndarray]]:
    from devtools.corpus import bubble, stage, zoom
    from devtools.corpus.compose import (
        Renderer,
        covered_mask,
        drop_hidden_states,
        gray,
        time_by_picture,
    )
    from devtools.corpus.timeline import build_timeline

    timeline = build_timeline(spec)
    renderer = Renderer(timeline)
    hidden = drop_hidden_states(timeline, renderer)
    seen = time_by_picture(timeline, renderer)
    thumbs: dict[str, np.ndarray] = {}
    states = []
    staged = timeline.webcam if (timeline.webcam or {}).get("layout") == "stage" else None
    for i, state in enumerate(timeline.states):
        screen = renderer.view_image(state.view, state.settle, clean=True)
        if staged is not None:  # the picture as the stage shows it, the camera left out
            screen = stage.place(screen, staged, state.settle, 0, camera=False)
        picture = gray(screen)
        thumbs[f"state{i}"] = _thumb(picture.astype(np.uint8))
        states.append(
            {
                "start": state.start,
                "settle": seen[i][0],
                "end": seen[i][1],
                "nominal": [state.settle, state.end],  # the animation's own times
                "change": state.change,
                "transition": state.transition,
                "view": [state.view.slide, state.view.reveal, state.view.scroll],
            }
        )
    mask = covered_mask(timeline)
    covered = (mask if staged is None else stage.covered(staged, mask)).astype(np.uint8) * 255
    thumbs["covered"] = _thumb(covered) > 0
    truth = {
        "category": "screen",
        "name": spec.name,
        "half": spec.half,
        "duration_s": spec.duration_s,
        "fps": spec.fps,
        "encode": spec.encode,
        "distractors": list(spec.distractors),
        "states": states,
        "hidden_changes_merged": hidden,
        "moving": zoom.moving(timeline.zooms) + bubble.moving(timeline.bubble),  # a zooming
        # recorder's zooms in and out; a webcam bubble dragged across the slide
        "pointer_rests": sum(
            1 for s in timeline.pointer if s.visible and s.x0 == s.x1 and s.y0 == s.y1
        ),
    }
    return renderer, truth, thumbs


def _camera(spec: CameraSpec) -> tuple[Any, dict[str, Any], dict[str, np.ndarray]]:
    from devtools.corpus.camera import CameraRenderer

    renderer = CameraRenderer(spec)
    truth = {
        "category": "camera",
        "name": spec.name,
        "half": spec.half,
        "duration_s": spec.duration_s,
        "fps": spec.fps,
        "encode": spec.encode,
        "shots": [{"start": s.start, "end": s.end, "kind": s.kind} for s in renderer.shots],
    }
    return renderer, truth, {}


def _thumb(picture: np.ndarray) -> np.ndarray:
    from PIL import Image

    h, w = picture.shape[:2]
    size = (THUMB_WIDTH, max(1, round(h * THUMB_WIDTH / w)))
    return np.asarray(Image.fromarray(picture).resize(size, Image.BILINEAR), dtype=np.uint8)
