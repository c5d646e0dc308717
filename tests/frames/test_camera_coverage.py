"""Coverage of camera footage, fed pictures directly: shots told apart by cuts, no stretch
longer than the allowed gap without a frame, and no frame at a shot's end, whatever the shot's
length against the piece length (a shot a little longer than a piece ended, before, with a short
last piece whose middle was the shot's last instant)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from peepshow_core.frames.camera import CANDIDATE_STEP, PIECE_SHARE, CameraTuning, Coverage

FPS = 10
SIZE = (36, 64)


STRIPE_PX = 40  # the scenes' soft stripes: a pan of a few pixels changes them moderately


def scene(rng: np.random.Generator, across: bool) -> np.ndarray:
    """Soft stripes (across: varying along x, so a horizontal pan moves them) at a random phase."""
    axis = np.arange(SIZE[1] + 400 if across else SIZE[0])
    wave = 128 + 120 * np.sin(2 * np.pi * axis / STRIPE_PX + rng.uniform(0, 2 * np.pi))
    return np.tile(wave, (SIZE[0], 1)) if across else np.tile(wave[:, None], (1, SIZE[1]))


def footage(shots: list[float], pan_px: int = 0, seed: int = 0) -> list[tuple[float, np.ndarray]]:
    """Samples of shots of the given lengths: each its own picture under a little noise; the
    odd shots pan by `pan_px` pixels per sample."""
    rng = np.random.default_rng(seed)
    samples, start = [], 0.0
    for number, length in enumerate(shots):
        base = scene(rng, across=number % 2 == 1)
        for i in range(round(length * FPS)):
            moved = base[:, i * pan_px :] if number % 2 else base
            noisy = moved[: SIZE[0], : SIZE[1]] + rng.integers(-3, 4, SIZE)
            samples.append((start + i / FPS, np.clip(noisy, 0, 255).astype(np.uint8)))
        start += length
    return samples


def picks(
    shots: list[float], pan_px: int = 0, whole_s: float | None = None
) -> tuple[list[float], float]:
    """(times of the frames Coverage keeps, its piece length); `whole_s`: the duration pieces
    are cut for (the shots' by default)."""
    duration = sum(shots)
    coverage = Coverage(CameraTuning(), whole_s or duration)
    times = []
    for t, img in footage(shots, pan_px):
        times += [p[0] for p in coverage.feed(t, img, None)]
    times += [p[0] for p in coverage.finish(duration)]
    return times, coverage.piece_s


LENGTHS = [0.8, 2.0, 3.9, 4.1, 4.3, 5.0, 6.0, 7.9, 8.3, 12.0, 30.0]


@pytest.mark.parametrize("length", LENGTHS)
def test_a_shot_of_any_length_gets_frames_away_from_its_ends(length: float) -> None:
    shots = [3.0, length, 3.0]
    times, piece_s = picks(shots)
    assert times == sorted(times) and len(set(times)) == len(times)
    limit = CameraTuning().piece_s(sum(shots))
    assert piece_s == pytest.approx(PIECE_SHARE * limit)
    edges = [0.0, *times, sum(shots)]
    assert max(b - a for a, b in itertools.pairwise(edges)) <= limit
    start, end = shots[0], shots[0] + length
    inside = [t for t in times if start <= t < end]
    assert inside, "every shot has a frame"
    # A frame is aimed at a piece's middle (a short shot's middle) or at a quarter of the last two
    # pieces' span from either end; the nearest candidate is off by at most (STEP - 1) / 2 of its
    # offset in its piece: an eighth of a piece at worst. Less one sample's rounding.
    slack = (CANDIDATE_STEP - 1) / 2
    margin = min((1 - slack) * length / 2, piece_s / 4 - slack * piece_s) - 1 / FPS
    assert all(t - start >= margin and end - t >= margin for t in inside), (inside, margin)


@pytest.mark.parametrize("pan_px", [0, 2])
def test_a_cut_is_a_new_shot_and_noise_or_a_pan_is_not(pan_px: int) -> None:
    shots = [3.0, 3.0, 3.0]
    samples = footage(shots, pan_px)
    pan = [np.abs(a[1].astype(int) - b[1]).mean() for a, b in itertools.pairwise(samples[30:60])]
    cut = np.abs(samples[30][1].astype(int) - samples[29][1]).mean()
    if pan_px:  # the pan changes more than a cut needs, but much less than a cut
        assert CameraTuning().cut_level < min(pan) and cut > CameraTuning().cut_ratio * max(pan)
    times, _ = picks(shots, pan_px)
    assert [int(t // 3.0) for t in times] == [0, 1, 2]  # one frame per shot, inside it


def test_a_cut_from_a_fast_pan_to_a_still_shot_is_a_new_shot() -> None:
    """The pan changes each sample half as much as the cut does (so the cut is no `cut_ratio`
    times the pan before it), but the cut is judged against the changes on both sides of it
    (the still shot after it: noise), as PySceneDetect's adaptive detector judges. Pieces as
    long as a long video's: each shot is one piece, its frame at its middle (the code before
    took the pan and the still shot for one shot, and gave them one frame between them)."""
    shots, pan_px = [3.0, 3.0, 3.0], 4
    samples = footage(shots, pan_px)
    steps = itertools.pairwise(samples[31:59])
    pan = np.median([np.abs(a[1].astype(int) - b[1]).mean() for a, b in steps])
    cut = np.abs(samples[60][1].astype(int) - samples[59][1]).mean()
    assert CameraTuning().cut_level < cut < CameraTuning().cut_ratio * pan
    times, _ = picks(shots, pan_px, whole_s=80.0)  # (pieces of 8 s)
    assert [t // 3.0 for t in times] == [0, 1, 2], times
    near = (CANDIDATE_STEP - 1) / 2 * 1.5 + 1 / FPS  # (candidates thin out along a piece)
    assert all(abs(t - (3.0 * (t // 3.0) + 1.5)) <= near for t in times), "at the middles"
