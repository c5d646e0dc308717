"""How far a transcript can be trusted, judged from the decoder's own signals (no second model,
so it costs no transcription time).

Per segment:
- `confidence` (0..1): the mean probability the decoder gave the segment's words, where a word
  that only repeats what was just said (it completes a REPEAT_NGRAM-word sequence heard before in
  the transcript) counts 0: a decoder stuck in a loop is sure of its words, and wrong. Without
  word timestamps: exp(avg_logprob), the geometric mean of the window's token probabilities.
- a **hallucination** is left out of the transcript's `text` (it stays in `segments`, marked):
  a segment that repeats one of the REPEAT_LOOKBACK segments before it, or whose text compresses
  too well (compression_ratio above COMPRESSION_LIMIT, Whisper's own "stuck in a loop" limit),
  or that is mostly non-speech (no_speech_prob above NO_SPEECH_LIMIT while avg_logprob is below
  LOGPROB_FLOOR, Whisper's own silence rule).
- a segment whose confidence is below MIN_CONFIDENCE, or whose window's avg_logprob is below
  LOGPROB_FLOOR (what Whisper itself treats as a failed decode), is kept but marked unreliable.

Per transcript (`judge`): `confidence` is the word-weighted mean of the kept segments'. The
transcript is unreliable when most of its words were hallucinations; when speech was heard (the
voice detector kept MIN_SPEECH_S or more) that the words do not account for (fewer than
MIN_WORDS_PER_SPEECH_S kept words per second of it: a stock phrase such as "Thank you very much."
over ten seconds of talk, or nothing at all); or when the decoder was unsure of it (confidence
below MIN_CONFIDENCE, or the kept segments' avg_logprob below LOGPROB_FLOOR).
With an English-only model the last two are the signature of another language, and the reason
says so. The tuned values are measured, with a held-out half, in docs/ACCURACY.md.
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
# Tuned on the tuning half of `make eval-speech` (devtools/eval_speech_tune.py replays a sweep).
# MIN_CONFIDENCE is the highest value that keeps that half's English within the 2 % the issue
# allows (short phrases are the hard case on both sides: "That is all for today." said in
# English scores 0.46, "Hartelijk bedankt." heard as English 0.69); MIN_WORDS_PER_SPEECH_S sits
# in the middle of the range (0.5-1.1) where it changes nothing for English.
MIN_CONFIDENCE = 0.56  # below: the decoder was unsure of the words
MIN_WORDS_PER_SPEECH_S = 0.8  # below: the words leave most of the speech unaccounted for
MIN_SPEECH_S = 2.0  # the voice detector kept at least this much audio: speech was heard
REPEAT_NGRAM = 3  # a word completing a 3-word sequence said before in the transcript repeats it
REPEAT_LOOKBACK = 3  # a segment equal to one of this many before it is a repetition
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


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split())


def word_scores(segments: list[dict[str, Any]]) -> list[list[float]]:
    """Per segment, each word's probability, or 0 for a word that completes a REPEAT_NGRAM-word
    sequence already said earlier in the transcript. Empty for a segment without word timings."""
    stream: list[tuple[int, int, str]] = []
    scores: list[list[float]] = []
    for i, seg in enumerate(segments):
        words = [w for w in seg.get("words") or [] if "probability" in w]
        scores.append([float(w["probability"]) for w in words])
        stream += [(i, j, _norm(w["word"])) for j, w in enumerate(words)]
    seen: set[tuple[str, ...]] = set()
    for end in range(REPEAT_NGRAM, len(stream) + 1):
        gram = tuple(text for _, _, text in stream[end - REPEAT_NGRAM : end])
        if gram in seen:
            for i, j, _ in stream[end - REPEAT_NGRAM : end]:
                scores[i][j] = 0.0
        seen.add(gram)
    return scores


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


def unsure(confidence: float, avg_logprob: float | None) -> bool:
    """The decoder was unsure: a low confidence, or a log-probability Whisper itself treats as a
    failed decode (below LOGPROB_FLOOR)."""
    return confidence < MIN_CONFIDENCE or (avg_logprob is not None and avg_logprob < LOGPROB_FLOOR)


def mark_segments(segments: list[dict[str, Any]]) -> None:
    """Give each engine segment its `confidence`, `reliable` and (when unreliable) `reason`."""
    for i, (seg, scores) in enumerate(zip(segments, word_scores(segments), strict=True)):
        if scores:
            seg["confidence"] = sum(scores) / len(scores)
        else:
            seg["confidence"] = math.exp(min(0.0, float(seg.get("avg_logprob", 0.0))))
        why = hallucination(seg, segments[:i])
        if why is None and unsure(seg["confidence"], seg.get("avg_logprob")):
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
    heard = speech_s is not None and speech_s >= MIN_SPEECH_S
    if heard and speech_s and kept_words / speech_s < MIN_WORDS_PER_SPEECH_S:
        return Verdict(False, UNRECOGNISED, confidence)
    if confidence is None:
        return Verdict(True, None, None)  # silence: nothing said, nothing claimed
    if unsure(confidence, _weighted([s for s in segments if kept(s)], "avg_logprob")):
        return Verdict(False, LOW_CONFIDENCE if multilingual else NOT_ENGLISH, confidence)
    return Verdict(True, None, confidence)


def _weighted(segments: list[dict[str, Any]], key: str) -> float | None:
    """`key` over `segments`, weighted by their tokens (None when none has it)."""
    pairs = [(max(1, int(s.get("tokens", 1))), s[key]) for s in segments if key in s]
    total = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / total if total else None


def warning(verdict: Verdict, model: str, multilingual: bool) -> str | None:
    """One line for the user when the transcript cannot be trusted, saying what to do."""
    other = SUGGESTED_MULTILINGUAL
    if verdict.reliable:
        return None
    if not multilingual and verdict.reason in (NOT_ENGLISH, UNRECOGNISED):
        knows = "" if verdict.reason is NOT_ENGLISH else f"; the model {model} knows only English"
        return (
            f"the transcript is unreliable: {verdict.reason}{knows}. For other languages: "
            f"`peepshow models pull {other}`, then --model {other} "
            f"(or PEEPSHOW_WHISPER_MODEL={other})"
        )
    return f"the transcript is unreliable: {verdict.reason}"
