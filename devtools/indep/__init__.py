"""An independent screen-recording generator (`generator: "indep"` in the truth).

Written from scratch by someone who never read devtools/corpus/, so it tests whether frame
selection generalises: `python -m devtools.indep OUTDIR` (`make eval-indep` scores it).

Each seed seeds one `numpy.random.Generator`; every choice (deck, timeline, theme, fps,
distractor motion) comes from it, so a seed always gives the same video and truth.

What is modelled: 16 seeds at 1280x720 (1920x1080 on seeds 2, 7, 10, 13; 1440x900 on 4;
1024x768 on 9), fps from {24, 25, 30, 60}, encode `seed % 6` over x264, x264-ultrafast,
x264-longgop, vfr (mpdecimate), vp9, hevc. 8-14 states over 40-70 s: a new slide, a build (one
more bullet or diagram box), a return to an earlier slide, a scroll of a tall page; each rests
>= 3.2 s. Transitions: cut, cross-fade, dissolve, push, wipe (builds: cut or a short fade).
Distractors that never make states: a pointer, a webcam, a clip playing in one slide, a menu-bar
clock, a blinking caret (none on seeds 3, 9, 14).

Truth: frame i is at i/fps (also for the vfr encode). Times are measured on distractor-free
renders of the transition frames: `start` is the first frame differing from the previous
state's picture, `settle` the first frame from which on the picture equals the new state's,
`end` the next start - 1/fps (or the last frame). `moving` is always [].
"""
