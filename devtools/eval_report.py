"""The frames evaluation's report: markdown tables, the machine, and docs/ACCURACY.md's section."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devtools.corpus.compose import VISIBLE_LEVEL, VISIBLE_PIXELS_PER_MP
from devtools.machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent

ACCURACY_HEADER = """# Accuracy

What peepshow gets right and wrong, measured by `make eval` on generated material with ground
truth. Each section is rewritten by its own evaluation; the text between the markers is
generated, so edit the evaluators rather than these tables.

"""
SPEED_INPROCESS = (
    "Speed: frame selection timed in the evaluating process (`extract_frames`, images written; "
    "start-up and imports excluded; the better of two runs, which must pick the same frames) ÷ "
    "a full PyAV decode of the same file in the same process (the better of two runs)."
)
SPEED_CLI = "Speed: the CLI's wall time (start-up included) ÷ a full PyAV decode of the same file."
SPEECH_PLACEHOLDER = "<!-- speech:begin -->\n<!-- speech:end -->\n"


def machine() -> dict[str, str]:
    import av

    model = cpu_model()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        commit = "unknown"
    libavcodec = av.library_versions["libavcodec"]
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return {
        "date": datetime.date.today().isoformat(),
        "commit": commit or "unknown",
        "cpus": f"{os.cpu_count()} × {model}",
        "python": platform.python_version(),
        "pyav": f"{av.__version__} (libavcodec {'.'.join(map(str, libavcodec))})",
        "ffmpeg CLI (encoding the corpus)": (ffmpeg.split("\n", 1)[0].split(" ")[2:3] or ["?"])[0],
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def render_report(
    rows: list[dict[str, Any]],
    summary: dict[tuple[str, str], dict[str, Any]],
    modes: list[str],
    facts: dict[str, str],
    meets: Callable[[dict[str, Any], str], list[str]],
    cli: bool = False,
) -> str:
    out = ["### Totals", ""]
    out.append(
        "| half | path | recordings | states | frames | recall | precision | worst recall "
        "| worst precision | mid-transition | wrong picture | speed, median (pointer+webcam) "
        "| speed, worst | camera coverage | camera and slides | targets |"
    )
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for (half, mode), t in summary.items():
        misses = meets(t, mode)
        out.append(
            f"| {half} | {mode} | {t['recordings']} | {t['states']} | {t['frames']} "
            f"| {_pct(t['recall'])} | {_pct(t['precision'])} | {_pct(t['worst_recall'])} "
            f"| {_pct(t['worst_precision'])} | {t['mid_transition']} | {t['wrong_picture']} "
            f"| {_x(t['median_speed'])} | {_x(t['max_speed'])} | {t['camera_ok']}/{t['camera']} "
            f"| {t['mixed_ok']}/{t['mixed']} "
            f"| {'met' if not misses else 'missed: ' + '; '.join(misses)} |"
        )
    out.append("")
    out.append(SPEED_CLI if cli else SPEED_INPROCESS)
    out.append("")
    for mode in modes:
        out += [f"### Screen recordings, {mode} path", ""]
        out.append(
            "| recording | half | distractors | states | frames | recall | precision "
            "| mid-transition | wrong picture | time s | speed |"
        )
        out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            if row["category"] != "screen" or mode not in row:
                continue
            r = row[mode]
            distractors = ", ".join(row["distractors"]) or "none"
            if "error" in r:
                out.append(
                    f"| {row['name']} | {row['half']} | {distractors} | {r['error']} |||||||"
                )
                continue
            out.append(
                f"| {row['name']} | {row['half']} | {distractors} | {r['states']} | {r['frames']} "
                f"| {r['recall']:.2f} | {r['precision']:.2f} | {r['mid_transition']} "
                f"| {r['wrong_picture']} | {r['time_s']:.1f} | {_x(r['speed'])} |"
            )
        out.append("")
    out += ["### Camera footage", ""]
    out.append(
        "| recording | half | path | frames | longest gap s (limit) | shots with a middle frame "
        "| frames at a shot's end | speed |"
    )
    out.append("|---|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        if row["category"] != "camera":
            continue
        for mode in modes:
            r = row.get(mode, {})
            if "error" in r or not r:
                out.append(
                    f"| {row['name']} | {row['half']} | {mode} | {r.get('error', '-')} |||||"
                )
                continue
            out.append(
                f"| {row['name']} | {row['half']} | {mode} | {r['frames']} "
                f"| {r['max_gap_s']:.1f} ({r['limit_s']:.1f}) | {r['shots_covered']}/{r['shots']} "
                f"| {r['end_frames']} | {_x(r['speed'])} |"
            )
    out += _mixed_table(rows, modes)
    out += ["", "### Machine", ""]
    out += [f"- {key}: {value}" for key, value in facts.items()]
    return "\n".join(out) + "\n"


def _mixed_table(rows: list[dict[str, Any]], modes: list[str]) -> list[str]:
    """Recordings that cut between a camera and slides: the slides' states (frames taken in
    the screen parts) and each camera part's coverage."""
    out = ["", "### Camera and slides", ""]
    out.append(
        "| recording | half | path | content | states | frames in the slides | recall "
        "| precision | mid-transition | camera parts covered | speed |"
    )
    out.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        if row["category"] != "mixed":
            continue
        for mode in modes:
            r = row.get(mode, {})
            if "error" in r or not r:
                out.append(f"| {row['name']} | {row['half']} | {mode} | {r.get('error', '-')} |")
                continue
            out.append(
                f"| {row['name']} | {row['half']} | {mode} | {r['content']} | {r['states']} "
                f"| {r['frames']} | {r['recall']:.2f} | {r['precision']:.2f} "
                f"| {r['mid_transition']} | {r['cameras_ok']}/{len(r['cameras'])} "
                f"| {_x(r['speed'])} |"
            )
    return out


