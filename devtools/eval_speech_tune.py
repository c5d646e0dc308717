"""Replay the reliability rules on the decoder signals `make eval-speech` saved, for the TUNING half
only: `python -m devtools.eval_speech_tune [--key MIN_CONFIDENCE --values 0.5,0.55,0.6]`.

For each value of one tuning constant of peepshow_core/speech/reliability.py it prints how many
other-language clips would be flagged, how many English clips would be, and how many music, noise
or silence clips would keep reliable words. The held-out half is never read: it is only measured,
by `make eval-speech`, after the constants are chosen.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from devtools import speech_corpus
from devtools.eval_speech_report import ENGLISH, NO_SPEECH, OTHER
from peepshow_core.speech import reliability

HALF = "tune"


def engine_segments(baseline: dict[str, Any]) -> list[dict[str, Any]]:
    """The saved direct-run segments, shaped as an engine returns them."""
    out = []
    for seg in baseline["segments"]:
        texts = seg["text"].split()  # the saved word probabilities come without their tokens
        texts += [""] * (len(seg["word_probs"]) - len(texts))
        words = [
            {"start": 0.0, "end": 0.0, "word": text, "probability": p}
            for text, p in zip(texts, seg["word_probs"], strict=False)
        ]
        out.append({**{k: v for k, v in seg.items() if k != "word_probs"}, "words": words})
    return out


def verdict(baseline: dict[str, Any]) -> tuple[bool, int]:
    """(flagged, reliable words) as the current rules judge the saved segments."""
    segments = engine_segments(baseline)
    reliability.mark_segments(segments)
    judged = reliability.judge(segments, multilingual=False, speech_s=baseline["speech_s"])
    if not judged.reliable:
        return True, 0
    return False, sum(len(s["text"].split()) for s in segments if s["reliable"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eval-speech-tune", description=__doc__.split("\n")[0])
    parser.add_argument("--key", default="MIN_CONFIDENCE", help="a constant of reliability.py")
    parser.add_argument("--values", default="", help="comma-separated values to try")
    args = parser.parse_args(argv)
    results = json.loads(speech_corpus.CACHE.joinpath("results.json").read_text("utf-8"))
    rows = [r for r in results["clips"].values() if r["clip"]["half"] == HALF]
    current = getattr(reliability, args.key)
    values = [float(v) for v in args.values.split(",") if v] or [current]
    print(f"{args.key} (now {current}) | other flagged | English flagged | no-speech with words")
    for value in values:
        setattr(reliability, args.key, type(current)(value))
        counts = {"other": [0, 0], "english": [0, 0], "quiet": [0, 0]}
        for row in rows:
            flagged, words = verdict(row["baseline"])
            kind = row["clip"]["kind"]
            group = "other" if kind in OTHER else "english" if kind in ENGLISH else "quiet"
            assert kind in (*OTHER, *ENGLISH, *NO_SPEECH)
            hit = flagged if group != "quiet" else words > 0
            counts[group][0] += hit
            counts[group][1] += 1
        cells = " | ".join(f"{hit}/{total}" for hit, total in counts.values())
        print(f"{value:g} | {cells}")
    setattr(reliability, args.key, current)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
