"""Frames, ffmpeg encoding and ground truth."""

import json
import os
import subprocess

import numpy as np

from devtools.indep.paint import ease
from devtools.indep.timeline import state_at

# cross-fades blend in 8-bit fixed point: weight w of FADE_ONE on the new picture, 1 <= w < FADE_ONE
FADE_ONE = 256
# a dissolve's per-pixel order comes from its own Generator, seeded with seed + DISSOLVE_SEED
DISSOLVE_SEED = 99


def state_picture(rec, st, fi):
    """Full picture of state st at frame fi (slide + clip + caret), before overlays."""
    sl = st["slide"]
    img = page_view(rec, st["img"], st["offset"]) if sl.tall else st["img"]
    out = img.copy()
    fps = rec["fps"]
    if sl.kind == "video" and getattr(sl, "clip_obj", None) is not None:
        c = sl.clip_obj
        t = fi / fps - c.t0
        t = max(0.0, min(t, c.stop))
        if st["change"] == "return":
            t = c.stop
        x, y, w, h = sl.clip_rect
        out[y : y + h, x : x + w] = c.frame(t)
    caret_on = int((fi / fps - st["s"] / fps) * 2) % 2 == 0
    if rec["caret_slide"] is sl and sl.caret is not None and caret_on:
        x, y, w, h = sl.caret
        out[int(y) : int(y + h), int(x) : int(x + w)] = rec["th"]["fg"]
    return out


def page_view(rec, page, o):
    """Viewport onto a tall page; with a menu bar (clock seeds) the viewport starts below it."""
    H = rec["H"]
    bd = rec.get("band", 0)
    if bd == 0:
        return page[o : o + H].copy()
    out = np.empty((H, *page.shape[1:]), np.uint8)
    out[:bd] = page[0:1]
    out[bd:] = page[o : o + H - bd]
    return out


def static_picture(rec, st, fi=0):
    """State st's slide picture alone (no clip, caret or overlays)."""
    img = st["img"]
    if st["slide"].tall:
        img = page_view(rec, img, st["offset"])
    return img.copy()


def render_frame(rec, fi, static=False):
    """Frame fi; static=True: slide pictures only, no distractors (how truth times are measured)."""
    pic = static_picture if static else state_picture
    fin = (lambda r, f, i, b, h: f) if static else finish_frame
    states = rec["states"]
    st = state_at(states, fi)
    j = states.index(st)
    k = fi - st["s"]
    n = st["tframes"]
    if k < n and j > 0:
        prev = states[j - 1]
        u = (k + 1) / (n + 1)
        tr = st["transition"]
        if tr == "scroll":
            o0, o1 = prev["offset"], st["offset"]
            o = o0 + (o1 - o0) * ease(u)
            o = round(o)
            if o == o0:
                o = o0 + (1 if o1 > o0 else -1)
            if o == o1:
                o = o1 - (1 if o1 > o0 else -1)
            frame = page_view(rec, st["img"], o)
            bd = rec.get("band", 0)
            boxes = [(b[0], b[1] - o + bd, b[2], b[3] - o + bd) for b in st["boxes"]]
            return fin(rec, frame, fi, boxes, st["hands"])
        frame = blend(rec, st, pic(rec, prev, fi), pic(rec, st, fi), u)
        return fin(rec, np.ascontiguousarray(frame), fi, [], [])
    frame = pic(rec, st, fi)
    boxes = st["boxes"]
    if st["slide"].tall:
        o = st["offset"]
        bd = rec.get("band", 0)
        boxes = [(b[0], b[1] - o + bd, b[2], b[3] - o + bd) for b in boxes]
    return fin(rec, frame, fi, boxes, st["hands"])


def blend(rec, st, a, b, u):
    """A transition frame into state st from picture a to picture b, u of the way (0 < u < 1)."""
    W, H = rec["W"], rec["H"]
    tr = st["transition"]
    if tr in ("crossfade", "fade"):
        w = round(u * FADE_ONE)
        w = min(max(w, 1), FADE_ONE - 1)
        mixed = a.astype(np.uint16) * (FADE_ONE - w) + b.astype(np.uint16) * w + FADE_ONE // 2
        return (mixed >> 8).astype(np.uint8)
    if tr == "dissolve":
        if "dmask" not in rec:
            order = np.random.default_rng(rec["seed"] + DISSOLVE_SEED)
            rec["dmask"] = order.random((H, W), dtype=np.float32)
        m = rec["dmask"] < u
        return np.where(m[..., None], b, a)
    if tr in ("push", "wipe"):
        L = W if st["dir"] == "h" else H
        p = round(ease(u) * L)
        p = min(max(p, 1), L - 1)
        if tr == "push":
            if st["dir"] == "h":
                return np.concatenate([a[:, p:], b[:, :p]], axis=1)
            return np.concatenate([a[p:], b[:p]], axis=0)
        frame = a.copy()
        if st["dir"] == "h":
            frame[:, :p] = b[:, :p]
        else:
            frame[:p] = b[:p]
        return frame
    return b


