"""The payload's `transcript` object built from an engine's output, and the words spoken in a
time span (each frame's `transcript`)."""

from __future__ import annotations

from typing import Any

from peepshow_core.speech.engine import EngineOutput


def build_transcript(
    out: EngineOutput, offset_s: float, duration_s: float, engine: str, model: str
) -> dict[str, Any]:
    """The payload's `transcript` object: times shifted to the media timeline, rounded to ms."""
    end_limit = offset_s + duration_s

    def t(value: float) -> float:
        return round(min(max(float(value) + offset_s, 0.0), end_limit), 3)

    segments: list[dict[str, Any]] = []
    for seg in out.segments:
        item: dict[str, Any] = {"start": t(seg["start"]), "end": t(seg["end"]), "text": seg["text"]}
        if "words" in seg:
            item["words"] = [
                {"start": t(w["start"]), "end": t(w["end"]), "word": w["word"]}
                for w in seg["words"]
            ]
        segments.append(item)
    # Silence is what the recognised segments leave uncovered, the same for every engine. (A VAD's
    # own figure is no good here: it pads speech and keeps pauses shorter than 2 s.)
    speech_s = _covered_seconds(out.segments, duration_s)
    silence = 1.0 - speech_s / duration_s if duration_s > 0 else 1.0
    return {
        "text": " ".join(s["text"] for s in segments if s["text"]),
        "language": out.language,
        "language_probability": (
            None if out.language_probability is None else round(float(out.language_probability), 4)
        ),
        "duration_s": round(duration_s, 3),
        "silence_ratio": round(min(max(silence, 0.0), 1.0), 4),
        "segments": segments,
        "engine": engine,
        "model": model,
    }


def words_between(transcript: dict[str, Any] | None, start_s: float, end_s: float) -> str:
    """The words spoken in [start_s, end_s): a word counts where its midpoint falls.

    Uses each segment's word timestamps when present; otherwise spreads the segment's words over
    its time span in proportion to their length.
    """
    if not transcript:
        return ""
    pieces: list[str] = []
    for seg in transcript.get("segments", []):
        if seg["end"] < start_s or seg["start"] >= end_s:
            continue
        tokens = [
            word
            for w_start, w_end, word in _timed_words(seg)
            if start_s <= (w_start + w_end) / 2 < end_s
        ]
        pieces.append(join_tokens(tokens))
    return " ".join(piece for piece in pieces if piece)


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
