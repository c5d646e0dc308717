"""The state file (`<out>/peepshow-batch.json`) shows a batch's progress while it runs: the
journal is folded into it at most every FOLD_EVERY_S (and never for more than FOLD_SHARE of the
time, so a long batch does not go back to rewriting the whole file for each video). Before,
the videos a batch finished showed in it only when the batch ended: someone reading it
mid-batch saw nothing, or the state of the batch before."""

from __future__ import annotations

import json
from pathlib import Path

from peepshow_core.batch.state import FOLD_EVERY_S, FOLD_SHARE, JOURNAL_NAME, STATE_NAME, BatchState

VIDEOS = 50


class Clock:
    """A clock the test moves by hand (no timing in the test)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def on_disk(out: Path) -> set[str]:
    path = out / STATE_NAME
    return set(json.loads(path.read_text("utf-8"))["runs"]) if path.exists() else set()


def record(state: BatchState, out: Path, key: str) -> None:
    state.record(key, out / f"{key}.mp4", {"run_id": f"run-{key}"})


def test_the_state_file_shows_the_videos_done_mid_batch(tmp_path: Path) -> None:
    clock = Clock()
    state = BatchState(tmp_path, clock).open()
    record(state, tmp_path, "first")
    assert on_disk(tmp_path) == set()  # folded no sooner than FOLD_EVERY_S
    clock.now += FOLD_EVERY_S
    record(state, tmp_path, "second")
    assert on_disk(tmp_path) == {"first", "second"}
    assert not (tmp_path / JOURNAL_NAME).exists()  # folded in
    data = json.loads((tmp_path / STATE_NAME).read_text("utf-8"))
    assert data["updated_at"] and data["format"] == 1
    state.close()


def test_folding_is_bounded_however_fast_videos_finish(tmp_path: Path) -> None:
    clock = Clock()
    state = BatchState(tmp_path, clock).open()
    saves: list[int] = []
    real_save = state.save
    state.save = lambda: (saves.append(len(state.runs)), real_save())[-1]  # type: ignore[method-assign]
    for number in range(VIDEOS):
        record(state, tmp_path, f"k{number}")
        clock.now += FOLD_EVERY_S / VIDEOS * 2  # all of them within two FOLD_EVERY_S
    assert len(saves) == 1 and on_disk(tmp_path) == {f"k{n}" for n in range(saves[0])}
    state.close()


def test_a_slow_fold_waits_longer_before_the_next(tmp_path: Path) -> None:
    clock = Clock()
    state = BatchState(tmp_path, clock).open()
    slow_s = FOLD_EVERY_S  # a fold that takes this long (a huge state file)
    real_save = state.save

    def slow_save() -> None:
        real_save()
        clock.now += slow_s

    state.save = slow_save  # type: ignore[method-assign]
    clock.now += FOLD_EVERY_S
    record(state, tmp_path, "a")  # folds, taking slow_s
    clock.now += FOLD_EVERY_S * 2
    record(state, tmp_path, "b")  # not yet: the next fold waits slow_s / FOLD_SHARE
    assert on_disk(tmp_path) == {"a"}
    clock.now += slow_s / FOLD_SHARE
    record(state, tmp_path, "c")
    assert on_disk(tmp_path) == {"a", "b", "c"}
    state.close()


def test_a_write_a_kill_cut_short_leaves_nothing_behind(tmp_path: Path) -> None:
    """Folding mid-batch makes a kill during a state file write likelier: the temporary file it
    left is removed when the next batch takes the folder (before: it stayed for good)."""
    leftover = tmp_path / f".{STATE_NAME}.k1ll3d.tmp"
    leftover.write_text('{"format": 1, "ru', encoding="utf-8")
    other = tmp_path / ".someone-elses.tmp"
    other.write_text("kept", encoding="utf-8")
    state = BatchState(tmp_path).open()
    state.close()
    assert not leftover.exists() and other.exists()