def finish_frame(rec, frame, fi, boxes, hands):
    """Draws the distractors (clock, webcam, pointer) over a frame, in place."""
    t = fi / rec["fps"]
    if rec["clock"] is not None:
        rec["clock"].composite(frame, t)
    if rec["cam"] is not None:
        rec["cam"].composite(frame, t)
    if rec["pointer"] is not None:
        rec["pointer"].composite(frame, fi, boxes, hands)
    return frame


def ffmpeg_cmd(rec, path):
    """The ffmpeg command encoding raw RGB frames from stdin with the seed's encode."""
    W, H, fps = rec["W"], rec["H"], rec["fps"]
    base = [
        "ffmpeg",
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{W}x{H}",
        "-r",
        str(fps),
        "-i",
        "-",
        "-threads",
        "1",
    ]
    e = rec["encode"]
    if e == "x264":
        c = ["-c:v", "libx264"]
    elif e == "x264-ultrafast":
        c = [
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "30",
            "-g",
            str(2 * fps),
            "-bf",
            "0",
        ]
    elif e == "x264-longgop":
        c = ["-c:v", "libx264", "-preset", "veryfast", "-x264-params", "keyint=600:scenecut=0"]
    elif e == "vfr":
        c = ["-vf", "mpdecimate", "-fps_mode", "vfr", "-c:v", "libx264"]
    elif e == "vp9":
        c = [
            "-c:v",
            "libvpx-vp9",
            "-b:v",
            "0",
            "-crf",
            "36",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-row-mt",
            "1",
        ]
    elif e == "hevc":
        c = [
            "-c:v",
            "libx265",
            "-preset",
            os.environ.get("X265_PRESET", "fast"),
            "-crf",
            "28",
            "-x265-params",
            "log-level=error:pools=1:frame-threads=1",
        ]
    return base + c + ["-pix_fmt", "yuv420p", path]


def rec_name(rec):
    """iNN-THEME-KIND-HEIGHTpFPS-ENCODE"""
    return (
        f"i{rec['seed']:02d}-{'dark' if rec['th']['dark'] else 'light'}-{rec['kind']}-"
        f"{rec['H']}p{rec['fps']}-{rec['encode']}"
    )


def exact_times(rec):
    """Per state (start_frame, settle_frame) measured on distractor-free frames: start = first
    transition frame differing from the previous state's picture, settle = first frame from which
    on the picture equals the new state's picture."""
    states = rec["states"]
    out = []
    for j, x in enumerate(states):
        n = x["tframes"]
        if j == 0 or n == 0:
            out.append((x["s"], x["settle_f"]))
            continue
        P = static_picture(rec, states[j - 1])
        N = static_picture(rec, x)
        frames = [render_frame(rec, x["s"] + k, static=True) for k in range(n)]
        sk = next((k for k in range(n) if not np.array_equal(frames[k], P)), n)
        ek = n
        while ek > 0 and np.array_equal(frames[ek - 1], N):
            ek -= 1
        ek = max(ek, sk)
        out.append((x["s"] + sk, x["s"] + ek))
    return out


def truth(rec):
    """The ground truth dict written as NAME.json."""
    fps = rec["fps"]
    sts = []
    tt = exact_times(rec)
    for j, x in enumerate(rec["states"]):
        s0, s1 = tt[j]
        e = tt[j + 1][0] - 1 if j + 1 < len(tt) else rec["nframes"] - 1
        sts.append(
            dict(
                start=round(s0 / fps, 6),
                settle=round(s1 / fps, 6),
                end=round(e / fps, 6),
                change=x["change"],
                transition=x["transition"],
            )
        )
    return {
        "category": "screen",
        "name": rec_name(rec),
        "generator": "indep",
        "seed": rec["seed"],
        "duration_s": round(rec["nframes"] / fps, 6),
        "fps": fps,
        "width": rec["W"],
        "height": rec["H"],
        "encode": rec["encode"],
        "distractors": rec["dis"],
        "states": sts,
        "moving": [],
    }


def video_path(rec, outdir):
    """Where the recording's video goes: NAME.webm for vp9, NAME.mp4 otherwise."""
    ext = ".webm" if rec["encode"] == "vp9" else ".mp4"
    return os.path.join(outdir, rec_name(rec) + ext)


def write_truth(rec, outdir):
    """Write NAME.json (the ground truth) into outdir; returns its path."""
    path = os.path.join(outdir, rec_name(rec) + ".json")
    with open(path, "w") as fh:
        json.dump(truth(rec), fh, indent=1)
    return path


def encode(rec, path):
    """Render every frame and pipe it raw into ffmpeg; returns ffmpeg's exit code."""
    p = subprocess.Popen(ffmpeg_cmd(rec, path), stdin=subprocess.PIPE)
    assert p.stdin is not None
    for fi in range(rec["nframes"]):
        p.stdin.write(render_frame(rec, fi).tobytes())
    p.stdin.close()
    return p.wait()
