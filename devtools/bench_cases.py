"""The benchmark cases, each run alone in a child process by devtools/bench.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Case = Callable[[Path, Path], dict[str, Any]]


def full_decode(video: Path, _tmp: Path) -> dict[str, Any]:
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        n = sum(1 for _ in container.decode(stream))
    return {"decoded": n}


def keyframe_decode(video: Path, _tmp: Path) -> dict[str, Any]:
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        n = sum(1 for _ in container.decode(stream))
    return {"decoded": n}


def pyscenedetect(video: Path, _tmp: Path) -> dict[str, Any]:
    try:
        from scenedetect import ContentDetector, detect
    except ImportError:
        raise SystemExit("scenedetect is not installed") from None
    scenes = detect(str(video), ContentDetector())
    starts = [start.get_seconds() for start, _ in scenes[1:]]
    return {"changes": starts, "frames": len(scenes), "note": "detect-content, defaults"}


def strategy(name: str, **options: Any) -> Case:
    def run(video: Path, tmp: Path) -> dict[str, Any]:
        from peepshow_core.frames.options import FrameOptions
        from peepshow_core.frames.select import extract_frames

        result = extract_frames(video, FrameOptions(strategy=name, **options), tmp)
        times = [f.time_s for f in result.frames]
        decoded = result.params.get("decoded_frames")
        return {"changes": times[1:], "frames": len(times), "decoded": decoded}

    return run


def transcribe_peepshow(video: Path, _tmp: Path) -> dict[str, Any]:
    from peepshow_core.speech.engine import TranscribeOptions
    from peepshow_core.speech.transcribe import transcribe_file

    result = transcribe_file(video, TranscribeOptions())
    if result.transcript is None:
        raise SystemExit(f"no transcript: {result.reason}")
    return {"note": f"{len(result.transcript['text'].split())} words"}


def transcribe_direct(video: Path, _tmp: Path) -> dict[str, Any]:
    """faster-whisper called directly, same model and settings as peepshow's engine."""
    import os

    from faster_whisper import WhisperModel

    from peepshow_core.contract.vocab import Engine
    from peepshow_core.speech.models import resolve

    choice = resolve(Engine.faster_whisper, None)
    model = WhisperModel(
        choice.ref,
        device="cpu",
        compute_type="int8",
        cpu_threads=os.cpu_count() or 1,
        local_files_only=True,
    )
    segments, _info = model.transcribe(str(video), vad_filter=True, word_timestamps=True)
    words = sum(len(s.text.split()) for s in segments)
    return {"note": f"{words} words, model {choice.label}"}


def whole_run(video: Path, tmp: Path) -> dict[str, Any]:
    from peepshow_core.run.extract import run_extraction
    from peepshow_core.run.options import RunOptions

    payload = run_extraction(video, RunOptions(out_dir=tmp))
    return {"frames": len(payload["frames"]), "note": "frames (slides) + transcript in parallel"}


CASES: dict[str, Case] = {
    "full-decode": full_decode,
    "keyframe-decode": keyframe_decode,
    "pyscenedetect": pyscenedetect,
    "slides-fast": strategy("slides", slides_mode="auto"),
    "slides-full": strategy("slides", slides_mode="full"),
    "scenes": strategy("scenes"),
    "keyframes": strategy("keyframes"),
    "interval": strategy("interval", interval_s=10.0),
    "transcribe-peepshow": transcribe_peepshow,
    "transcribe-direct": transcribe_direct,
    "whole-run": whole_run,
}
