"""Make samples/sample.mp4: a 14-second talk with three slides, a build and spoken words.

Run from the repository root: `python -m samples.make_sample` (needs only PyAV, Pillow, numpy;
the speech comes from samples/speech.wav, made with
`espeak-ng -v en -s 120 -w samples/speech.wav "<COMMITTED_SPEECH_TEXT>"`).
The slide states and the words are listed in samples/sample.json, which the tests check against.
"""

from __future__ import annotations

import json
from pathlib import Path

from devtools.synthvideo import (
    COMMITTED_SPEECH,
    COMMITTED_SPEECH_TEXT,
    SlideState,
    Talk,
    render_talk,
)

HERE = Path(__file__).resolve().parent

SAMPLE = Talk(
    states=[
        SlideState(0.0, "peepshow: video in, payload out"),
        SlideState(3.0, "Step 1: pick the slides"),
        SlideState(6.0, "Step 1: pick the slides", ["A new bullet is a new frame"]),
        SlideState(9.0, "Step 2: deliver the run", ["Cassandra, Databricks, analytics"]),
    ],
    duration_s=14.0,
    width=640,
    height=360,
    fps=15,
    cursor=True,
    audio_wav=COMMITTED_SPEECH,
)


def main() -> None:
    changes = render_talk(SAMPLE, HERE / "sample.mp4")
    facts = {
        "video": "sample.mp4",
        "duration_s": SAMPLE.duration_s,
        "state_times_s": [0.0, *changes],
        "titles": [s.title for s in SAMPLE.states],
        "speech": COMMITTED_SPEECH_TEXT,
    }
    (HERE / "sample.json").write_text(json.dumps(facts, indent=2) + "\n", "utf-8")
    print(f"wrote {HERE / 'sample.mp4'} ({(HERE / 'sample.mp4').stat().st_size} bytes)")


if __name__ == "__main__":
    main()
