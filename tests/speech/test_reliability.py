"""The reliability rules on engine output built by hand: confidence, hallucinations, verdicts, and
what the transcript and the per-frame words make of them."""

from __future__ import annotations

import math
from typing import Any

import pytest

from peepshow_core.speech import reliability as rel
from peepshow_core.speech.engine import EngineOutput
from peepshow_core.speech.transcript import build_transcript, reliable_between, words_between


def seg(
    start: float,
    end: float,
    text: str,
    probs: list[float] | None = None,
    *,
    logprob: float = -0.3,
    no_speech: float = 0.1,
    ratio: float = 1.2,
) -> dict[str, Any]:
    """An engine segment; `probs` gives each word's probability (and word timestamps)."""
    item: dict[str, Any] = {
        "start": start,
        "end": end,
        "text": text,
        "avg_logprob": logprob,
        "no_speech_prob": no_speech,
        "compression_ratio": ratio,
        "tokens": len(text.split()) + 1,
    }
    if probs is not None:
        words = text.split()
        assert len(words) == len(probs)
        step = (end - start) / len(words)
        item["words"] = [
            {"start": start + i * step, "end": start + (i + 1) * step, "word": w, "probability": p}
            for i, (w, p) in enumerate(zip(words, probs, strict=True))
        ]
    return item


def output(
    *segments: dict[str, Any], multilingual: bool = False, speech_s: float | None = None
) -> Any:
    """Engine output; `speech_s` None: no voice detector ran (as with openai-whisper)."""
    return EngineOutput(list(segments), "en", None, multilingual=multilingual, speech_s=speech_s)


SURE = [0.95, 0.9, 0.92]
UNSURE = [0.3, 0.4, 0.35]


def test_confidence_is_the_mean_word_probability_else_exp_logprob() -> None:
    segments = [seg(0, 1, "a b c", [0.9, 0.6, 0.3]), seg(1, 2, "d e f", logprob=-0.5)]
    rel.mark_segments(segments)
    assert segments[0]["confidence"] == pytest.approx(0.6)
    assert segments[1]["confidence"] == pytest.approx(math.exp(-0.5))


def test_words_that_only_repeat_what_was_just_said_earn_no_confidence() -> None:
    looping = seg(0, 6, "thank you very much and thank you very much", [0.9] * 9)
    rel.mark_segments([looping])
    # "you very much" repeats "thank you very much": the second "thank you very much" scores 0
    assert looping["confidence"] == pytest.approx(0.9 * 5 / 9)
    across = [seg(0, 2, "see you next time", [*SURE, 0.9]), seg(2, 4, "you next time", SURE)]
    rel.mark_segments(across)  # a repeat across segments counts too
    assert across[1]["confidence"] == 0.0 and across[0]["confidence"] == pytest.approx(0.9175)


def test_a_repeated_segment_is_a_hallucination_left_out_of_the_text() -> None:
    out = output(
        seg(0, 2, "We start now.", SURE),
        seg(2, 4, "Thank you for watching.", [0.9, 0.9, 0.9, 0.9]),
        seg(4, 6, "Thank you for watching!", [0.9, 0.9, 0.9, 0.9]),
    )
    transcript, _ = build_transcript(out, 0.0, 6.0, "faster-whisper", "tiny.en")
    assert transcript["text"] == "We start now. Thank you for watching."
    marks = [(s["reliable"], s.get("reason")) for s in transcript["segments"]]
    assert marks == [(True, None), (True, None), (False, rel.REPEATED)]
    assert transcript["reliable"] is True  # one repeat in three segments
    assert words_between(transcript, 4.0, 6.0) == ""  # not in the frame's words either
    assert transcript["silence_ratio"] == pytest.approx(2 / 6, abs=0.001)  # not counted as speech


def test_a_looping_segment_and_a_non_speech_one_are_hallucinations() -> None:
    loop = seg(0, 5, "to the to the to the", [0.9] * 6, ratio=rel.COMPRESSION_LIMIT + 0.1)
    hum = seg(5, 9, "Thank you.", [0.8, 0.8], logprob=-1.2, no_speech=0.7)
    assert rel.hallucination(loop, []) == rel.REPEATED
    assert rel.hallucination(hum, []) == rel.NON_SPEECH
    # Whisper's silence rule needs both: a likely-silent window decoded with confidence is kept.
    assert rel.hallucination(seg(0, 1, "Yes.", [0.9], logprob=-0.4, no_speech=0.7), []) is None


def test_mostly_hallucinated_words_make_the_transcript_unreliable() -> None:
    out = output(
        seg(0, 2, "Music.", [0.9]),
        seg(2, 4, "Thank you for watching.", [0.9] * 4, logprob=-1.3, no_speech=0.8),
        seg(4, 6, "Thank you for watching.", [0.9] * 4),
    )
    transcript, warnings = build_transcript(out, 0.0, 6.0, "faster-whisper", "tiny.en")
    assert transcript["reliable"] is False
    assert transcript["reason"] in (rel.REPEATED, rel.NON_SPEECH)
    assert transcript["text"] == "Music."
    assert len(warnings) == 1


