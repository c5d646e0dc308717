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
    big_bursts=0,
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
    ({"last": True, "keys": Keys.large, "quiet_end": False}, Decision.skip, "no burst"),
    ({"learning": True}, Decision.decode, "learning"),
    ({"keys": Keys.large}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 1}, Decision.key, "one change"),
    ({"keys": Keys.large, "bursts": 1, "after_key": True}, Decision.key, "one change"),
    (
        {"keys": Keys.large, "bursts": 1, "after_key": True, "burst_follows_key": True},
        Decision.decode,
        "mid-transition",
    ),
    ({"keys": Keys.large, "bursts": 1, "quiet_end": False}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 1, "sizes_trusted": False}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 2}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 1, "brief": False}, Decision.decode, "differ"),
    ({"keys": Keys.large, "bursts": 1, "early_key": True}, Decision.decode, "differ"),
    ({"keys": Keys.large, "early_key": True}, Decision.skip, "encoder cut"),
    ({"keys": Keys.large, "early_key": True, "sizes_trusted": False}, Decision.decode, "differ"),
    ({"settling": True}, Decision.decode, "settling"),
    ({"settling": True, "early_key": True}, Decision.decode, "settling"),
    ({"settling": True, "bursts": 1}, Decision.decode, "another came after it"),
    ({"settling": True, "bursts": 1, "burst_follows_key": True}, Decision.key, "one change"),
    ({"settling": True, "bursts": 2, "burst_follows_key": True}, Decision.decode, "settling"),
    (
        {"settling": True, "bursts": 1, "burst_follows_key": True, "brief": False},
        Decision.decode,
        "settling",
    ),
    ({"keys": Keys.small}, Decision.skip, "alike"),
    ({"keys": Keys.inside}, Decision.decode, "clip changed"),
    ({"keys": Keys.inside, "last": True}, Decision.skip, "no burst"),
    ({"keys": Keys.small, "bursts": 1}, Decision.decode, "pointer"),
    ({"big_bursts": 1, "bursts": 1}, Decision.skip, "alike"),
    ({"big_bursts": 2, "bursts": 2}, Decision.decode, "came and went"),
    ({"last": True, "learning": True}, Decision.decode, "last GOP"),
]


@pytest.mark.parametrize(("change", "decision", "why"), TABLE)
def test_each_rule_of_the_planner(change: dict[str, object], decision: Decision, why: str) -> None:
    got, reason = plan(replace(QUIET, **change))  # type: ignore[arg-type]
    assert got is decision, reason
    assert why in reason


def test_packet_sizes_never_skip_keyframes_that_differ_in_content() -> None:
    for bursts in range(4):
        for big in range(bursts + 1):
            for early in (False, True):
                facts = replace(
                    QUIET, keys=Keys.large, bursts=bursts, big_bursts=big, early_key=early,
                    sizes_trusted=False,
                )  # fmt: skip
                assert plan(facts)[0] is Decision.decode
