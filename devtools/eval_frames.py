"""Frame selection on the evaluation corpus: `python -m devtools.eval_frames` (`make eval`).

Renders the corpus (devtools/corpus, cached in `.eval-cache/frames/`) and runs frame selection on
every recording, for the default path and for `--exact`, with the options the CLI uses for

    peepshow FILE --no-transcript --no-sinks [--exact]

and scores the frames against the ground truth (devtools/corpus/score.py). Speed is measured in
this process: the time `extract_frames` takes (the better of two runs, images written; both must
pick the same frames) divided by a full PyAV decode of the same file (the better of two runs,
thread_type AUTO), interpreter start-up and imports excluded. `--cli` runs the peepshow CLI instead
and divides its wall time (start-up included: how the baseline of docs/ACCURACY.md was measured).
Prints a table per recording and totals per half, and writes the frames section of
docs/ACCURACY.md. The tuning half (even seeds) is for tuning; the held-out half (odd seeds) is only
ever measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from devtools.corpus.encode import CACHE, ensure, paths
from devtools.corpus.mixed import MixedScore, score_mixed
from devtools.corpus.score import CameraScore, ScreenScore, score_camera, score_screen
from devtools.corpus.specs import (
    HALVES,
    Spec,
    all_specs,
    caption_specs,
    extra_tuning_specs,
    notice_specs,
)
from devtools.eval_report import machine, render_report, write_accuracy

ROOT = Path(__file__).resolve().parent.parent
ACCURACY = ROOT / "docs" / "ACCURACY.md"
BEGIN, END = "<!-- frames:begin -->", "<!-- frames:end -->"
MODES = {"default": [], "exact": ["--exact"]}
RUNS = 2  # frame selection is timed like the full decode it is divided by: the better of two
TARGETS = {
    "recall": 0.98,
    "precision": 0.95,
    "worst_recall": 0.93,
    "worst_precision": 0.90,
    "median_speed": 0.5,  # x a full decode, screen recordings with pointer + webcam (default)
    "max_speed": 1.0,  # x a full decode, every recording (default)
}


def full_decode_s(video: Path) -> float:
    import av

    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for _frame in container.decode(stream):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def peepshow_command() -> list[str]:
    script = Path(sys.executable).with_name("peepshow")
    return [str(script)] if script.exists() else [sys.executable, "-m", "peepshow_core"]


def run_inprocess(video: Path, mode: str, out: Path) -> dict[str, Any]:
    """Frame selection as the CLI runs it (`--exact`: the reference path), timed in-process."""
    from peepshow_core.contract.errors import PeepshowError
    from peepshow_core.frames.options import FrameOptions
    from peepshow_core.frames.select import extract_frames

    options = FrameOptions(slides_mode="full" if mode == "exact" else "auto")
    start = time.perf_counter()
    try:
        result = extract_frames(video, options, out)
    except PeepshowError as exc:
        return {"error": str(exc), "time_s": time.perf_counter() - start}
    elapsed = time.perf_counter() - start
    return {
        "time_s": elapsed,
        "frames": [(f.time_s, str(f.path)) for f in result.frames],
        "params": result.params,
        "warnings": result.warnings,
    }


def run_peepshow(video: Path, mode: str, out: Path) -> dict[str, Any]:
    """The peepshow CLI, as a user runs it; wall time includes interpreter start-up."""
    extra = MODES[mode]
    command = [*peepshow_command(), str(video), "--no-transcript", "--emit", "json"]
    command += ["--no-sinks", "--out", str(out), *extra]
    env = {**os.environ, "PEEPSHOW_NO_SINKS": "1"}
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {proc.returncode}: {tail}", "time_s": elapsed}
    payload = json.loads(proc.stdout)
    return {
        "time_s": elapsed,
        "frames": [(f["time_s"], f["path"]) for f in payload["frames"]],
        "params": payload.get("strategy_params", {}),
        "warnings": payload.get("warnings", []),
    }


def evaluate(spec: Spec, modes: list[str], cli: bool = False) -> dict[str, Any]:
    video, truth = ensure(spec)
    thumbs_file = paths(spec)[2]
    thumbs = dict(np.load(thumbs_file)) if thumbs_file.exists() else {}
    row: dict[str, Any] = {"name": spec.name, "half": spec.half, "category": spec.category}
    row["truth"] = {k: truth[k] for k in ("duration_s", "fps", "encode") if k in truth}
    row["distractors"] = truth.get("distractors", [])
    row["full_decode_s"] = full_decode_s(video)
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix="peepshow-eval-") as tmp:
            run = _timed(video, mode, Path(tmp), cli)
            result: dict[str, Any] = {"time_s": run["time_s"]}
            result["speed"] = run["time_s"] / row["full_decode_s"]
            if "error" in run:
                result["error"] = run["error"]
            else:
                frames = [(float(t), Path(p)) for t, p in run["frames"]]
                result["times"] = [t for t, _ in frames]
                result["warnings"] = run["warnings"]
                result["path"] = run["params"].get("path")
                result["content"] = run["params"].get("content")
                if spec.category == "screen":
                    s = score_screen(truth, frames, thumbs)
                    result.update(_screen_fields(s))
                elif spec.category == "mixed":
                    result.update(_mixed_fields(score_mixed(truth, frames, thumbs)))
                else:
                    c = score_camera(truth, [t for t, _ in frames])
                    result.update(_camera_fields(c))
        row[mode] = result
    return row


def _timed(video: Path, mode: str, tmp: Path, cli: bool) -> dict[str, Any]:
    """The better of `RUNS` runs, like the baseline; every run must pick the same frames."""
    runs = []
    for i in range(RUNS):
        runs.append((run_peepshow if cli else run_inprocess)(video, mode, tmp / str(i)))
        if "error" in runs[-1]:
            return runs[-1]
    picked = {tuple(round(float(t), 6) for t, _ in run["frames"]) for run in runs}
    if len(picked) > 1:
        raise SystemExit(f"{video.name} ({mode}): runs picked different frames: {picked}")
    return {**runs[0], "time_s": min(run["time_s"] for run in runs)}


def _screen_fields(s: ScreenScore) -> dict[str, Any]:
    return {**asdict(s), "recall": s.recall, "precision": s.precision}


def _camera_fields(c: CameraScore) -> dict[str, Any]:
    return {**asdict(c), "ok": c.ok}


def _mixed_fields(m: MixedScore) -> dict[str, Any]:
    fields = _screen_fields(m.screen)
    fields["cameras"] = [_camera_fields(c) for c in m.cameras]
    fields["cameras_ok"] = sum(c.ok for c in m.cameras)
    return {**fields, "ok": m.ok}


def _pointer_webcam(row: dict[str, Any]) -> bool:
    return "pointer" in row["distractors"] and "webcam" in row["distractors"]


def totals(rows: list[dict[str, Any]], half: str, mode: str) -> dict[str, Any]:
    screen = [r for r in rows if r["half"] == half and r["category"] == "screen" and mode in r]
    screen = [r for r in screen if "error" not in r[mode]]
    camera = [r for r in rows if r["half"] == half and r["category"] == "camera" and mode in r]
    mixed = [r for r in rows if r["half"] == half and r["category"] == "mixed" and mode in r]
    found = sum(r[mode]["found"] for r in screen)
    states = sum(r[mode]["states"] for r in screen)
    frames = sum(r[mode]["frames"] for r in screen)
    speeds = [r[mode]["speed"] for r in screen]
    pw = [r[mode]["speed"] for r in screen if _pointer_webcam(r)]
    return {
        "recordings": len(screen),
        "states": states,
        "frames": frames,
        "recall": found / states if states else 0.0,
        "precision": found / frames if frames else 0.0,
        "worst_recall": min((r[mode]["recall"] for r in screen), default=0.0),
        "worst_precision": min((r[mode]["precision"] for r in screen), default=0.0),
        "mid_transition": sum(r[mode]["mid_transition"] for r in screen),
        "wrong_picture": sum(r[mode]["wrong_picture"] for r in screen),
        "median_speed": statistics.median(pw) if pw else None,
        "max_speed": max(speeds, default=None),
        "camera_ok": sum(1 for r in camera if r[mode].get("ok")),
        "camera": len(camera),
        "mixed_ok": sum(1 for r in mixed if r[mode].get("ok")),
        "mixed": len(mixed),
        "errors": sum(1 for r in rows if r["half"] == half and mode in r and "error" in r[mode]),
    }


def meets(total: dict[str, Any], mode: str) -> list[str]:
    """The targets a half misses (speed targets apply to the default path)."""
    misses = []
    for key in ("recall", "precision", "worst_recall", "worst_precision"):
        if total[key] < TARGETS[key]:
            misses.append(f"{key} {total[key]:.3f} < {TARGETS[key]}")
    if total["mid_transition"]:
        misses.append(f"{total['mid_transition']} frames mid-transition")
    if total["wrong_picture"]:
        misses.append(f"{total['wrong_picture']} wrong pictures")
    if total["camera_ok"] < total["camera"]:
        misses.append(f"camera coverage {total['camera_ok']}/{total['camera']}")
    if total["mixed_ok"] < total["mixed"]:
        misses.append(f"camera and slides {total['mixed_ok']}/{total['mixed']}")
    if total["errors"]:
        misses.append(f"{total['errors']} runs failed")
    if mode == "default":
        for key in ("median_speed", "max_speed"):
            if total[key] is not None and total[key] > TARGETS[key]:
                misses.append(f"{key} {total[key]:.2f}x > {TARGETS[key]}x")
    return misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.eval_frames", description=__doc__)
    parser.add_argument(
        "--only", action="append", default=[], help="recordings whose name starts so"
    )
    parser.add_argument("--half", choices=HALVES, action="append", help="only this half")
    parser.add_argument("--mode", choices=list(MODES), action="append", help="only this mode")
    parser.add_argument("--no-docs", action="store_true", help="don't rewrite docs/ACCURACY.md")
    parser.add_argument(
        "--cli", action="store_true", help="time the CLI (start-up included), not in-process"
    )
    parser.add_argument(
        "--extra-tune",
        action="store_true",
        help="the extra tuning draws, the caption draws and the notification draws instead of"
        " the corpus (never written to docs)",
    )
    args = parser.parse_args(argv)
    modes = args.mode or list(MODES)
    pool: list[Spec] = all_specs()
    if args.extra_tune:
        pool = [*extra_tuning_specs(), *caption_specs(), *notice_specs()]
    specs = [s for s in pool if not args.only or any(s.name.startswith(o) for o in args.only)]
    specs = [s for s in specs if not args.half or s.half in args.half]
    for spec in specs:  # render first, so timings aren't taken while ffmpeg encodes
        ensure(spec)
    rows = []
    for spec in specs:
        print(f"evaluating {spec.name} ...", file=sys.stderr, flush=True)
        rows.append(evaluate(spec, modes, args.cli))
    summary = {(h, m): totals(rows, h, m) for h in HALVES for m in modes}
    report = render_report(rows, summary, modes, machine(), meets, args.cli)
    print(report)
    CACHE.mkdir(exist_ok=True)
    results = {"rows": rows, "totals": {f"{h}/{m}": t for (h, m), t in summary.items()}}
    (CACHE / "eval-results.json").write_text(json.dumps(results, indent=1, default=str))
    full_run = not (args.only or args.half or args.extra_tune) and set(modes) == set(MODES)
    if not args.no_docs and full_run:
        write_accuracy(ACCURACY, report, BEGIN, END)
        print(f"(wrote the frames section of {ACCURACY.relative_to(ROOT)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
