"""The GOP planner: from facts about one GOP, what the fast path does with it.

A pure function, so every rule can be read (and tested) as a row of a table. The facts come from
the keyframes at both ends of the GOP, judged through the tracker's noise model, and from the
sizes of the GOP's packets. A GOP being decoded is judged again as it goes: once nothing seen is
still going on, the rest of it is planned like a GOP of its own, and decoding stops where that
plan would skip it. Packet sizes never stop a GOP from being decoded when the keyframes
show a change the noise model can't explain; they only (a) send more GOPs to decoding (two
bursts between alike keyframes may be a state that came and went: a fade to another slide and one
back cost no single packet many times the usual; a burst less than a transition after the
one a keyframe was taken for says that keyframe was mid-transition) and (b) in videos where every
decoded change came with a burst, let one settled change be taken from the next keyframe without
decoding (only when its burst could have drawn what the keyframe shows, and the keyframe held
still: the GOP after it begins with no burst), and a last GOP without any burst (no keyframe
closes it) be skipped, unless a region bigger than the pointer plays: its noise can hide a small
change's burst. Likewise keyframes that differ only by a pointer-sized thing are skipped (the
tracker judges it by hindsight at the keyframes after) only where sizes vouch that nothing
else changed: no burst, every change so far came with one and nothing plays. Else the thing
may be a build as small as the pointer (a letter, a tick) whose packets hid in a webcam's
noise, and a change soon after the keyframe would leave no later keyframe to judge it by.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Decision(StrEnum):
    skip = "skip"  # nothing to decode: the next keyframe goes to the tracker as it is
    key = "key"  # one settled change: the next keyframe is its picture
    decode = "decode"  # decode the GOP (stopping once it shows the next keyframe's picture)


class Keys(StrEnum):
    """How the next keyframe differs from the tracked state, through the noise model."""

    same = "same"  # nothing, or only active regions / the pointer leaving
    inside = "inside"  # the same, but a slide's own clip or animation changed (it may have
    # stopped in between, and content appeared where it played)
    small = "small"  # only pointer-sized things appeared (held by the tracker for hindsight)
    large = "large"  # content changed


@dataclass(frozen=True)
class GopFacts:
    last: bool  # no keyframe after this GOP
    learning: bool  # still in the first seconds, where the noise model is learned
    settling: bool  # a change seen at or before the GOP's keyframe has not settled yet
    keys: Keys
    bursts: int  # runs of unusually large packets inside the GOP
    quiet_end: bool  # the last burst ended at least settle_s before the next keyframe, and the
    # packets after it are as small as in the GOP's stillest moment (nothing kept moving)
    sizes_trusted: bool  # so far every change found by decoding came with a burst
    early_key: bool  # the GOP ended early: the encoder put the next keyframe on a change
    burst_continues: bool = False  # the first burst starts within a transition of when the
    # change under way began (seen starting before the GOP, else at its keyframe): its rest
    holding: bool = False  # a change seen is pending, or a small one held: only pictures after
    # it tell what becomes of it
    brief: bool = True  # every burst is no longer than the longest transition: a longer run of
    # large packets is several changes (or something moving), never one
    key_unsettled: bool = False  # the GOP's keyframe was taken as the picture of a change
    # (`key`) whose burst began less than the longest transition before this GOP's first burst:
    # the change may not have settled at the keyframe
    key_holds: bool = True  # the next keyframe's picture held still after it (no burst in the
    # GOP it opens within settle_s of it): else it caught a change under way
    paid: bool = True  # the GOP's bursts spent enough bytes to have drawn what the next
    # keyframe shows changed (`PAID_SHARE` of what the keyframe spends on that much of the
    # picture): a change that began at the keyframe itself is in none of its packets
    big: bool = False  # a burst drew a whole new picture (a packet `BIG_FACTOR` times the usual)
    playing: bool = False  # a region bigger than the pointer plays (a webcam, a clip), or
    # the screen zoomed in the GOP: the encoder spends on it, and a line appearing elsewhere
    # may cost no more than its noise, so no burst says nothing changed
    paused: bool = False  # a picture of the GOP stayed on screen longer than settle_s, no frame
    # after it (a recorder writing frames only on change): every packet is a change's, so
    # their sizes tell neither a burst from a still picture nor what came and went
    passing: bool = False  # something has passed over the state without resting for longer
    # than a transition by the GOP's keyframe (the pointer rests between strokes; a cartoon's
    # figure does not): only pictures tell whether it ever rests, or is camera footage


def plan(f: GopFacts) -> tuple[Decision, str]:
    """The decision for one GOP, and why (for the --debug decision log)."""
    if f.last:
        quiet = not (f.bursts or f.holding or f.learning or f.paused or f.passing)
        if f.sizes_trusted and not f.playing and quiet:
            return Decision.skip, "last GOP: no burst, and every change so far came with one"
        return Decision.decode, "last GOP: no keyframe after it to judge from"
    if f.learning:
        return Decision.decode, "learning the noise model"
    if f.paused:
        return Decision.decode, "frames only on change: packet sizes tell nothing"
    if f.passing:
        return Decision.decode, "something passing has not rested for longer than a transition"
    if f.keys is Keys.large or f.settling:
        if f.key_unsettled:
            return Decision.decode, "the keyframe taken may be mid-transition: a burst follows it"
        if f.settling and f.bursts and not f.burst_continues:
            return Decision.decode, "a change is still settling and another came after it"
        if f.sizes_trusted and f.bursts == 1 and f.brief and f.quiet_end and not f.early_key:
            if f.playing:
                return Decision.decode, "one burst, but a region plays: its noise may hide more"
            if not f.paid:
                return Decision.decode, "one burst, too small to have drawn the next keyframe"
            if not f.key_holds:
                return Decision.decode, "one burst, but a change was under way at the next keyframe"
            return Decision.key, "one change, settled before the next keyframe"
        if f.sizes_trusted and f.bursts == 0 and (f.early_key or not f.key_holds):
            if f.settling:
                return Decision.decode, "a change is still settling"
            if f.playing:
                return Decision.decode, "a change on the next keyframe, but a region plays"
            return (
                Decision.skip,
                "the change is on the next keyframe (an encoder cut, or it began there)",
            )
        if f.settling:
            return Decision.decode, "a change is still settling"
        return Decision.decode, "the keyframes differ in content"
    if f.keys is Keys.small and f.bursts:
        return Decision.decode, "more than the pointer may have changed in between"
    if f.keys is Keys.small and (f.playing or not f.sizes_trusted):
        return Decision.decode, "a pointer-sized thing appeared, and no burst proves it the pointer"
    if f.bursts >= 2 or (f.bursts and (f.big or f.playing)):
        return (
            Decision.decode,
            "keyframes alike, but a change: it went back, at a burst or on the next keyframe",
        )
    if f.keys is Keys.inside:
        return Decision.decode, "a slide's clip changed: it may have stopped and content appeared"
    return Decision.skip, "keyframes alike"
