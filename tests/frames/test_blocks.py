"""The block helpers the slides tracker runs on every sample, against their plain definitions:
the vectorised versions must give the same groups and the same numbers, bit for bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from peepshow_core.frames.diff import BLOCK, block_diff, block_sums, components, label
from peepshow_core.frames.slides.blocks import (
    STEPS,
    Blob,
    blobs,
    cell_steps,
    copy_cells,
    energy,
    fits,
)
from peepshow_core.frames.slides.extent import left_blocks
from peepshow_core.frames.slides.regions import block_means

grids = st.tuples(st.integers(1, 24), st.integers(1, 40)).flatmap(lambda shape: arrays(bool, shape))


def flood_fill(cells: np.ndarray) -> list[set[tuple[int, int]]]:
    """8-connected groups, one cell at a time (the definition)."""
    todo = {(int(y), int(x)) for y, x in zip(*np.nonzero(cells), strict=True)}
    groups = []
    while todo:
        group, stack = set(), [todo.pop()]
        while stack:
            y, x = stack.pop()
            group.add((y, x))
            for n in [(y + dy, x + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]:
                if n in todo:
                    todo.remove(n)
                    stack.append(n)
        groups.append(group)
    return groups


def canonical(groups: list[set[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    return sorted(sorted(g) for g in groups)


@given(grids)
def test_components_are_the_flood_fills_groups(cells: np.ndarray) -> None:
    assert canonical(components(cells)) == canonical(flood_fill(cells))


@given(grids)
def test_label_numbers_each_group_once(cells: np.ndarray) -> None:
    grid, count = label(cells)
    assert np.array_equal(grid > 0, cells)
    numbered = [{(int(y), int(x)) for y, x in zip(*np.nonzero(grid == k), strict=True)}
                for k in range(1, count + 1)]  # fmt: skip
    assert canonical(numbered) == canonical(flood_fill(cells))


def test_label_joins_diagonal_neighbours_and_runs_that_touch_at_a_corner() -> None:
    cells = np.array(
        [
            [1, 1, 0, 0, 0, 1],
            [0, 0, 1, 0, 0, 0],
            [0, 0, 0, 0, 1, 1],
        ],
        bool,
    )
    grid, count = label(cells)
    assert count == 3
    assert grid[0, 0] == grid[0, 1] == grid[1, 2]
    assert grid[2, 4] == grid[2, 5] != grid[0, 5]


images = st.tuples(
    st.integers(1, 6), st.integers(1, 6), st.integers(0, 7), st.integers(0, 7)
).flatmap(
    lambda s: st.tuples(
        arrays(np.uint8, (s[0] * BLOCK + s[2], s[1] * BLOCK + s[3])),
        arrays(np.uint8, (s[0] * BLOCK + s[2], s[1] * BLOCK + s[3])),
    )
)


@given(images)
def test_block_sums_diff_and_means_are_the_plain_ones(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    gh, gw = a.shape[0] // BLOCK, a.shape[1] // BLOCK
    tiles = a[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK)
    assert np.array_equal(block_sums(a), tiles.sum(axis=(1, 3)))
    assert np.array_equal(block_means(a), tiles.mean(axis=(1, 3), dtype=np.float32))
    absdiff = np.abs(a.astype(np.int16) - b.astype(np.int16))
    plain = absdiff[: gh * BLOCK, : gw * BLOCK].reshape(gh, BLOCK, gw, BLOCK).mean(axis=(1, 3))
    assert block_diff(a, b).dtype == np.float32
    assert np.array_equal(block_diff(a, b), plain.astype(np.float32))


@given(images, st.data())
def test_copy_cells_and_energy_work_block_by_block(
    pair: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    a, b = pair
    gh, gw = a.shape[0] // BLOCK, a.shape[1] // BLOCK
    cells = data.draw(arrays(bool, (gh, gw)))
    pixels = np.repeat(np.repeat(cells, BLOCK, axis=0), BLOCK, axis=1)
    expected = a.copy()
    expected[: gh * BLOCK, : gw * BLOCK][pixels] = b[: gh * BLOCK, : gw * BLOCK][pixels]
    copy_cells(a, b, cells)
    assert np.array_equal(a, expected)

    chosen = frozenset((int(y), int(x)) for y, x in zip(*np.nonzero(cells), strict=True))
    steps = 0.0
    for y, x in chosen:
        tile = b[y * BLOCK : (y + 1) * BLOCK, x * BLOCK : (x + 1) * BLOCK].astype(np.int16)
        steps += np.abs(np.diff(tile, axis=0)).mean() + np.abs(np.diff(tile, axis=1)).mean()
    assert np.isclose(energy(b, chosen), steps / max(1, len(chosen)), rtol=1e-12, atol=0)


@given(st.tuples(st.integers(1, 12), st.integers(1, 20)).flatmap(
    lambda shape: arrays(np.float32, shape, elements=st.sampled_from([0.0, 3.0, 6.0, 12.0]))
))  # fmt: skip
def test_blobs_are_the_groups_above_low_that_reach_high(diff: np.ndarray) -> None:
    found = blobs(diff, 5.0, 10.0)
    expected = [g for g in flood_fill(diff > 5.0) if max(diff[c] for c in g) > 10.0]
    assert canonical([set(b.cells) for b in found]) == canonical(expected)
    for blob in found:
        ys, xs = zip(*blob.cells, strict=True)
        assert blob.peak == max(float(diff[c]) for c in blob.cells)
        assert (blob.height, blob.width) == (max(ys) - min(ys) + 1, max(xs) - min(xs) + 1)


@given(images, st.data())
def test_cell_steps_are_each_blocks_structure_and_left_compares_them(
    pair: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    """`cell_steps` gives each block's steps in the order asked (a block asked twice, twice);
    `left_blocks` keeps exactly the blocks whose structure `img` has less of than `before`, as
    `energy` measures a block on its own."""
    before, img = pair
    gh, gw = img.shape[0] // BLOCK, img.shape[1] // BLOCK
    cells = data.draw(
        st.lists(st.tuples(st.integers(0, gh - 1), st.integers(0, gw - 1)), max_size=12)
    )
    steps = cell_steps(img, cells)
    assert steps.shape == (len(cells),)
    for (y, x), got in zip(cells, steps.tolist(), strict=True):
        assert energy(img, frozenset({(y, x)})) == got / STEPS
    changed = [Blob(frozenset({c}), 20.0, 1, 1) for c in dict.fromkeys(cells)]
    expected = {c for c in cells if energy(img, frozenset({c})) < energy(before, frozenset({c}))}
    assert left_blocks(before, img, changed) == expected


@given(arrays(np.bool_, (6, 7)), st.integers(1, 7))
def test_fits_is_a_blobs_fits_for_its_cells(cells: np.ndarray, blocks: int) -> None:
    """A grid of blocks fits a square as a blob of the same blocks does."""
    ys, xs = np.nonzero(cells)
    if not len(ys):
        assert fits(cells, blocks)
        return
    blob = Blob(
        frozenset(zip(ys.tolist(), xs.tolist(), strict=True)),
        0.0,
        int(ys.max() - ys.min() + 1),
        int(xs.max() - xs.min() + 1),
    )
    assert fits(cells, blocks) is blob.fits(blocks)
