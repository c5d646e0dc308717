"""Speed benchmark: `python -m devtools.bench [--quick]` (what `make bench` runs).

Every case runs in its own subprocess (so peak RSS is per case) on deterministic videos cached in
`.bench-cache/`, and is compared, as ratios, with baselines run in the same invocation on the same
file: a full decode, a keyframe-only decode and PySceneDetect's detect-content (when importable).
A case that takes under 5 s runs 5 times and reports its median. Slide changes found are scored
against the generator's ground truth. No numbers are asserted.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

from devtools.bench_videos import BIG, CACHE, ensure
from devtools.machine import cpu_model

FRAME_CASES = [
    "full-decode",
    "keyframe-decode",
    "pyscenedetect",
    "slides-fast",
    "slides-full",
    "scenes",
    "keyframes",
    "interval",
]
VIDEO_CASES = {
    "talk-10min-720p30": FRAME_CASES,
    "talk-10min-720p30-longgop": FRAME_CASES,
    "talk-1h-1080p10": ["full-decode", "keyframe-decode", "slides-fast", "keyframes", "interval"],
    "talk-2min-720p30-speech": [
        "slides-fast",
        "transcribe-peepshow",
        "transcribe-direct",
        "whole-run",
    ],
}
CHANGE_FINDERS = {"slides-fast", "slides-full", "scenes", "pyscenedetect"}  # scored vs truth
SLOW_CASES = {("talk-1h-1080p10", "slides-full")}
REPEAT_BELOW_S = 5.0
REPEATS = 5


def run_case(name: str, video: Path) -> dict[str, Any]:
    """Child side: run one case and return its measurements (times in seconds)."""
    import resource
    import tempfile
    import time

    from devtools import bench_cases

    with tempfile.TemporaryDirectory(prefix="peepshow-bench-") as tmp:
        start = time.perf_counter()
        result = bench_cases.CASES[name](video, Path(tmp))
        elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"case": name, "time_s": elapsed, "peak_rss_mb": peak_kb / 1024, **result}


def measure(name: str, video: Path) -> dict[str, Any]:
    """One case; a short one (below `REPEAT_BELOW_S`) runs `REPEATS` times and reports its
    median time, so a moment of machine noise doesn't decide a ratio of two short runs."""
    first = spawn(name, video)
    if "skipped" in first or first["time_s"] >= REPEAT_BELOW_S:
        return first
    runs = [first] + [spawn(name, video) for _ in range(REPEATS - 1)]
    runs = [r for r in runs if "skipped" not in r]
    times = sorted(r["time_s"] for r in runs)
    return {
        **first,
        "time_s": times[len(times) // 2],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "runs": len(runs),
    }


def spawn(name: str, video: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "devtools.bench", "--child", name, str(video)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"case": name, "skipped": f"failed: {tail}"}
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def score(found: list[float], truth: list[float], early: float, late: float) -> dict[str, Any]:
    """Recall / precision of change times; a found time matches a change in [t-early, t+late]."""
    matched_truth: dict[int, int] = {}
    extra = 0
    for t in found:
        hits = [i for i, c in enumerate(truth) if c - early <= t <= c + late]
        if hits:
            matched_truth[hits[0]] = matched_truth.get(hits[0], 0) + 1
        else:
            extra += 1
    duplicates = sum(n - 1 for n in matched_truth.values())
    recall = len(matched_truth) / len(truth) if truth else 1.0
    precision = (len(found) - extra - duplicates) / len(found) if found else 1.0
    return {"recall": recall, "precision": precision, "extra": extra, "duplicates": duplicates}


def machine() -> dict[str, str]:
    import os

    import av

    model = cpu_model()
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "pyav": av.__version__,
        "ffmpeg": ".".join(str(v) for v in av.library_versions.get("libavcodec", ())),
    }


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}x"


def report(video: str, rows: list[dict[str, Any]], truth: list[float]) -> list[str]:
    by = {r["case"]: r for r in rows if "skipped" not in r}
    names = ("full-decode", "keyframe-decode", "pyscenedetect")
    base = {k: by[k]["time_s"] for k in names if k in by}
    lines = [
        f"### {video}",
        "",
        "| case | time s | vs full decode | vs keyframe decode | PySceneDetect / case "
        "| peak RSS MB | frames | recall | precision | extra | dup |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if "skipped" in row:
            lines.append(f"| {row['case']} | skipped: {row['skipped']} |||||||||| ")
            continue
        t = row["time_s"]
        full = base.get("full-decode")
        key = base.get("keyframe-decode")
        psd = base.get("pyscenedetect")
        acc: dict[str, Any] = {}
        if "changes" in row and truth and row["case"] in CHANGE_FINDERS:
            early = 0.6 if row["case"] == "pyscenedetect" else 0.05
            acc = score(row["changes"], truth, early=early, late=1.0)
        lines.append(
            (
                "| {case} | {t:.2f} | {vf} | {vk} | {vp} | {rss:.0f} | {n} "
                "| {rec} | {prec} | {ex} | {dup} |"
            ).format(
                case=row["case"],
                t=t,
                vf=fmt_ratio(t / full if full else None),
                vk=fmt_ratio(t / key if key else None),
                vp=fmt_ratio(psd / t if psd and row["case"] != "pyscenedetect" else None),
                rss=row["peak_rss_mb"],
                n=row.get("frames", "-"),
                rec=f"{acc['recall']:.2f}" if acc else "-",
                prec=f"{acc['precision']:.2f}" if acc else "-",
                ex=acc.get("extra", "-"),
                dup=acc.get("duplicates", "-"),
            )
        )
        if row.get("note"):
            lines.append(f"|   ↳ {row['note']} |||||||||||")
    lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 1-hour 1080p video")
    parser.add_argument(
        "--only", action="append", default=[], help="run only these videos ('batch': the batch run)"
    )
    parser.add_argument("--child", nargs=2, metavar=("CASE", "VIDEO"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_case(args.child[0], Path(args.child[1]))))
        return 0
    out: list[str] = ["## Machine", ""]
    out += [f"- {k}: {v}" for k, v in machine().items()] + [""]
    print("\n".join(out), flush=True)
    results: dict[str, Any] = {"machine": machine(), "videos": {}}
    for video, cases in VIDEO_CASES.items():
        if (args.quick and video in BIG) or (args.only and video not in args.only):
            continue
        print(f"rendering/reading {video} ...", file=sys.stderr, flush=True)
        path, truth = ensure(video)
        rows = []
        for case in cases:
            if (video, case) in SLOW_CASES:
                continue
            print(f"  {case} ...", file=sys.stderr, flush=True)
            rows.append(measure(case, path))
        results["videos"][video] = {"truth": truth, "rows": rows}
        block = report(video, rows, truth)
        out += block
        print("\n".join(block), flush=True)
    if not args.only or "batch" in args.only:
        from devtools import bench_batch

        print("rendering/reading the batch talks ...", file=sys.stderr, flush=True)
        results["batch"] = bench_batch.measure()
        block = bench_batch.report(results["batch"])
        out += block
        print("\n".join(block), flush=True)
    CACHE.mkdir(exist_ok=True)
    (CACHE / "results.json").write_text(json.dumps(results, indent=1))
    (CACHE / "results.md").write_text("\n".join(out) + "\n")
    print(f"(saved to {CACHE / 'results.md'})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
