"""Scoring and the docs/ACCURACY.md speech section for devtools/eval_speech.py.

A clip is *flagged* when peepshow gives no transcript or marks it `reliable: false`. Words count
as *reliable* when the transcript is not flagged and their segment is not marked unreliable. The
word error rate is corpus-level (all edits over all reference words) after lower-casing and
removing punctuation. "Today" is faster-whisper called directly with peepshow's original options:
it flags nothing, so every word it returns is presented as reliable.
"""

from __future__ import annotations

import datetime as dt
import platform
import re
import statistics
from dataclasses import asdict
from pathlib import Path
from typing import Any

ACCURACY = Path(__file__).resolve().parent.parent / "docs" / "ACCURACY.md"
BEGIN, END = "<!-- speech:begin -->", "<!-- speech:end -->"
ENGLISH = ("english", "english-mix")
OTHER = ("other", "other-mix")
NO_SPEECH = ("music", "noise", "silence")
HALVES = ("tune", "held")
TEXT_CHARS = 60  # today's text is cut to this in the per-clip table


def normalise(text: str) -> list[str]:
    text = text.lower().replace("-", " ").replace("'", "").replace("’", "")
    return re.sub(r"[^\w ]+", " ", text).split()


def edits(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance."""
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i]
        for j, h in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h)))
        prev = cur
    return prev[-1]


def transcript_of(row: dict[str, Any]) -> dict[str, Any] | None:
    t: dict[str, Any] | None = row["run"].get("transcript")
    return t


def flagged(t: dict[str, Any] | None) -> bool:
    return t is None or t.get("reliable") is False


def reliable_words(t: dict[str, Any] | None) -> int:
    if t is None or flagged(t):
        return 0
    return sum(
        len(seg["text"].split()) for seg in t["segments"] if seg.get("reliable", True) is not False
    )


def _repeats(lines: list[str]) -> bool:
    return len(set(lines)) < len(lines)


def _share(hits: int, total: int) -> dict[str, Any]:
    return {"hits": hits, "of": total, "share": hits / total if total else None}


def score(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per half: the figures the issue sets targets for, for today and for peepshow now."""
    out: dict[str, dict[str, Any]] = {}
    for half in HALVES:
        rows = [r for r in results.values() if r["clip"].half == half]
        if not rows:
            continue
        english = [r for r in rows if r["clip"].kind in ENGLISH]
        other = [r for r in rows if r["clip"].kind in OTHER]
        quiet = [r for r in rows if r["clip"].kind in NO_SPEECH]
        s: dict[str, Any] = {
            "other_flagged": _share(sum(flagged(transcript_of(r)) for r in other), len(other)),
            "english_flagged": _share(
                sum(flagged(transcript_of(r)) for r in english), len(english)
            ),
            "no_speech_reliable": _share(
                sum(reliable_words(transcript_of(r)) > 0 for r in quiet), len(quiet)
            ),
            "no_speech_words_today": _share(
                sum(bool(r["baseline"]["text"].split()) for r in quiet), len(quiet)
            ),
            "cli_runs": sum("cli" in r for r in rows),
            "cli_errors": sum(r["cli"]["exit"] != 0 for r in rows if "cli" in r),
            "cli_agrees": sum(
                flagged(r["cli"].get("transcript")) == flagged(transcript_of(r))
                for r in rows
                if "cli" in r
            ),
            "repeated_warnings": sum(
                _repeats(r["run"]["warnings"]) or ("cli" in r and _repeats(r["cli"]["warnings"]))
                for r in rows
            ),
            "time_ratio": sum(r["cand_s"] for r in rows) / sum(r["base_s"] for r in rows),
            "time_ratios": sorted(r["cand_s"] / r["base_s"] for r in rows),
            "clips": len(rows),
        }
        for label, kinds in (
            ("wer", ENGLISH),
            ("wer_clean", ("english",)),
            ("wer_mix", ("english-mix",)),
        ):
            sel = [r for r in english if r["clip"].kind in kinds]
            ref_words = sum(len(normalise(r["clip"].text)) for r in sel)
            now = sum(
                edits(
                    normalise(r["clip"].text), normalise((transcript_of(r) or {}).get("text", ""))
                )
                for r in sel
            )
            today = sum(
                edits(normalise(r["clip"].text), normalise(r["baseline"]["text"])) for r in sel
            )
            s[label] = {
                "now": now / ref_words if ref_words else None,
                "today": today / ref_words if ref_words else None,
            }
        out[half] = s
    return out


# --- the decoder's raw signals per group (for designing the reliability rules) ------------------


def clip_signals(base: dict[str, Any]) -> dict[str, float | None]:
    segs = base["segments"]
    probs = [p for s in segs for p in s["word_probs"]]
    tokens = sum(s["tokens"] for s in segs)
    words = len(base["text"].split())

    def weighted(key: str) -> float | None:
        return sum(s[key] * s["tokens"] for s in segs) / tokens if tokens else None

    return {
        "words": float(words),
        "avg_logprob": weighted("avg_logprob"),
        "no_speech_prob": weighted("no_speech_prob"),
        "compression_ratio": max((s["compression_ratio"] for s in segs), default=None),
        "word_prob": statistics.fmean(probs) if probs else None,
        "words_per_speech_s": words / base["speech_s"] if base["speech_s"] else None,
    }


SIGNALS = (
    "words",
    "avg_logprob",
    "no_speech_prob",
    "compression_ratio",
    "word_prob",
    "words_per_speech_s",
)


def group_of(row: dict[str, Any]) -> str:
    clip = row["clip"]
    if clip.voice == "samples/speech.wav":
        return "english: samples/speech.wav"
    if clip.kind == "english-mix":
        return f"english + {clip.background.split(':')[0]}"
    if clip.kind in OTHER:
        return f"{clip.language}" + (" + noise" if clip.kind == "other-mix" else "")
    return clip.kind


def _spread(values: list[float]) -> str:
    if not values:
        return "—"
    values = sorted(values)
    return f"{statistics.median(values):.2f} ({values[0]:.2f}…{values[-1]:.2f})"


def signal_table(results: dict[str, dict[str, Any]], half: str) -> list[str]:
    groups: dict[str, list[dict[str, float | None]]] = {}
    for row in results.values():
        if row["clip"].half == half:
            groups.setdefault(group_of(row), []).append(clip_signals(row["baseline"]))
    lines = [
        "| clips | n | words | avg_logprob | no_speech_prob | max compression ratio "
        "| mean word probability | words per speech second |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, rows in groups.items():
        cells = [_spread([v for r in rows if (v := r[k]) is not None]) for k in SIGNALS]
        lines.append(f"| {name} | {len(rows)} | " + " | ".join(cells) + " |")
    return lines


def clip_table(results: dict[str, dict[str, Any]], half: str) -> list[str]:
    lines = [
        "| clip | voice | words | avg_logprob | no_speech_prob | compression | word prob "
        "| words/s | today's text |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for cid, row in results.items():
        if row["clip"].half != half:
            continue
        sig = clip_signals(row["baseline"])
        cells = ["—" if (v := sig[k]) is None else f"{v:.2f}" for k in SIGNALS[1:]]
        text = row["baseline"]["text"].replace("|", "/")
        text = text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"
        words = int(sig["words"] or 0)
        lines.append(
            f"| {cid} | {row['clip'].voice} | {words} | " + " | ".join(cells) + f" | {text} |"
        )
    return lines


# --- the markdown section ------------------------------------------------------------------------


def _time(s: dict[str, Any]) -> str:
    """The ratio of the total times, then the per-clip ratios' median and 10th-90th percentiles
    (how much a busy machine moved single clips)."""
    each = s["time_ratios"]
    spread = f"{each[len(each) // 10]:.2f}…{each[(9 * len(each)) // 10]:.2f}"
    return f"{s['time_ratio']:.2f} (per clip: median {statistics.median(each):.2f}, {spread})"


def _pct(s: dict[str, Any]) -> str:
    return "—" if s["share"] is None else f"{100 * s['share']:.0f} % ({s['hits']}/{s['of']})"


def _num(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.1f} %" if pct else f"{value:.2f}"


# What happened between measurements of the held-out half (it is never tuned on, but each time
# it is looked at, this says so).
HISTORY = [
    "History. (1) The first rules (confidence under 0.56, under 0.9 words per second of speech, "
    "hallucinations), designed on a tuning half of 135 clips, flagged 98 % (55/56) of its "
    "other-language clips and 94 % (72/77) of the held-out half's, English 0 % in both. "
    "(2) Whisper's own failed-decode rule (avg_logprob under −1, a published constant) was added "
    "and the thresholds moved to the middle of their tuning-half plateaus (0.53, 0.8): held-out "
    "92 % (71/77), English 0 %. The tuning half was too easy to tell these apart, so (3) it grew "
    "by 38 clips, short phrases and languages close to English (af, da, nb, more de and nl; the "
    "held-out half unchanged), and the confidence threshold became the highest one that keeps "
    "that half's English within the 2 % allowed (0.56). The held-out half was seen after (1) and "
    "(2) as these counts, and after (2) the names of its misses were printed; its signals were "
    "never looked at.",
]
NAMES_SHOWN = 6  # clip ids listed before "… and N more"


def _names(ids: list[str]) -> str:
    if not ids:
        return "none"
    more = f" … and {len(ids) - NAMES_SHOWN} more" if len(ids) > NAMES_SHOWN else ""
    return ", ".join(ids[:NAMES_SHOWN]) + more


def exceptions(results: dict[str, dict[str, Any]], halves: list[str]) -> list[str]:
    """The misses by name, and why each flagged clip was flagged, per half."""
    lines = ["Misses and reasons (peepshow now):", ""]
    for half in halves:
        rows = {cid: r for cid, r in results.items() if r["clip"].half == half}
        english = [
            c for c, r in rows.items() if r["clip"].kind in ENGLISH and flagged(transcript_of(r))
        ]
        missed = [
            c for c, r in rows.items() if r["clip"].kind in OTHER and not flagged(transcript_of(r))
        ]
        noisy = [
            c
            for c, r in rows.items()
            if r["clip"].kind in NO_SPEECH and reliable_words(transcript_of(r))
        ]
        reasons: dict[str, int] = {}
        for r in rows.values():
            t = transcript_of(r)
            if r["clip"].kind in OTHER and t is not None and t.get("reason"):
                reasons[t["reason"]] = reasons.get(t["reason"], 0) + 1
        why = "; ".join(
            f"{n}× {reason}" for reason, n in sorted(reasons.items(), key=lambda x: -x[1])
        )
        lines.append(
            f"- {half}: English flagged: {_names(english)}; other languages not flagged: "
            f"{_names(missed)}; music/noise/silence with reliable words: {_names(noisy)}; "
            f"why other languages were flagged: {why or '—'}"
        )
    return lines


def markdown(
    scored: dict[str, dict[str, Any]], results: dict[str, dict[str, Any]], quick: bool
) -> str:
    halves = [h for h in HALVES if h in scored]
    head = " | ".join(f"{h}: today | {h}: now" for h in halves)
    lines = [
        BEGIN,
        "## Speech: can a transcript be trusted?",
        "",
        f"Generated by `make eval-speech` ({dt.date.today().isoformat()}, {platform.machine()}, "
        f"{sum(s['clips'] for s in scored.values())} clips{', --quick' if quick else ''}): "
        "the corpus of `devtools/speech_corpus.py` (espeak-ng English in seven accents at three "
        "speeds, `samples/speech.wav`, English over synthetic music or noise at 10–20 dB SNR, "
        "espeak-ng speech in fourteen other languages, music-only, noise-only and silent tracks), "
        "each through a whole peepshow run with the default (bundled `tiny.en`) model (the "
        "pipeline `peepshow CLIP --no-sinks` runs, in-process; the CLI itself on every tenth "
        "clip). *Today* is faster-whisper called directly with peepshow's original "
        "options (it flags nothing). *tune* is the half the rules were designed on; *held* was "
        "only ever measured (other texts and voices, and three languages of its own: sv, cs, "
        "tr; the tuning half has af, da, nb of its own).",
        "",
        f"| measure | target | {head} |",
        "| --- | --- |" + " --- | --- |" * len(halves),
    ]

    def row(label: str, target: str, today: Any, now: Any) -> None:
        cells = " | ".join(f"{today(scored[h])} | {now(scored[h])}" for h in halves)
        lines.append(f"| {label} | {target} | {cells} |")

    def zero(key: str) -> Any:
        return lambda s: _pct({**s[key], "hits": 0, "share": 0.0 if s[key]["of"] else None})

    row(
        "other languages flagged unreliable",
        "≥ 95 %",
        zero("other_flagged"),
        lambda s: _pct(s["other_flagged"]),
    )
    row(
        "English clips flagged unreliable",
        "≤ 2 %",
        zero("english_flagged"),
        lambda s: _pct(s["english_flagged"]),
    )
    row(
        "music/noise/silence with reliable words",
        "0",
        lambda s: _pct(s["no_speech_words_today"]),
        lambda s: _pct(s["no_speech_reliable"]),
    )
    for key, label in (
        ("wer", "WER, all English"),
        ("wer_clean", "WER, clean English"),
        ("wer_mix", "WER, English over music/noise"),
    ):
        row(
            label,
            "≤ today",
            lambda s, k=key: _num(s[k]["today"], True),
            lambda s, k=key: _num(s[k]["now"], True),
        )
    row(
        "transcription time (ratio to today)",
        "≤ 1.05",
        lambda s: "1.00",
        _time,
    )
    row(
        "runs with a repeated warning line",
        "0",
        lambda s: "—",
        lambda s: str(s["repeated_warnings"]),
    )
    row(
        "CLI spot check: exit 0, and the same flag as in-process",
        "all",
        lambda s: "—",
        lambda s: (
            f"{s['cli_runs'] - s['cli_errors']}/{s['cli_runs']}, {s['cli_agrees']}/{s['cli_runs']}"
        ),
    )
    lines += ["", *exceptions(results, halves), "", *HISTORY]
    lines += [
        "",
        "### What the decoder says today (tuning half)",
        "",
        "Medians (min…max) per clip of faster-whisper's own signals with the bundled model: the "
        "token-weighted `avg_logprob` and `no_speech_prob` of the decoded windows, the largest "
        "gzip `compression_ratio`, the mean word probability, and words per second of speech "
        "the VAD kept. The held-out half's signals are not shown here on purpose; every clip's "
        "figures are in `.eval-cache/speech/results.json` after a run.",
        "",
        *signal_table(results, "tune"),
        "",
        "<details><summary>Every clip of the tuning half</summary>",
        "",
        *clip_table(results, "tune"),
        "",
        "</details>",
        END,
    ]
    return "\n".join(lines)


def write_section(section: str, path: Path = ACCURACY) -> None:
    """Replace the speech section of docs/ACCURACY.md (create the file or append if missing)."""
    text = path.read_text("utf-8") if path.exists() else "# Accuracy\n\nMeasured by `make eval`.\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, "utf-8")


def from_json(saved: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The results `to_json` saved, with their clips back as Clip objects."""
    from devtools.speech_corpus import Clip

    return {
        cid: {**{k: v for k, v in row.items() if k != "signals"}, "clip": Clip(**row["clip"])}
        for cid, row in saved["clips"].items()
    }


def to_json(results: dict[str, dict[str, Any]], scored: dict[str, Any]) -> dict[str, Any]:
    clips = {
        cid: {
            **{k: v for k, v in row.items() if k != "clip"},
            "clip": asdict(row["clip"]),
            "signals": clip_signals(row["baseline"]),
        }
        for cid, row in results.items()
    }
    return {"scores": scored, "clips": clips}
