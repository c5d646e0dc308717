"""Renderers of a run payload for people and for LLMs (`--emit summary` / `--emit markdown`).

Both are pure functions of the payload dict: deterministic, no I/O, safe on payloads without
frames (audio-only), without a transcript, and with or without `deliveries` (sink receipts).
"""

from __future__ import annotations

import json
from typing import Any

from peepshow_core.contract.vocab import Emit, TranscriptIssue
from peepshow_core.render.fmt import format_time, one_line
from peepshow_core.render.receipts import receipt_line

FIRST_WORDS = 12
LEFT_OUT = {issue.value for issue in TranscriptIssue if issue.left_out}


def _first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    head = " ".join(words[:count])
    return head + (" …" if len(words) > count else "")


def _video_facts(payload: dict[str, Any]) -> str:
    video = payload.get("video")
    if not video:
        return "no video track"
    fps = video.get("fps")
    fps_text = f", {fps:g} fps" if isinstance(fps, (int, float)) else ""
    return f"{video['width']}×{video['height']} {video.get('codec', '?')}{fps_text}"


def _transcript_facts(transcript: dict[str, Any]) -> str:
    language = transcript.get("language") or "language unknown"
    silence = transcript.get("silence_ratio")
    silence_text = f", {round(silence * 100)}% silence" if isinstance(silence, (int, float)) else ""
    facts = f"{language} ({transcript.get('engine')} {transcript.get('model')}){silence_text}"
    return facts + _unreliable(transcript)


def _unreliable(transcript: dict[str, Any]) -> str:
    """`, unreliable: REASON` when the transcript says it cannot be trusted, else nothing."""
    if transcript.get("reliable") is not False:
        return ""
    return f", unreliable: {one_line(transcript.get('reason') or 'see the warnings')}"


