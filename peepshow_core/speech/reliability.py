"""How far a transcript can be trusted, judged from the decoder's own signals (no second model,
so it costs no transcription time).

Per segment:
- `confidence` (0..1): the mean probability the decoder gave the segment's words; without word
  timestamps, exp(avg_logprob), the geometric mean of its token probabilities.
- a **hallucination** is left out of the transcript's `text` (it stays in `segments`, marked):
  a segment that repeats one of the REPEAT_LOOKBACK segments before it, or whose text compresses
  too well (compression_ratio above COMPRESSION_LIMIT, Whisper's own "stuck in a loop" limit),
  or that is mostly non-speech (no_speech_prob above NO_SPEECH_LIMIT while avg_logprob is below
  LOGPROB_FLOOR, Whisper's own silence rule).
- a segment whose confidence is below MIN_CONFIDENCE is kept but marked unreliable.

Per transcript: `confidence` is the word-weighted mean of the kept segments' confidences, and the
transcript is unreliable when speech was heard but no word survived, when most words were
hallucinations, or when its confidence is below MIN_CONFIDENCE. With an English-only model a low
confidence on real speech is the signature of another language, and the reason says so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from peepshow_core.contract.vocab import TranscriptIssue
from peepshow_core.speech.catalog import SUGGESTED_MULTILINGUAL

# Whisper's own limits (openai/whisper transcribe.py: compression_ratio_threshold,
# logprob_threshold, no_speech_threshold).
COMPRESSION_LIMIT = 2.4
LOGPROB_FLOOR = -1.0
NO_SPEECH_LIMIT = 0.6
# Tuned on the tuning half of `make eval-speech` (docs/ACCURACY.md):
MIN_CONFIDENCE = 0.6  # below: the decoder was unsure of the words
REPEAT_LOOKBACK = 3  # a segment equal to one of this many before it is a repetition
MIN_SPEECH_S = 2.0  # the voice detector kept at least this much audio: speech was heard
HALLUCINATED_SHARE = 0.5  # more of the words than this were hallucinations: unreliable

REPEATED = TranscriptIssue.repeated
NON_SPEECH = TranscriptIssue.non_speech
UNSURE = TranscriptIssue.unsure
NOT_ENGLISH = TranscriptIssue.not_english
UNRECOGNISED = TranscriptIssue.unrecognised
LOW_CONFIDENCE = TranscriptIssue.low_confidence


@dataclass(frozen=True)
class Verdict:
    reliable: bool
    reason: TranscriptIssue | None
    confidence: float | None  # None when no word was kept


def segment_confidence(seg: dict[str, Any]) -> float:
    probs = [w["probability"] for w in seg.get("words") or [] if "probability" in w]
    if probs:
        return sum(probs) / len(probs)
    return math.exp(min(0.0, float(seg.get("avg_logprob", 0.0))))


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split())


def hallucination(seg: dict[str, Any], earlier: list[dict[str, Any]]) -> TranscriptIssue | None:
    """Why a segment is a hallucination (REPEATED, NON_SPEECH), or None."""
    text = _norm(seg["text"])
    if text and any(_norm(e["text"]) == text for e in earlier[-REPEAT_LOOKBACK:]):
        return REPEATED
    if seg.get("compression_ratio", 0.0) > COMPRESSION_LIMIT:
        return REPEATED
    if (
        seg.get("no_speech_prob", 0.0) > NO_SPEECH_LIMIT
        and seg.get("avg_logprob", 0.0) < LOGPROB_FLOOR
    ):
        return NON_SPEECH
    return None


def mark_segments(segments: list[dict[str, Any]]) -> None:
    """Give each engine segment its `confidence`, `reliable` and (when unreliable) `reason`."""
    for i, seg in enumerate(segments):
        seg["confidence"] = segment_confidence(seg)
        why = hallucination(seg, segments[:i])
        if why is None and seg["confidence"] < MIN_CONFIDENCE:
            why = UNSURE
        seg["reliable"] = why is None
        seg["reason"] = why


def kept(seg: dict[str, Any]) -> bool:
    """Whether a marked segment's words belong in the transcript's text."""
    reason = seg.get("reason")
    return not (reason in set(TranscriptIssue) and TranscriptIssue(reason).left_out)


def judge(segments: list[dict[str, Any]], multilingual: bool, speech_s: float | None) -> Verdict:
    """The transcript's verdict from its marked segments."""
    words = [len(s["text"].split()) for s in segments]
    total = sum(words)
    kept_words = sum(n for n, s in zip(words, segments, strict=True) if kept(s))
    confidence = (
        sum(n * s["confidence"] for n, s in zip(words, segments, strict=True) if kept(s))
        / kept_words
        if kept_words
        else None
    )
    if total and total - kept_words > HALLUCINATED_SHARE * total:
        dropped = [s["reason"] for s in segments if not kept(s)]
        reason = max(set(dropped), key=dropped.count)
        return Verdict(False, reason, confidence)
    if confidence is None:
        if speech_s is not None and speech_s >= MIN_SPEECH_S:
            return Verdict(False, UNRECOGNISED, None)
        return Verdict(True, None, None)  # silence: nothing said, nothing claimed
    if confidence < MIN_CONFIDENCE:
        return Verdict(False, LOW_CONFIDENCE if multilingual else NOT_ENGLISH, confidence)
    return Verdict(True, None, confidence)


def warning(verdict: Verdict, model: str, multilingual: bool) -> str | None:
    """One line for the user when the transcript cannot be trusted, saying what to do."""
    other = SUGGESTED_MULTILINGUAL
    if verdict.reliable:
        return None
    if not multilingual and verdict.reason in (NOT_ENGLISH, UNRECOGNISED):
        return (
            f"the transcript is unreliable: {verdict.reason}; the model {model} only knows "
            f"English. For other languages: `peepshow models pull {other}`, then "
            f"--model {other} (or PEEPSHOW_WHISPER_MODEL={other})"
        )
    return f"the transcript is unreliable: {verdict.reason}"