def write_accuracy(path: Path, report: str, begin: str, end: str) -> None:
    """Replace the text between `begin` and `end` in `path` (created when missing)."""
    text = (
        path.read_text()
        if path.exists()
        else ACCURACY_HEADER + FRAMES_INTRO + f"{begin}\n{end}\n\n" + SPEECH_PLACEHOLDER
    )
    if begin not in text or end not in text:
        text = text.rstrip("\n") + "\n\n" + FRAMES_INTRO + f"{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{report}{end}{tail}")


FRAMES_INTRO = f"""## Frames

`make eval-frames` (`python -m devtools.eval_frames`) renders the evaluation corpus
(`devtools/corpus/`: 24 screen recordings, 6 camera clips and 4 recordings that cut between a
camera and slides, each from a seed, cached in
`.eval-cache/frames/`) and runs `peepshow FILE --no-transcript --emit json --no-sinks --out DIR`,
with and without `--exact`, on each. The corpus crosses light and dark themes; text, diagram, code,
terminal and screenshot-like slides; 16:9 and 4:3; 720p and 1080p; 24, 25, 30 and 60 fps; cuts,
cross-fades, fades through black, dissolves, pushes and wipes of 0.2–1.5 s; builds (bullets, some
of two words; boxes; code lines; typed commands; cards), returns to earlier slides and scrolled
pages; a pointer that moves in eased strokes, rests 1–5 s, hides and changes shape (some at 2×,
some with click ripples), a webcam with a swaying, blinking figure, sensor noise and flicker, a
clip playing in a slide for 10–30 s, a clock, a blinking caret; encoded with the ffmpeg CLI as
recorders write files (x264 defaults; keyint 600 without scene cuts; ultrafast with a 2-s GOP
and no B-frames; VFR; VP9 WebM written live; HEVC MP4).

Scoring (`devtools/corpus/score.py`): a state is found when a frame's time lies in its settled
interval and the frame's picture shows it (the settled interval as the rendered frames show
it: from the first frame of the transition that brought it whose slide area no viewer could tell
from its settled picture (fewer than {VISIBLE_PIXELS_PER_MP} pixels a megapixel differ by more
than {VISIBLE_LEVEL} gray levels, the rule that merges hidden builds), to the last frame of the
next transition that still can't be told from it, distractors left out; an eased wipe's last
steps may sweep background both slides share, or change one column by a few levels, so this can
start before the animation's nominal end); recall = states found / states; precision = states
found / frames; frames strictly inside a transition are counted; camera clips need a frame in
every stretch of max(5 s, duration/8) and one from the middle of every shot. A recording that
cuts between a camera and slides (a conference talk's director; a talk opening on the speaker:
`devtools/corpus/mixed.py`, parts of a camera clip and a 16:9 screen recording of one size and
frame rate, played in turn, encoded with x264; a slide is cut away from only once shown a
second) is right when every state of its slides is found once, with no other frame in them and
none mid-transition, and each camera part is covered as a camera clip is (the longest gap
allowed from the whole video's duration). Even seeds are the tuning half, odd seeds the held-out
half: only the tuning half may guide changes.

"""
