"""The frame-selection evaluation corpus (`make eval`), rendered from seeds with ground truth.

- `specs`: which recordings exist: a design matrix crossing themes, slide kinds, aspect ratios,
  sizes, frame rates, transitions, distractors and encoders, split into a tuning half and a
  held-out half by seed parity;
- `timeline`: from a spec's seed, the deck, the slide states with their settled intervals (the
  ground truth), and the distractors' schedules;
- `pages` + `overlays` + `compose`: pictures: slide pages (text, diagram, code, terminal,
  screenshot-like), the pointer, webcam, playing clip and clock, transitions between pages;
  `meeting`: a meeting's participant strip; `zoom`: a zooming recorder's zooms; `stage`: a
  talk composited on a stage, the screen shrunk beside the speaker's camera; `bubble`: a webcam
  the presenter drags elsewhere or turns off and on; `captions`: subtitles burned in;
  `notices`: notifications laid over a corner for a few seconds;
- `camera`: camera footage (continuous motion, a cartoon, shots with cuts) and its shots;
- `encode`: the ffmpeg command lines real recorders use, and the cache in `.eval-cache/frames/`;
- `score`: recall, precision, mid-transition frames, wrong pictures, coverage.

`python -m devtools.eval_frames` runs peepshow over it; see docs/ACCURACY.md.
"""
