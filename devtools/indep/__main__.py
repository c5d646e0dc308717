"""python -m devtools.indep OUTDIR [--seeds 0-15] [--only NAME] [--check] [--json-only]

Writes NAME.json (the truth) and the video for each seed; `--only` takes a NAME or its `iNN`
prefix; `--check` writes PNGs at each state's settle and mid-transition instead of a video.
"""

import argparse
import os
import sys
import time

from PIL import Image

from devtools.indep.render import encode, rec_name, render_frame, video_path, write_truth
from devtools.indep.timeline import build_recording


def parse_seeds(text):
    """ "0-15" or "1,3,5-7" -> the list of seeds."""
    seeds = []
    for part in text.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            seeds += list(range(int(lo), int(hi) + 1))
        else:
            seeds.append(int(part))
    return seeds


def write_check_pngs(rec, outdir):
    """PNGs of the (pre-encode) frames at each state's settle and mid-transition."""
    name = rec_name(rec)
    for x in rec["states"]:
        for fi in (x["settle_f"], x["s"] + max(0, x["tframes"] // 2)):
            fr = render_frame(rec, fi)
            Image.fromarray(fr).save(os.path.join(outdir, f"{name}_f{fi:05d}.png"))


def main(argv=None):
    """The CLI (see the module docstring)."""
    ap = argparse.ArgumentParser(prog="python -m devtools.indep")
    ap.add_argument("outdir")
    ap.add_argument("--seeds", default="0-15")
    ap.add_argument("--only", default=None, help="one recording: its NAME or iNN")
    ap.add_argument(
        "--check", action="store_true", help="write PNGs at settle times instead of a video"
    )
    ap.add_argument("--json-only", action="store_true", help="write ground truth only")
    a = ap.parse_args(argv)
    os.makedirs(a.outdir, exist_ok=True)
    for seed in parse_seeds(a.seeds):
        t0 = time.time()
        rec = build_recording(seed)
        name = rec_name(rec)
        if a.only and a.only not in (name, f"i{seed:02d}"):
            continue
        write_truth(rec, a.outdir)
        if a.json_only:
            print(name, "json written", file=sys.stderr)
            continue
        if a.check:
            write_check_pngs(rec, a.outdir)
            print(name, "check done", file=sys.stderr)
            continue
        path = video_path(rec, a.outdir)
        rc = encode(rec, path)
        print(
            f"{os.path.basename(path)}: {rec['nframes']} frames, {rec['dur']:.1f}s, "
            f"{len(rec['states'])} states, rc={rc}, {time.time() - t0:.1f}s",
            flush=True,
        )


if __name__ == "__main__":
    main()
