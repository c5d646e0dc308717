"""The GOP planner, one row per rule: the facts about a GOP and what the fast path does."""

from __future__ import annotations

from dataclasses import replace

import pytest

from peepshow_core.frames.slides.planner import Decision, GopFacts, Keys, plan

QUIET = GopFacts(
    last=False,
    learning=False,
    settling=False,
    keys=Keys.same,
    bursts=0,
    quiet_end=True,
    sizes_trusted=True,
    early_key=False,
)

TABLE = [
    # (what differs from a quiet GOP, decision, a word of the reason)
    ({}, Decision.skip, "alike"),
    ({"last": True}, Decision.skip, "no burst"),
    ({"last": True, "bursts": 1}, Decision.decode, "last GOP"),
    ({"last": True, "sizes_trusted": False}, Decision.decode, "last GOP"),
    ({"last": True, "holding": True}, Decision.decode, "last GOP"),
    ({"last": True, "playing": True}, Decision.decode, "last GOP"),
    ({"last": True, "keys": Keys.large, "quiet_end": False}, Decision.skip, "no burst"),
    ({"learning": True}, Decision.decode, "learning"),
    ({"paused": True}, Decision.decode, "only on change"),
    ({"paused": True, "last": True}, Decision.decode, "last GOP"),
    ({"paused": True, "keys": Keys.large, "bursts": 1}, Decision.decode, "only on change"),
    ({"paused": True, "keys": Keys.large, "early_key": True}, Decision.decode, "only on change"),
    ({"passing": True}, Decision.decode, "passing"),
    ({"passing": True, "keys": Keys.small}, Decision.decode, "passing"),
    ({"passing": True, "keys": Keys.large, "bursts": 1}, Decision.decode, "passing"),
    ({"passing": True, "last": True}, Decision.decode, "last GOP"),
    ({"keys": Keys.large}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 1}, Decision.key, "one change"),
    ({"keys": Keys.large, "bursts": 1, "playing": True}, Decision.decode, "region plays"),
    ({"keys": Keys.large, "bursts": 1, "paid": False}, Decision.decode, "too small"),
    ({"keys": Keys.large, "bursts": 1, "key_holds": False}, Decision.decode, "under way"),
    ({"keys": Keys.large, "key_holds": False}, Decision.skip, "began there"),
    ({"keys": Keys.large, "key_holds": False, "playing": True}, Decision.decode, "region plays"),
    ({"keys": Keys.large, "key_holds": False, "sizes_trusted": False}, Decision.decode, "differ"),
    ({"keys": Keys.large, "key_holds": False, "settling": True}, Decision.decode, "settling"),
    (
        {"settling": True, "bursts": 1, "burst_continues": True, "paid": False},
        Decision.decode,
        "too small",
    ),
    ({"keys": Keys.large, "bursts": 1, "key_unsettled": True}, Decision.decode, "mid-transition"),
    ({"settling": True, "bursts": 1, "key_unsettled": True}, Decision.decode, "mid-transition"),
    ({"keys": Keys.large, "bursts": 1, "quiet_end": False}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 1, "sizes_trusted": False}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 2}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 1, "brief": False}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 1, "early_key": True}, Decision.decode, "differ"),
    ({"keys": Keys.large, "early_key": True}, Decision.skip, "encoder cut"),
    ({"keys": Keys.large, "early_key": True, "sizes_trusted": False}, Decision.decode, "differ"),
    ({"keys": Keys.large, "early_key": True, "playing": True}, Decision.decode, "region plays"),
    ({"settling": True}, Decision.decode, "settling"),
    ({"settling": True, "early_key": True}, Decision.decode, "settling"),
    ({"settling": True, "bursts": 1}, Decision.decode, "another came after it"),
    ({"settling": True, "bursts": 1, "burst_continues": True}, Decision.key, "one change"),
    (
        {"settling": True, "bursts": 1, "burst_continues": True, "playing": True},
        Decision.decode,
        "region plays",
    ),
    ({"settling": True, "bursts": 2, "burst_continues": True}, Decision.decode, "settling"),
    (
        {"settling": True, "bursts": 1, "burst_continues": True, "brief": False},
        Decision.decode,
        "settling",
    ),
    ({"keys": Keys.small}, Decision.skip, "alike"),
    ({"keys": Keys.small, "playing": True}, Decision.decode, "no burst proves"),
    ({"keys": Keys.small, "sizes_trusted": False}, Decision.decode, "no burst proves"),
    ({"keys": Keys.small, "last": True, "playing": True}, Decision.decode, "last GOP"),
    ({"keys": Keys.inside}, Decision.decode, "clip changed"),
    ({"keys": Keys.inside, "last": True}, Decision.skip, "no burst"),
    ({"keys": Keys.small, "bursts": 1}, Decision.decode, "pointer"),
    ({"bursts": 1}, Decision.skip, "alike"),  # (the pointer's stroke)
    ({"bursts": 1, "big": True}, Decision.decode, "went back"),  # (on the next keyframe: an
    ({"bursts": 1, "playing": True}, Decision.decode, "went back"),  # encoder's cut back)
    ({"bursts": 2}, Decision.decode, "went back"),
    ({"bursts": 2, "sizes_trusted": False}, Decision.decode, "went back"),
    ({"last": True, "learning": True}, Decision.decode, "last GOP"),
]


@pytest.mark.parametrize(("change", "decision", "why"), TABLE)
def test_each_rule_of_the_planner(change: dict[str, object], decision: Decision, why: str) -> None:
    got, reason = plan(replace(QUIET, **change))  # type: ignore[arg-type]
    assert got is decision, reason
    assert why in reason


