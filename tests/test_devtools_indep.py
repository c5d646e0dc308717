"""devtools/indep, the independent screen-recording generator: its truth (no video, no ffmpeg)
is deterministic and sane, and seed 0's is the one `make eval-indep` was first scored on."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from devtools.indep.render import truth
from devtools.indep.timeline import build_recording

# every state rests at least this long (the generator's MIN_REST_S is 3.2 s, minus a frame)
MIN_REST_S = 3.0


def truth_of(seed: int) -> dict[str, Any]:
    """What `python -m devtools.indep OUTDIR --json-only --seeds SEED` writes."""
    return truth(build_recording(seed))


@pytest.mark.parametrize("seed", [0, 9])
def test_the_truth_is_deterministic_and_sane(seed: int) -> None:
    first = truth_of(seed)
    assert truth_of(seed) == first
    states = first["states"]
    assert states[0]["start"] == 0
    assert 8 <= len(states) <= 14
    for state in states:
        assert state["start"] <= state["settle"] <= state["end"], state
        assert state["end"] - state["settle"] >= MIN_REST_S, state
    for before, after in itertools.pairwise(states):
        assert before["end"] < after["start"]
    assert states[-1]["end"] < first["duration_s"]


def test_the_truth_of_seed_0_is_unchanged() -> None:
    got = truth_of(0)
    assert got["name"] == "i00-dark-mixed-720p60-x264"
    assert (got["duration_s"], got["fps"], got["width"], got["height"]) == (41.0, 60, 1280, 720)
    assert got["distractors"] == ["pointer", "webcam", "clip"]
    assert [(s["start"], s["settle"], s["change"], s["transition"]) for s in got["states"]] == [
        (0.0, 0.0, "first", "cut"),
        (4.0, 4.0, "build", "cut"),
        (7.916667, 7.916667, "build", "cut"),
        (11.35, 11.35, "slide", "cut"),
        (20.8, 20.966667, "slide", "wipe"),
        (24.266667, 25.666667, "return", "crossfade"),
        (29.983333, 30.85, "slide", "crossfade"),
        (36.833333, 37.8, "scroll", "scroll"),
    ]
    assert got["states"][-1]["end"] == 40.983333


def test_seeds_from_fresh_from_take_the_tables_row_of_seed_mod_16() -> None:
    """Round 48's fresh draw (seeds 16-31) keeps its pointer-only 720p screens; from
    `FRESH_FROM` on a seed shows what seed % 16 does (webcams, clips, clocks, carets)."""
    from devtools.indep.timeline import FRESH_FROM, distractors, screen_size

    assert distractors(20) == ["pointer"] and screen_size(20) == (1280, 720)
    for seed in range(FRESH_FROM, FRESH_FROM + 16):
        assert distractors(seed) == distractors(seed % 16)
        assert screen_size(seed) == screen_size(seed % 16)
