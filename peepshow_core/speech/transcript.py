"""The payload's `transcript` object built from an engine's output, and the words spoken in a
time span (each frame's `transcript`)."""

from __future__ import annotations

from typing import Any

from peepshow_core.speech import reliability
from peepshow_core.speech.engine import EngineOutput

SIGNAL_DIGITS = 3  # decimals kept of the confidence and the decoder's signals


def build_transcript(
    out: EngineOutput, offset_s: float, duration_s: float, engine: str, model: str
) -> tuple[dict[str, Any], list[str]]:
    """The payload's `transcript` object (times shifted to the media timeline, rounded to ms)
    with its reliability, and the warning to show when it cannot be trusted."""
    end_limit = offset_s + duration_s

    def t(value: float) -> float:
        return round(min(max(float(value) + offset_s, 0.0), end_limit), 3)

    reliability.mark_segments(out.segments)
    verdict = reliability.judge(out.segments, out.multilingual, out.speech_s)
    segments: list[dict[str, Any]] = []
    for seg in out.segments:
        item: dict[str, Any] = {"start": t(seg["start"]), "end": t(seg["end"]), "text": seg["text"]}
        if "words" in seg:
            item["words"] = [
                {"start": t(w["start"]), "end": t(w["end"]), "word": w["word"]}
                for w in seg["words"]
            ]
        item["confidence"] = _signal(seg["confidence"])
        for key in SIGNALS:
            if key in seg:
                item[key] = _signal(seg[key])
        item["reliable"] = seg["reliable"]
        if seg["reason"]:
            item["reason"] = seg["reason"]
        segments.append(item)
    kept = [s for s in out.segments if reliability.kept(s)]
    # Silence is what the kept segments leave uncovered, the same for every engine. (A VAD's
    # own figure is no good here: it pads speech and keeps pauses shorter than 2 s.)
    speech_s = _covered_seconds(kept, duration_s)
    silence = 1.0 - speech_s / duration_s if duration_s > 0 else 1.0
    transcript = {
        "text": " ".join(s["text"] for s in segments if s["text"] and reliability.kept(s)),
        "language": out.language,
        "language_probability": (
            None if out.language_probability is None else round(float(out.language_probability), 4)
        ),
        "duration_s": round(duration_s, 3),
        "silence_ratio": round(min(max(silence, 0.0), 1.0), 4),
        "segments": segments,
        "engine": engine,
        "model": model,
        "reliable": verdict.reliable,
        "reason": verdict.reason,
        "confidence": None if verdict.confidence is None else _signal(verdict.confidence),
        **_summary(kept),
    }
    warning = reliability.warning(verdict, model, out.multilingual)
    return transcript, [warning] if warning else []


SIGNALS = ("avg_logprob", "no_speech_prob", "compression_ratio")


def _signal(value: float) -> float:
    return round(float(value), SIGNAL_DIGITS)


def _summary(segments: list[dict[str, Any]]) -> dict[str, float | None]:
    """The decoder's signals over the kept segments: avg_logprob and no_speech_prob weighted by
    each segment's tokens, the largest compression_ratio."""
    weights = [max(1, int(s.get("tokens", 1))) for s in segments]
    total = sum(weights)

    def mean(key: str) -> float | None:
        pairs = [(w, s[key]) for w, s in zip(weights, segments, strict=True) if key in s]
        if not pairs or not total:
            return None
        return _signal(sum(w * v for w, v in pairs) / sum(w for w, _ in pairs))

    ratios = [s["compression_ratio"] for s in segments if "compression_ratio" in s]
    return {
        "avg_logprob": mean("avg_logprob"),
        "no_speech_prob": mean("no_speech_prob"),
        "compression_ratio": _signal(max(ratios)) if ratios else None,
    }


def words_between(transcript: dict[str, Any] | None, start_s: float, end_s: float) -> str:
    """The words spoken in [start_s, end_s): a word counts where its midpoint falls.

    Uses each segment's word timestamps when present; otherwise spreads the segment's words over
    its time span in proportion to their length. Hallucinated segments (left out of the
    transcript's text) are left out here too.
    """
    return " ".join(piece for piece, _ in _spoken(transcript, start_s, end_s) if piece)


def reliable_between(transcript: dict[str, Any] | None, start_s: float, end_s: float) -> bool:
    """Whether every word spoken in [start_s, end_s) can be trusted: the transcript is reliable
    and none of those words comes from a segment marked unreliable."""
    if not transcript or transcript.get("reliable") is False:
        return False
    return all(reliable for piece, reliable in _spoken(transcript, start_s, end_s) if piece)


def _spoken(
    transcript: dict[str, Any] | None, start_s: float, end_s: float
) -> list[tuple[str, bool]]:
    """Per segment: its words whose midpoint is in [start_s, end_s), joined as written, and
    whether the segment is reliable."""
    if not transcript:
        return []
    pieces: list[tuple[str, bool]] = []
    for seg in transcript.get("segments", []):
        if seg["end"] < start_s or seg["start"] >= end_s or not reliability.kept(seg):
            continue
        tokens = [
            word
            for w_start, w_end, word in _timed_words(seg)
            if start_s <= (w_start + w_end) / 2 < end_s
        ]
        pieces.append((join_tokens(tokens), seg.get("reliable", True) is not False))
    return pieces


def join_tokens(tokens: list[str]) -> str:
    """Word tokens as the model wrote them: one with a leading space starts a word, one without
    continues the previous ("fast" + "-paced", "it" + "'s"). Tokens that carry no spacing at all
    (split from a segment's text, or stripped by an older peepshow) are joined with spaces."""
    if any(token[:1].isspace() for token in tokens):
        return " ".join("".join(tokens).split())
    return " ".join(token.strip() for token in tokens if token.strip())


def _timed_words(seg: dict[str, Any]) -> list[tuple[float, float, str]]:
    if seg.get("words"):
        return [(w["start"], w["end"], w["word"]) for w in seg["words"] if w["word"]]
    words = seg["text"].split()
    total = sum(len(w) + 1 for w in words)
    span = seg["end"] - seg["start"]
    timed, cursor = [], float(seg["start"])
    for word in words:
        length = span * (len(word) + 1) / total
        timed.append((cursor, cursor + length, word))
        cursor += length
    return timed


def _covered_seconds(segments: list[dict[str, Any]], duration_s: float) -> float:
    """Length of the union of segment intervals, clipped to the audio."""
    covered, reach = 0.0, 0.0
    for start, end in sorted((max(0.0, s["start"]), min(duration_s, s["end"])) for s in segments):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered
