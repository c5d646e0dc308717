"""Frame selection: which frames of a video to keep, written as images.

`options` (light: what a caller may ask), `select.extract_frames` (the entry point), one module
per strategy (`slides/`, `scenes`, `keyframes`, `interval`), `diff` (block-difference scoring)
and `output` (near-duplicates, `--max-frames`, writing images on a background thread).
"""
