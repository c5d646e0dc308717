"""The benchmark's peepshow cases still run against the code they measure (a case that no
longer imports is reported by `make bench` as skipped, which nobody would notice here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.bench_cases import CASES

PEEPSHOW_CASES = sorted(
    name for name in CASES if name not in ("full-decode", "keyframe-decode", "pyscenedetect")
)


@pytest.mark.parametrize("name", PEEPSHOW_CASES)
def test_every_benchmark_case_runs(name: str, speech_video: Path, tmp_path: Path) -> None:
    result = CASES[name](speech_video, tmp_path)
    assert result.get("frames") or result.get("note"), result


def test_the_corpus_halves_and_the_extra_tuning_draws_never_overlap() -> None:
    from devtools.corpus.specs import (
        EXTRA_CAMERA_KINDS,
        EXTRA_SEEDS,
        HELD_OUT,
        PER_HALF,
        TUNE,
        all_specs,
        extra_tuning_specs,
    )

    corpus = [s for s in all_specs() if s.category == "screen"]
    assert (
        sum(s.half == TUNE for s in corpus) == sum(s.half == HELD_OUT for s in corpus) == PER_HALF
    )
    assert all((s.seed % 2 == 0) == (s.half == TUNE) for s in corpus), "even seeds tune"
    extra = extra_tuning_specs()
    assert sum(s.category == "screen" for s in extra) == PER_HALF * len(EXTRA_SEEDS)
    assert sum(s.category == "camera" for s in extra) == len(EXTRA_CAMERA_KINDS) * len(EXTRA_SEEDS)
    assert all(s.half == TUNE and s.seed % 2 == 0 for s in extra)
    assert not {s.name for s in extra} & {s.name for s in all_specs()}
    assert not {s.seed for s in extra} & {s.seed for s in all_specs()}


def test_the_evaluation_times_the_better_of_two_runs_that_must_agree(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from devtools import eval_frames

    runs = iter([(3.0, [1.0, 2.0]), (2.0, [1.0, 2.0]), (1.0, [1.0]), (1.0, [1.0, 2.5])])

    def fake(_video: Path, _mode: str, out: Path) -> dict[str, object]:
        time_s, picked = next(runs)
        return {"time_s": time_s, "frames": [(t, str(out / f"{t}.jpg")) for t in picked]}

    monkeypatch.setattr(eval_frames, "run_inprocess", fake)
    assert eval_frames._timed(Path("x.mp4"), "default", tmp_path, cli=False)["time_s"] == 2.0
    with pytest.raises(SystemExit, match="runs picked different frames"):
        eval_frames._timed(Path("x.mp4"), "default", tmp_path, cli=False)


def test_the_truth_times_each_settled_interval_by_its_picture() -> None:
    """s00 opens with a wipe whose last steps sweep the margin both slides share: its settled
    interval starts when the slide area stops changing, before the wipe's nominal end, and the
    state before it lasts while the wipe's first steps still show it."""
    import numpy as np

    from devtools.corpus.compose import (
        Renderer,
        covered_mask,
        drop_hidden_states,
        time_by_picture,
        transition_picture,
    )
    from devtools.corpus.specs import all_specs
    from devtools.corpus.timeline import build_timeline

    spec = next(s for s in all_specs() if s.name.startswith("s00-"))
    timeline = build_timeline(spec)
    renderer = Renderer(timeline)
    drop_hidden_states(timeline, renderer)
    seen = time_by_picture(timeline, renderer)
    moved = [i for i, s in enumerate(timeline.states) if seen[i][0] < s.settle]
    assert moved, "some transition settles before its nominal end"
    keep = ~covered_mask(timeline)
    for i in moved:
        state, before = timeline.states[i], timeline.states[i - 1]

        def picture(t: float, before=before, state=state) -> np.ndarray:
            return transition_picture(renderer, before, state, t)[keep]

        settle, end_before = seen[i][0], seen[i - 1][1]
        final = renderer.view_image(state.view, settle, True)[keep]
        assert np.array_equal(picture(settle), final)
        assert not np.array_equal(picture(settle - 1 / spec.fps), final)
        assert end_before < settle
        if end_before > state.start:
            old = renderer.view_image(before.view, end_before, True)[keep]
            assert np.array_equal(picture(end_before), old)
            assert not np.array_equal(picture(end_before + 1 / spec.fps), old)