def _doubtful_frames(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Frames whose words are unreliable while the transcript as a whole is not."""
    transcript = payload.get("transcript") or {}
    if transcript.get("reliable") is False:
        return []
    return [f for f in payload.get("frames") or [] if f.get("transcript_reliable") is False]


def summary(payload: dict[str, Any], notes: bool = True) -> str:
    """The default human output: a few lines, then (with `notes`) the warnings and one line per
    sink receipt."""
    frames = payload.get("frames") or []
    lines = [
        f"{payload.get('title', '')} — {format_time(payload.get('duration_s'))}, "
        f"{_video_facts(payload)}"
    ]
    if frames:
        times = ", ".join(format_time(f["time_s"]) for f in frames)
        noun = "frame" if len(frames) == 1 else "frames"
        lines.append(f"{payload.get('strategy')}: {len(frames)} {noun} at {times}")
        if payload.get("frames_dir"):
            lines.append(f"frames: {payload['frames_dir']}")
    else:
        lines.append(f"{payload.get('strategy')}: no frames")
    sheet = payload.get("contact_sheet")
    if sheet:
        lines.append(f"contact sheet: {sheet['path']}")
    transcript = payload.get("transcript")
    if transcript:
        words = _first_words(one_line(transcript.get("text", ""))) or "(no speech)"
        language = transcript.get("language") or "?"
        lines.append(f"transcript: {language}{_unreliable(transcript)} — {words}")
        doubtful = _doubtful_frames(payload)
        if doubtful:
            times = ", ".join(format_time(f["time_s"]) for f in doubtful)
            lines.append(f"transcript: unreliable words in the frames at {times}")
    else:
        lines.append(f"transcript: none — {payload.get('transcript_reason') or 'not requested'}")
    if notes:
        lines += [f"warning: {one_line(w)}" for w in payload.get("warnings") or []]
        lines += [f"sink {receipt_line(d)}" for d in payload.get("deliveries") or []]
    return "\n".join(lines) + "\n"


def _image_target(path: str) -> str:
    return f"<{path}>" if any(c in path for c in " ()<>") else path


def _segment_lines(transcript: dict[str, Any]) -> list[str]:
    segments = transcript.get("segments") or []
    if not segments:
        text = one_line(transcript.get("text", ""))
        return [text] if text else ["(no speech)"]
    lines = []
    for seg in segments:
        if seg.get("reason") in LEFT_OUT:
            continue  # a hallucination: not part of the transcript's text either
        doubt = f" (unreliable: {seg.get('reason')})" if seg.get("reliable") is False else ""
        lines.append(f"[{format_time(seg['start'])}] {one_line(seg['text'])}{doubt}")
    return lines or ["(no speech)"]


def markdown(payload: dict[str, Any]) -> str:
    """An LLM-ready digest: facts, one section per frame with what was said, the transcript."""
    frames = payload.get("frames") or []
    transcript = payload.get("transcript")
    out = [f"# {one_line(payload.get('title', '')) or 'Untitled video'}", ""]
    source = payload.get("source") or {}
    out.append(f"- Source: {source.get('name', '?')} ({source.get('path', '?')})")
    out.append(f"- Duration: {format_time(payload.get('duration_s'))} · {_video_facts(payload)}")
    noun = "frame" if len(frames) == 1 else "frames"
    where = f" in {payload['frames_dir']}" if frames and payload.get("frames_dir") else ""
    out.append(f"- Strategy: {payload.get('strategy')} · {len(frames)} {noun}{where}")
    if transcript:
        out.append(f"- Transcript: {_transcript_facts(transcript)}")
    else:
        out.append(f"- Transcript: none — {payload.get('transcript_reason') or 'not requested'}")
    sheet = payload.get("contact_sheet")
    if sheet:
        out.append(f"- Contact sheet: {sheet['path']} ({sheet['width']}×{sheet['height']})")
    if payload.get("tags"):
        out.append(f"- Tags: {', '.join(payload['tags'])}")
    out.append(f"- Run: {payload.get('run_id')}")

    out += ["", "## Frames", ""]
    if not frames:
        reason = "the file has no video track" if not payload.get("video") else "none selected"
        out += [f"No frames ({reason}).", ""]
    for number, frame in enumerate(frames, start=1):
        at = format_time(frame["time_s"])
        out += [f"### Frame {number} — {at}", ""]
        out.append(f"![Frame {number} at {at}]({_image_target(frame['path'])})")
        if frame.get("url"):
            out.append(f"Link: {frame['url']}")
        if transcript is not None:
            spoken = one_line(frame.get("transcript") or "")
            out += ["", f"> {spoken}" if spoken else "(nothing said while this frame was shown)"]
            if frame.get("transcript_reliable") is False:
                why = transcript.get("reason") or "the decoder was unsure of them"
                out.append(f"(these words may be wrong: {one_line(why)})")
        out.append("")

    out += ["## Transcript", ""]
    if transcript:
        out += _segment_lines(transcript)
    else:
        out.append(f"No transcript: {payload.get('transcript_reason') or 'not requested'}.")
    out.append("")

    if payload.get("warnings"):
        out += ["## Warnings", ""]
        out += [f"- {one_line(w)}" for w in payload["warnings"]]
        out.append("")
    if payload.get("deliveries"):
        out += ["## Sinks", ""]
        out += [f"- {receipt_line(d)}" for d in payload["deliveries"]]
        out.append("")
    return "\n".join(out)


def render(payload: dict[str, Any], emit: Emit, notes: bool = True) -> str | None:
    """What `--emit` prints on stdout: the JSON document, the markdown digest, the summary, or
    nothing (`none`). `notes=False` leaves the warnings and sink lines out of the summary (they
    were just shown on the same terminal)."""
    if emit is Emit.json:
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if emit is Emit.markdown:
        return shown(markdown(payload).rstrip("\n") + "\n")
    if emit is Emit.summary:
        return shown(summary(payload, notes))
    return None


def shown(text: str) -> str:
    """Text for a terminal: control characters other than line breaks and tabs (a file name's
    escape sequences) shown escaped, never obeyed."""
    return "".join(c if c.isprintable() or c in "\n\t" else repr(c)[1:-1] for c in text)