def test_low_confidence_with_an_english_only_model_says_it_is_not_english() -> None:
    out = output(seg(0, 3, "I hope you", UNSURE), seg(3, 6, "enjoyed this video", UNSURE))
    transcript, warnings = build_transcript(out, 0.0, 6.0, "faster-whisper", "tiny.en")
    assert transcript["reliable"] is False
    assert transcript["reason"] == rel.NOT_ENGLISH
    assert transcript["text"] == "I hope you enjoyed this video"  # kept, but flagged
    assert transcript["confidence"] == pytest.approx(0.35, abs=0.001)
    assert [s["reason"] for s in transcript["segments"]] == [rel.UNSURE, rel.UNSURE]
    (line,) = warnings
    assert "\n" not in line and "peepshow models pull small" in line and "--model small" in line
    assert reliable_between(transcript, 0.0, 6.0) is False


def test_low_confidence_with_a_multilingual_model_is_just_low_confidence() -> None:
    out = output(seg(0, 3, "a b c", UNSURE), multilingual=True)
    transcript, warnings = build_transcript(out, 0.0, 3.0, "faster-whisper", "small")
    assert transcript["reason"] == rel.LOW_CONFIDENCE
    assert warnings == [f"the transcript is unreliable: {rel.LOW_CONFIDENCE}"]


def test_a_stock_phrase_over_long_speech_is_unrecognised_speech() -> None:
    phrase = seg(0, 2, "Thank you very much.", [0.95, 0.95, 0.95, 0.95])
    rate = rel.MIN_WORDS_PER_SPEECH_S
    short = output(phrase, speech_s=4 / rate - 0.5)  # 4 words account for this much speech
    assert build_transcript(short, 0.0, 9.0, "faster-whisper", "tiny.en")[0]["reliable"] is True
    long = output(dict(phrase), speech_s=4 / rate + 0.5)
    transcript, (line,) = build_transcript(long, 0.0, 9.0, "faster-whisper", "tiny.en")
    assert (transcript["reliable"], transcript["reason"]) == (False, rel.UNRECOGNISED)
    assert transcript["text"] == "Thank you very much."  # kept, but flagged
    assert "knows only English" in line and "peepshow models pull small" in line


def test_speech_heard_but_no_words_is_unreliable_and_silence_is_not() -> None:
    heard, warnings = build_transcript(
        output(speech_s=rel.MIN_SPEECH_S + 1), 0.0, 8.0, "faster-whisper", "tiny.en"
    )
    assert (heard["reliable"], heard["reason"], heard["confidence"]) == (
        False,
        rel.UNRECOGNISED,
        None,
    )
    assert len(warnings) == 1
    quiet, warnings = build_transcript(output(speech_s=0.0), 0.0, 8.0, "faster-whisper", "tiny.en")
    assert (quiet["reliable"], quiet["reason"], warnings) == (True, None, [])


def test_one_unsure_segment_marks_its_frame_not_the_transcript() -> None:
    out = output(
        seg(0, 3, "Welcome to the meeting", [0.95] * 4),
        seg(3, 5, "bonjour", [0.2]),
        seg(5, 9, "Today we talk about budgets", [0.9] * 5),
    )
    transcript, warnings = build_transcript(out, 0.0, 9.0, "faster-whisper", "tiny.en")
    assert transcript["reliable"] is True and warnings == []
    assert reliable_between(transcript, 0.0, 3.0) is True
    assert reliable_between(transcript, 3.0, 5.0) is False
    assert words_between(transcript, 3.0, 5.0) == "bonjour"
    assert reliable_between(transcript, 5.0, 9.0) is True


def test_summary_signals_come_from_the_kept_segments() -> None:
    out = output(
        seg(0, 2, "one two three", SURE, logprob=-0.2, no_speech=0.1, ratio=1.1),
        seg(2, 4, "four five six", SURE, logprob=-0.4, no_speech=0.3, ratio=1.5),
        seg(4, 6, "four five six", SURE, logprob=-3.0, no_speech=0.9, ratio=1.9),  # a repeat
    )
    transcript, _ = build_transcript(out, 0.0, 6.0, "faster-whisper", "tiny.en")
    assert transcript["avg_logprob"] == pytest.approx(-0.3)
    assert transcript["no_speech_prob"] == pytest.approx(0.2)
    assert transcript["compression_ratio"] == pytest.approx(1.5)
    first = transcript["segments"][0]
    assert first["confidence"] == pytest.approx(0.923, abs=0.001)
    assert (first["avg_logprob"], first["no_speech_prob"], first["compression_ratio"]) == (
        -0.2,
        0.1,
        1.1,
    )


def test_a_failed_decode_is_unsure_however_sure_the_words_look() -> None:
    """Whisper treats an average log-probability under -1 as a failed decode."""
    floor = rel.LOGPROB_FLOOR
    out = output(seg(0, 3, "one two three", SURE, logprob=floor - 0.1))
    transcript, _ = build_transcript(out, 0.0, 3.0, "faster-whisper", "tiny.en")
    assert transcript["confidence"] >= rel.MIN_CONFIDENCE
    assert (transcript["reliable"], transcript["reason"]) == (False, rel.NOT_ENGLISH)
    assert transcript["segments"][0]["reason"] == rel.UNSURE
    fine, _ = build_transcript(
        output(seg(0, 3, "one two three", SURE, logprob=floor + 0.1)), 0.0, 3.0, "x", "tiny.en"
    )
    assert fine["reliable"] is True
