"""Frame selection on the independent corpus: `python -m devtools.eval_indep` (`make eval-indep`).

Renders the 16 recordings of devtools/indep (a generator written without reading
devtools/corpus/) into `.eval-cache/indep/` when they are missing (delete that folder after
changing the generator), runs frame selection on each in this process as the CLI does
(`--exact`: the reference path) and scores the frames against the truth with
devtools/corpus/score.py. For the vfr encode each state's settle is moved to the last frame
written by then (mpdecimate drops near-identical frames, so the settled picture may be shown
from an earlier frame on). Prints a table per recording and the totals; `--out` writes them as
JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from devtools.corpus.score import score_screen
from devtools.eval_frames import run_inprocess
from devtools.indep.__main__ import parse_seeds
from devtools.indep.render import encode, rec_name, video_path, write_truth
from devtools.indep.timeline import build_recording

CACHE = Path(".eval-cache/indep")
SEEDS = "0-15"
# times are compared to the frames' timestamps, which are rounded in the truth to this many places
TIME_TOLERANCE_S = 1e-6


def cached(seed: int) -> tuple[Path, Path] | None:
    """(truth, video) of a seed already rendered into the cache, if both are there."""
    for truth in CACHE.glob(f"i{seed:02d}-*.json"):
        videos = [p for p in CACHE.glob(truth.stem + ".*") if p.suffix != ".json"]
        if videos:
            return truth, videos[0]
    return None


def render_missing(seeds: list[int], only: str) -> list[tuple[Path, Path]]:
    """(truth, video) per seed whose name contains `only`, rendering what is not cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in seeds:
        found = cached(seed)
        if found is None:
            rec = build_recording(seed)
            if only not in rec_name(rec):
                continue
            path = Path(video_path(rec, str(CACHE)))
            print(f"rendering {path.name}", file=sys.stderr, flush=True)
            partial = path.with_name("partial-" + path.name)
            if encode(rec, str(partial)) != 0:
                raise SystemExit(f"ffmpeg failed on {path.name}")
            partial.rename(path)
            found = (Path(write_truth(rec, str(CACHE))), path)
        if only in found[0].stem:
            out.append(found)
    return out


def settle_on_written_frames(truth: dict[str, Any], video: Path) -> None:
    """vfr: each state's settle becomes the last frame written by then (if after its start)."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        pts = sorted(
            float(p.pts * stream.time_base) for p in container.demux(stream) if p.pts is not None
        )
    for state in truth["states"]:
        shown = [t for t in pts if t <= state["settle"] + TIME_TOLERANCE_S]
        if shown and shown[-1] > state["start"]:
            state["settle"] = shown[-1]


def evaluate(truth_path: Path, video: Path, mode: str) -> dict[str, Any]:
    """Frame selection on one recording, scored against its truth."""
    truth = json.loads(truth_path.read_text())
    if truth.get("encode") == "vfr":
        settle_on_written_frames(truth, video)
    with tempfile.TemporaryDirectory() as tmp:
        run = run_inprocess(video, mode, Path(tmp))
        if "error" in run:
            return {"error": run["error"]}
        frames = [(float(t), Path(p)) for t, p in run["frames"]]
        score = score_screen(truth, frames, {})
    return {
        "states": score.states,
        "frames": score.frames,
        "found": score.found,
        "mid": score.mid_transition,
        "missed": score.missed,
        "extra": [round(x, 2) for x in score.extra],
        "times": [round(t, 2) for t, _ in frames],
        "time_s": round(run["time_s"], 2),
        "content": run["params"].get("content"),
    }


def totals(rows: dict[str, dict[str, Any]]) -> dict[str, int]:
    scored = [r for r in rows.values() if "states" in r]
    return {key: sum(r[key] for r in scored) for key in ("states", "frames", "found", "mid")} | {
        "extra": sum(len(r["extra"]) for r in scored),
        "errors": len(rows) - len(scored),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m devtools.eval_indep", description=__doc__)
    ap.add_argument("--exact", action="store_true", help="the reference path (--exact)")
    ap.add_argument("--only", default="", help="recordings whose name contains this")
    ap.add_argument("--seeds", default=SEEDS)
    ap.add_argument("--out", type=Path, help="write the results here as JSON")
    args = ap.parse_args(argv)
    mode = "exact" if args.exact else "default"
    recordings = render_missing(parse_seeds(args.seeds), args.only)
    rows: dict[str, dict[str, Any]] = {}
    print(f"{'recording':48s} {'found':>7s} {'frames':>6s} {'mid':>3s}  missed / extra times")
    for truth_path, video in recordings:
        row = evaluate(truth_path, video, mode)
        rows[truth_path.stem] = row
        if "error" in row:
            print(f"{truth_path.stem:48s} ERROR {row['error']}", flush=True)
            continue
        print(
            f"{truth_path.stem:48s} {row['found']:>3d}/{row['states']:<3d} {row['frames']:>6d}"
            f" {row['mid']:>3d}  missed {row['missed']} extra {row['extra']}"
            f"  ({row['time_s']:.1f}s)",
            flush=True,
        )
    total = totals(rows)
    print(
        f"{'TOTAL':48s} {total['found']:>3d}/{total['states']:<3d} {total['frames']:>6d}"
        f" {total['mid']:>3d}  extra {total['extra']}, errors {total['errors']}"
    )
    if args.out is not None:
        args.out.write_text(
            json.dumps({"mode": mode, "recordings": rows, "total": total}, indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