def test_packet_sizes_never_skip_keyframes_that_differ_in_content() -> None:
    for bursts in range(4):
        for early in (False, True):
            facts = replace(
                QUIET, keys=Keys.large, bursts=bursts, early_key=early, sizes_trusted=False
            )
            assert plan(facts)[0] is Decision.decode


def test_a_keyframe_taken_is_unsettled_while_its_change_may_still_run() -> None:
    """The fast path's fact: the keyframe at 14 s was taken for a change whose burst began at
    13.3 s (a dissolve, cheap per frame, shows its first and last steps as bursts); a burst in
    the next GOP less than the longest transition after 13.3 s says it was still under way."""
    from types import SimpleNamespace

    from peepshow_core.frames.slides.fast import FastSlides
    from peepshow_core.frames.slides.packets import Burst
    from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S

    taken = SimpleNamespace(key_taken=(14.0, 13.3))

    def unsettled(key_t: float, *starts: float) -> bool:
        bursts = [Burst(s, s, False) for s in starts]
        return bool(FastSlides._key_unsettled(taken, key_t, bursts))  # type: ignore[arg-type]

    assert unsettled(14.0, 14.73)
    assert not unsettled(14.0, 13.3 + MAX_TRANSITION_S + 0.1), "a change of its own"
    assert not unsettled(16.0, 14.73), "another GOP's keyframe"
    assert not unsettled(14.0), "no burst"


def _facts_of(gop_t: float, bursts: list[object], plays: bool = False,
              zoomed_t: float = float("-inf"), since: float | None = None,
              key_holds: bool = True, passing_since: float | None = None) -> GopFacts:  # fmt: skip
    """The facts the fast path gives the planner for a GOP from `gop_t` to a keyframe 2 s
    later whose picture changed wholly (`_facts`, on a stand-in for the fast path): its
    regions playing or not (`plays`), a zoom seen at `zoomed_t`, a change seen starting at
    `since` still settling, the keyframe after it held still or not (`key_holds`), something
    passing over the state since `passing_since`."""
    from types import SimpleNamespace

    import numpy as np

    from peepshow_core.frames.slides.fast import FastSlides, Gop, Keyed
    from peepshow_core.frames.slides.packets import GopSizes
    from peepshow_core.frames.slides.peek import Peek
    from peepshow_core.frames.slides.tuning import SlidesTuning

    sizes = GopSizes(np.zeros(0), np.zeros(0, np.int64), [], float("inf"))
    start = Keyed(gop_t, np.zeros((8, 8), np.uint8), None, 1000)  # type: ignore[arg-type]
    key = Keyed(gop_t + 2.0, np.zeros((8, 8), np.uint8), None, 1000)  # type: ignore[arg-type]
    tracker = SimpleNamespace(
        settling=since is not None, settling_since=since, holding=False,
        regions=SimpleNamespace(plays=lambda: plays), zoomed_t=zoomed_t,
        motion=SimpleNamespace(moving_since=lambda t: passing_since),
    )  # fmt: skip
    fast = SimpleNamespace(
        tracker=tracker, tuning=SlidesTuning(), trusted=True, key_taken=None,
        _key_unsettled=lambda *_: False,
    )  # fmt: skip
    gop = Gop(start, next_key=key, sizes=sizes, key_holds=key_holds)
    return FastSlides._facts(fast, gop, gop_t, Peek(Keys.large, 1.0), bursts, False, False)  # type: ignore[arg-type]


def test_the_fast_path_tells_the_planner_when_a_region_plays() -> None:
    """`playing` comes from the tracker's regions (a webcam playing turns the packet-size
    shortcuts off) and from a zoom seen in the GOP (not one before it); `key_holds` and `paid`
    from the GOP's packets and the one after it."""
    cases = ((False, -1.0, False), (True, float("-inf"), True), (False, 0.5, True))
    for plays, zoomed_t, playing in cases:
        facts = _facts_of(0.0, [], plays=plays, zoomed_t=zoomed_t, key_holds=plays)
        assert facts.playing is playing
        assert facts.key_holds is plays
        assert facts.paid is False, "no burst spent anything on what the keyframe shows"
        assert facts.paid is False, "no burst spent anything on the keyframe's change"


def test_the_fast_path_tells_the_planner_when_something_passing_has_not_rested() -> None:
    """`passing`: something passing over the state (`Motion.moving_since`) for longer than
    the longest transition by the GOP's keyframe; a pointer's stroke is shorter."""
    from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S

    assert _facts_of(8.0, []).passing is False
    assert _facts_of(8.0, [], passing_since=8.0 - MAX_TRANSITION_S / 2).passing is False
    assert _facts_of(8.0, [], passing_since=8.0 - 2 * MAX_TRANSITION_S).passing is True


def test_a_burst_continues_a_change_only_within_a_transition_of_its_start() -> None:
    """The GOP from 8 s: a burst at 8.9 s is the rest of a change the keyframe showed starting,
    or of one the tracker saw start at 7.9 s; not of one it saw start at 7.33 s (more than the
    longest transition before it): that is a change of its own, after one still settling."""
    from peepshow_core.frames.slides.packets import Burst
    from peepshow_core.frames.slides.tuning import MAX_TRANSITION_S

    burst = [Burst(8.9, 8.93, False)]
    began_long_ago = 8.9 - MAX_TRANSITION_S - 0.07
    for since, continues in ((None, True), (7.9, True), (began_long_ago, False)):
        facts = _facts_of(8.0, burst, since=since)
        assert facts.burst_continues is continues, since
        decision, _ = plan(replace(facts, quiet_end=True, paid=True))
        assert (decision is Decision.key) is continues, since
