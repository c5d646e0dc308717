"""Packet sizes (`frames/slides/packets.py`): bursts, and whether the picture held still after."""

from __future__ import annotations

from peepshow_core.frames.slides.packets import PacketSizes

FPS = 25
STILL, CHANGE, PLAYING = 40, 4000, 300  # bytes: a still picture, a change, a clip playing


def gop(sizes: list[int]) -> tuple[PacketSizes, object]:
    packets = PacketSizes(settle_s=0.5, fps=FPS, start_pts=0, time_base=1.0 / FPS)
    packets.gop(0, list(range(1, 101)), [STILL] * 100)  # a still GOP before
    return packets, packets.gop(101, list(range(102, 102 + len(sizes))), sizes)


def test_one_change_then_still() -> None:
    _, sizes = gop([STILL] * 50 + [CHANGE] * 3 + [STILL] * 100)
    assert len(sizes.bursts) == 1  # type: ignore[attr-defined]
    assert sizes.still_after(sizes.bursts[0].end)  # type: ignore[attr-defined]


def test_a_clip_that_starts_playing_is_not_still_after() -> None:
    # the running statistics adapt to the clip: one burst, then nothing "unusual"
    _, sizes = gop([STILL] * 50 + [CHANGE] * 3 + [PLAYING] * 100)
    assert len(sizes.bursts) == 1  # type: ignore[attr-defined]
    assert not sizes.still_after(sizes.bursts[0].end)  # type: ignore[attr-defined]


def test_a_gop_cut_short_by_the_encoder_ended_early() -> None:
    packets = PacketSizes(settle_s=0.5, fps=FPS, start_pts=0, time_base=1.0 / FPS)
    assert not packets.ends_early(0.0, 10.0)
    assert not packets.ends_early(10.0, 20.0)
    assert packets.ends_early(20.0, 23.0)
