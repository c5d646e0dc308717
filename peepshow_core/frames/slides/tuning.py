"""The one tuning object of the slides strategy: every value it decides with, named and explained.

It is recorded in the payload's `strategy_params`. Each value is pinned by a unit test (its half
and its double change a tested outcome) or by `make eval` (docs/ACCURACY.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SlidesTuning:
    # --- compression noise (mean |difference| of an 8x8 block of the analysis image, 0..255) ---
    strong: float = 7.0
    """A block that changed more than this changed for real (a word appeared: a one-word line
    in a dim colour, a grey comment or a line number at 1080p, changes its blocks by 7-9 once
    scaled down); compression noise and an encoder's quality pulse at a keyframe stay far below
    it (about 1)."""
    weak: float = 5.0
    """A block that changed more than this belongs to a change around a strong block. Half of
    it is *motion*: what settling and self-changing regions are judged by."""

    # --- transitions ---
    settle_s: float = 0.5
    """A new picture must hold still this long before it counts: fades, dissolves, pushes,
    wipes, scrolls and build animations have ended by then."""
    wide_share: float = 0.3
    """A change covering more than this share of the frame is a transition (never evidence of a
    self-changing region, and never one itself), unless it lies wholly within the regions
    playing (a clip big enough that its next shot is this wide: its own cut)."""

    # --- regions that change on their own: webcam, playing clip, clock, caret ---
    region_span_s: float = 2.0
    """A block that changed on its own again and again over at least this long (longer than
    any transition), or without a pause for this long, is an active region. A new large change
    is likewise confirmed as a state only once it has stayed put this long (or lasted until the
    next change): a clip starting is not one."""
    region_pause_s: float = 1.0
    """Changes separated by a longer pause are separate events (a build or a scroll after
    another), not one region's activity; a region bigger than the pointer that held still this
    long has stopped (a clip that ended: judged like the slide again until it zigzags)."""
    region_quiet_s: float = 4.0
    """An active block unchanged for this long is forgotten (content again, even if it is
    pointer-sized)."""

    # --- the pointer and other overlays ---
    overlay_blocks: int = 3
    """A change that fits in a square of this many blocks may be the pointer (arrow, I-beam or
    hand, at 1x or 2x): it is a state only once hindsight shows it stayed put. The prior: the
    pointer's extent is learned from its strokes (`Motion.size`: a recorder's highlight disc
    makes it larger); a line of text is no taller than this."""
    pointer_rest_s: float = 5.0
    """The longest the pointer rests between strokes: a small thing that came without moving
    and stayed longer, then went back with nothing moving near it, was content taken back."""

    # --- learning ---
    learn_s: float = 3.0
    """The first seconds are decoded frame by frame: the noise model learns the webcam and the
    pointer, and (the `auto` strategy) the video is judged screen or camera content."""

    # --- sampling ---
    sample_fps: float = 15.0
    """Frames closer together than this rate are not analysed."""

    @property
    def motion(self) -> float:
        """Block change that counts as motion (settling, self-changing regions)."""
        return self.weak / 2

    @property
    def held_s(self) -> float:
        """How long a picture left on screen through a pause (frames only on change) is
        sampled: long enough for every rule that waits on a still picture to see it (a change
        settling, a state confirmed, a region gone quiet, the pointer's longest rest); a
        longer pause is sampled once more, a step before the next frame (`slides.shown`)."""
        return self.settle_s + max(self.region_span_s, self.region_quiet_s, self.pointer_rest_s)

    def as_params(self) -> dict[str, float]:
        return dict(asdict(self))


# Fixed values of the model, one name each, grouped by the module that uses them. Only the fields
# of `SlidesTuning` above are recorded in `strategy_params` (these never vary between runs).

# --- the fast path: packet sizes and decoding ---
HIGH_FACTOR = 1.25  # a burst is a packet this many times the running 90th percentile size ...
BURST_BYTES = 100  # ... and at least this many bytes over the running median
STILL_SLACK = 1.5  # after a burst, a packet this many times the GOP's median size is no still
# picture's: a change still under way (keys typed on at 2.5-3x a still frame's bytes)
BIG_FACTOR = 10.0  # a big burst: a packet this many times the running median (a new picture)
SIZE_WINDOW = 61  # packets in the running size statistics
STATS_EVERY = 8  # packets between updates of the running statistics
STOP_CHECK_S = 0.5  # while decoding, how often to ask whether the GOP has shown enough
MAX_TRANSITION_S = 1.5  # a change settles at most this long after its burst began
PAID_SHARE = 0.25  # a burst drew a change only if it spent at least this share of what the
# next keyframe spends on the area that changed (bursts that drew one: 1.2-12x that; one spent
# on an encoder's refresh before a scroll that began at the keyframe: 0.005x)
RECENT_BURSTS = 16  # bursts remembered for that check
HIGH_QUANTILE = 0.9  # the running "high" packet size is this quantile of the window
MIN_SIZES = 8  # packets known before any is called a burst
EARLY_FRAMES = 1.5  # a GOP shorter than the longest by more than this many frames ended early
DENSE_SAMPLE = 300  # packets looked at to tell an intra-only video ...
DENSE_SHARE = 0.2  # ... whose keyframes are more than this share of them ...
DENSE_MIN = 10  # ... out of at least this many packets (the fast path can't help there)
B_FRAMES_RUN = 3  # non-reference frames in a row between reference ones (x264's default b-frames)

# --- regions that change on their own ---
CHROME_SHARE = 0.05  # a screen's menu bar or taskbar, where a clock shows the time, lies within
# this share of the picture's height from its top or bottom (a Mac's menu bar 2.5-3.4 %, a
# Windows taskbar 4.4 % at 1080p), where a clock showing minutes turns every ...
MINUTE_S = 60.0  # ... this long: a glyph replaced there again, where one was a whole number of
TURN_SLACK_S = 3.0  # minutes before (within this), is that clock (a keyframe may show it late)
MINUTES_KEPT = 3  # turns are remembered this many minutes (a turn hidden by a slide change
# between two is bridged; a band that churns all along costs no more than that)
TICK_LEVEL = 1.0  # in that band, a block that changed more than this since `settle_s` before
# counts as changed for the regions (a clock's seconds in a 14-px font at 720p turn their blocks
# by 1.4-5, below `motion`; an unchanged block stays at 0, an encoder's quality pulse at a
# keyframe, up to about 2, lasts half a second a GOP: with GOPs of 2 s or more, never again and
# again; a bar shimmering by a level or two is pinned by tests/frames/test_tracker_clock.py)
CAPTION_BAND = 1 / 3  # burned-in captions lie within this share of the picture's height from
# its bottom edge (a big margin, two lines: 0.3), centred on a line or two ...
CAPTION_ROWS = 0.25  # ... a change of one spans at most this share of it (two lines, their box)
CAPTION_GAP_S = 8.0  # the next caption replaces one within this (a subtitle shows 7 s at most:
# Netflix's and the BBC's guidelines; a pause between two is a change too, the line cleared)
CAPTION_TURNS = 3  # a line there replaced in place this many times running is captions (twice:
# a footer's build replaced once stays a state)
NOTICE_S = 12.0  # a change undone within this of settling, leaving the picture as it was, was
# laid over it: a notification (macOS's banners and Windows' toasts show about 5 s) ...
NOTICE_SHARE = 0.1  # ... if it covered this share of the picture at most (a banner or two
# stacked: 0.01-0.07; a slide shown between two showings of the one before is a state) ...
NOTICE_EDGE = 0.05  # ... and lay within this share of the width from its right edge (the
# desktop anchors them there: macOS 16 px of 1440, Windows 12 of 1920, an app's toast in its
# full-screen window about 0.02; a slide's title, changed between two showings, is not)
CUT_SHARE = 0.5  # a region most of whose blocks (more than this share) changed between two
# samples cut (a clip's next shot): what changed with it, touching it, is its picture too ...
CUT_REACH = 2.0  # ... unless that is more blocks than this many times its rectangle's: then the
# slide changed around it (a push or a wipe over a mostly plain slide, not frame-wide)
LEFT_SHARE = 0.75  # a region seen to stop playing whose rectangle then shows the slide's plain
# background in more than this share of its pixels has ended, or went with its slide (a clip's
# place on the next slide, a line of text there: 0.98; webcams in the corpus: 0.05-0.43)
SAME_PLACE = 0.5  # a change wide only through windows plays on in the same place (a big clip,
# `shots.BigWindow`) while more than this share of the last sample's window blocks still move
PANEL_SIZE = 2.0  # overlays line up as a meeting's tiles when their spans across the strip differ
# by at most this many times ...
PANEL_GAP = 2.0  # ... and at most this many times the longer one's length lies between them (a tile
# whose camera is off, its wall still: a tile learned only where its person moves is narrower)
TILE_SLACK = 1  # blocks a change may be off a panel's extent and still be one more of its tiles
TILE_WIDE = 3.0  # a camera's tile is wider than tall, at most this many times (16:9 or 4:3, the
# blocks its edges straddle included)
FRAME_LEVEL = 24.0  # an analysis pixel moved by more than this is part of a change's shape (a
# speaker's border, scaled down, moves its pixels by 32-128; a camera's noise by under 15) ...
FRAME_PX = 1  # ... and one this close to the edge of the changed pixels' rectangle is on it ...
FRAME_SHARE = 0.75  # ... and a change more than this share of whose pixels are so is a frame (a
# speaker's border: 0.88-1.0; a box with its label about half; a few lines of text 0.2)

# --- hindsight on held changes ---
IN_PLACE = 0.8  # a change this much inside the provisional one changed the same place again
REPLACED = 0.5  # a change that altered this share of the blocks around a small thing replaced them

# --- the pointer and other overlays ---
POINTER_PLACES = 2  # two pictures compared show the pointer in at most this many places: where
# it was, and where it is (what stands out there alone is no change of the slide's)
SAME_SHARE = 0.5  # a held change is still there when more than this share of it looks the same
SPRITE_LEVEL = 48  # a full-resolution pixel belongs to an overlay, or a change is a thing (not the
# encoder refining its picture), when it differs this much
COVER_PX = 2  # what a thing that left had covered reaches this many pixels past those that went
# by `SPRITE_LEVEL`: the pointer's anti-aliased rim and shadow, fainter, hid the glyph beside it
REFINED_PEAK = 16.0  # an encoder refining a still picture (its quality catching up after a fade)
# changes a block's mean by less than this; a larger change is one of colour or content, even
# where no pixel stands out (a plain red slide followed by a green one of about the same luma)
LOOK_MATCH = 0.6  # two overlays look alike when their shapes overlap this much (IoU) ...
LOOK_VALUES = 40.0  # ... and their pixels differ by less than this on average
LOOK_SIZE = 0.15  # ... and their sizes by at most this share (or 2 px); as does a pointer's
# height across its shapes
SEARCH_PIXELS = 256  # where a small thing stood before is searched over this many of the
# pixels that came, at most, evenly spread (a pointer's look holds 50-400 at 1x and 2x; each
# shift found is checked on them all: the count bounds the cost, not what is found)
LOOKS_KEPT = 8  # distinct looks remembered (arrow, I-beam, hand, at 1x and 2x, ...)
POINTER_ASPECT = 2.5  # a pointer is at most this many times wider than tall (arrow, I-beam, hand
# and click ripple about 1, a resize arrow about 2); a word or a line of text is wider
POINTER_GROWTH = 2.0  # a pointer changes shape, not size: a thing more than this many times
# taller than every look it had is something else (output appearing where a terminal's caret went)
POINTER_SOLID = 1 / 3  # a pointer is one piece: the largest connected part of its look (gaps of
# a pixel bridged) holds at least this share of its pixels. An arrow, I-beam or hand is one piece,
# but its look as cut takes along what else changed nearby (text it crossed, a fade starting):
# 0.49-1.0 measured on pointers; lines of text written where a caret went are many glyphs,
# 0.12-0.24 measured on a command's output
MOTION_BLOBS = 8  # between consecutive frames, more separate changes than this: not the pointer
HIGHLIGHT_BLOCKS = 2  # the pointer's extent is learned up to this many times `overlay_blocks`
# (a recorder's highlight disc drawn around it, Camtasia's or ScreenFlow's: 2-4x the arrow);
# a bigger thing moving is a window dragged, a clip's subject, not the pointer
EXTENT_SEEN = 10  # blobs seen moving before the pointer's extent is learned from them (fewer
# say little: a build fading in beside the pointer's first step)
EXTENT_SHARE = 0.25  # the pointer's extent: the largest that this share of the blobs seen moving
# reach (measured: a plain arrow's blobs reach 4 blocks in 1-8 % of its steps, at 2x too; an
# arrow in a highlight disc's reach 4 in 39-44 %, 5 in 9 %)

# --- the tracker: samples, trails, background ---
CONSECUTIVE_S = 0.25  # samples closer than this follow each other (runs of change, motion)
TRAIL_S = 1.0  # how long before a small change was first seen its arrival is looked for
PLAIN = 0.5  # a place with less than this share of the structure it had is plain background now
