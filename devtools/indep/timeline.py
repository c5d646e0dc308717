"""A seed's recording: size, fps, theme, deck, states and transitions, distractors."""

import numpy as np

from devtools.indep.distractors import Clip, Clock, Webcam
from devtools.indep.paint import background, make_theme
from devtools.indep.pointer import Pointer
from devtools.indep.slides import Slide
from devtools.indep.text import title_text

# ---------------------------------------------------------------- per-seed tables
# (fixed so that the counts asked for are met exactly over seeds 0-15)
ENCODES = ["x264", "x264-ultrafast", "x264-longgop", "vfr", "vp9", "hevc"]
RES_1080 = {2, 7, 10, 13}
RES_SPECIAL = {4: (1440, 900), 9: (1024, 768)}
NO_DISTRACT = {3, 9, 14}
WEBCAM = {0, 1, 2, 4, 5, 8, 10, 11, 13, 15}
NO_POINTER = {11}
CLIP = {0, 2, 5, 7, 10, 12, 13}
CLOCK = {1, 6, 11}
CARET = {4, 12}
FRESH_FROM = 32  # seeds from here on take the tables' row of seed % 16 (`table_seed`)
KINDS = ["bullets", "code", "diagram", "screenshot", "chart", "table", "mixed"]

# sizes in the slides are given for a 720-line screen and scaled by H / REFERENCE_H
REFERENCE_H = 720
# a recording lasts DURATION_S, one state every STATE_EVERY_S, N_STATES states at most/least
DURATION_S = (40, 70)
STATE_EVERY_S = (4.6, 6.2)
N_STATES = (8, 14)
# a state rests REST_S before the durations are fitted, then within MIN_REST_S..MAX_REST_S;
# a clip slide rests CLIP_REST_S (it plays for up to 30 s)
REST_S = (3.2, 9)
CLIP_REST_S = (10, 18)
MIN_REST_S = 3.2
MAX_REST_S = 18
# a transition that is not a cut takes at least this many frames
MIN_TRANSITION_FRAMES = 3
# transitions between slides and their probabilities, and durations (s) per transition
TRANSITIONS = ["cut", "crossfade", "dissolve", "push", "wipe"]
TRANSITION_P = [0.45, 0.2, 0.1, 0.12, 0.13]


class Deck:
    """The deck's shared look: size, scale, theme, background, content area, footer."""


def table_seed(seed):
    """The seed whose row of the per-seed tables a seed takes: its own up to `FRESH_FROM`
    (seeds 16-31 show only a pointer, at 720p: round 48's fresh draw), then that of
    `seed % 16` (a fresh draw as varied as seeds 0-15: webcams, clips, clocks, carets)."""
    return seed % 16 if seed >= FRESH_FROM else seed


def screen_size(seed):
    """(W, H) of a seed's screen."""
    seed = table_seed(seed)
    if seed in RES_1080:
        return 1920, 1080
    return RES_SPECIAL.get(seed, (1280, 720))


def distractors(seed):
    """The distractors a seed shows (the per-seed tables)."""
    seed = table_seed(seed)
    dis = []
    if seed not in NO_DISTRACT:
        if seed not in NO_POINTER:
            dis.append("pointer")
        if seed in WEBCAM:
            dis.append("webcam")
        if seed in CLIP:
            dis.append("clip")
        if seed in CLOCK:
            dis.append("clock")
        if seed in CARET:
            dis.append("caret")
    return dis


def transition(rng, ch):
    """(transition, duration in s) into a state reached by change ch."""
    if ch == "first":
        return "cut", 0
    if ch == "build":
        return ("cut", 0) if rng.random() < 0.6 else ("fade", rng.uniform(0.2, 0.4))
    if ch == "scroll":
        return "scroll", rng.uniform(0.5, 1.2)
    tr = rng.choice(TRANSITIONS, p=TRANSITION_P)
    td = {
        "cut": 0,
        "crossfade": rng.uniform(0.2, 1.5),
        "dissolve": rng.uniform(0.3, 1.0),
        "push": rng.uniform(0.3, 0.8),
        "wipe": rng.uniform(0.3, 0.8),
    }[tr]
    return tr, td


def build_recording(seed):
    """Everything about a seed's recording (a dict: size, fps, states with frame ranges and
    pictures, distractor objects); all draws from one Generator seeded with `seed`."""
    rng = np.random.default_rng(seed)
    W, H = screen_size(seed)
    encode = ENCODES[seed % len(ENCODES)]
    fps_opts = [24, 25, 30, 60] if (H == 720 and encode != "hevc") else [24, 25, 30]
    fps = int(rng.choice(fps_opts))
    th = make_theme(rng)
    kind = KINDS[rng.integers(len(KINDS))]
    dis = distractors(seed)
    d = Deck()
    d.W, d.H, d.th, d.s = W, H, th, H / REFERENCE_H
    d.bgimg = background(W, H, th)
    d.rng_fixed_vw = float(rng.uniform(0.62, 0.78))
    s = d.s
    # webcam corner and content area
    corner = ["br", "bl", "tr", "tl"][rng.choice(4, p=[0.5, 0.2, 0.2, 0.1])]
    if "clock" in dis:
        corner = "b" + corner[1]
    clock_left = corner[1] == "r" if "clock" in dis else False
    mx = int(W * 0.06)
    d.cx0, d.cx1 = mx, W - mx
    d.cy0, d.cy1 = int(H * 0.08) + (int(14 * s) if "clock" in dis else 0), H - int(60 * s)
    cam = None
    if "webcam" in dis:
        cam = Webcam(rng, W, H, corner, s)
        if corner[1] == "r":
            d.cx1 = min(d.cx1, cam.x - int(30 * s))
        else:
            d.cx0 = max(d.cx0, cam.x + cam.w + int(30 * s))
    d.footer = rng.random() < 0.5
    d.footer_left = corner[1] == "r"
    d.deck_title = title_text(rng)

    # ---- plan states
    target = float(rng.uniform(*DURATION_S))
    nstates = int(np.clip(round(target / rng.uniform(*STATE_EVERY_S)), *N_STATES))
    kinds_pool = [
        "bullets",
        "bullets",
        "code",
        "diagram",
        "diagram",
        "screenshot",
        "chart",
        "table",
    ]
    need = []
    if "clip" in dis:
        need.append("video")
    if "caret" in dis:
        need.append("code")
    if rng.random() < 0.7 or seed % 4 == 1:
        need.append("article")

    def pick_kind():
        if need and rng.random() < 0.45:
            return need.pop(0)
        if kind != "mixed" and rng.random() < 0.4:
            return kind
        return kinds_pool[rng.integers(len(kinds_pool))]

    slides = []
    states = []  # dict(slide, var, offset, change, transition, tframes, rest)
    cur = None
    made_return = False
    for si in range(nstates):
        remaining = nstates - si
        if si == 0:
            ch = "first"
        else:
            opts = []
            if cur["slide"].nvar > 1 and cur["var"] < cur["slide"].nvar - 1:
                opts += ["build"] * 10
            if cur["slide"].tall and cur["scrolls"] < 3:
                opts += ["scroll"] * 5
            earlier = [x for x in slides if x is not cur["slide"]]
            if earlier and si >= 3 and states[-1]["change"] != "return":
                opts += ["return"] * (6 if (not made_return and remaining <= 3) else 1)
            opts += ["slide"] * 4
            if need and remaining <= len(need) + 1:
                opts = ["slide"]
            ch = opts[rng.integers(len(opts))]
        if ch in ("first", "slide"):
            k = need.pop(0) if (need and remaining <= len(need) + 1) else pick_kind()
            if k == "video" and any(x.kind == "video" for x in slides):
                k = "bullets"
            sl = Slide(d, k, rng, len(slides) + 1)
            if sl.tall:
                sl.tall_factor = float(rng.uniform(2.2, 3.0))
            slides.append(sl)
            st = dict(slide=sl, var=sl.start_var, offset=0, scrolls=0)
        elif ch == "build":
            st = dict(slide=cur["slide"], var=cur["var"] + 1, offset=0, scrolls=0)
        elif ch == "scroll":
            sl = cur["slide"]
            sl.render(0)  # lays out the page -> content_h
            maxo = max(1, min(sl.height() - H, int(sl.content_h - 0.55 * H)))
            o = cur["offset"]
            step = int(rng.uniform(0.3, 0.8) * H)
            no = o + step if (o + step <= maxo and rng.random() < 0.85) else max(0, o - step)
            if no == o:
                no = min(maxo, o + step)
            st = dict(slide=sl, var=0, offset=no, scrolls=cur["scrolls"] + 1)
        else:
            earlier = [x for x in slides if x is not cur["slide"]]
            sl = earlier[rng.integers(len(earlier))]
            last = [x for x in states if x["slide"] is sl][-1]
            st = dict(slide=sl, var=last["var"], offset=last["offset"], scrolls=last["scrolls"])
            made_return = True
        st["change"] = ch
        tr, td = transition(rng, ch)
        st["transition"] = str(tr)
        st["tframes"] = round(td * fps) if tr != "cut" else 0
        if tr != "cut":
            st["tframes"] = max(st["tframes"], MIN_TRANSITION_FRAMES)
        st["dir"] = "h" if rng.random() < 0.65 else "v"
        st["rest_s"] = (
            float(rng.uniform(*CLIP_REST_S))
            if st["slide"].kind == "video" and ch != "return"
            else float(rng.uniform(*REST_S))
        )
        states.append(st)
        cur = st
    # fit total duration
    rests = np.array([x["rest_s"] for x in states])
    trans = sum(x["tframes"] for x in states) / fps
    for _ in range(10):
        scale = (target - trans) / rests.sum()
        rests = np.clip(rests * scale, MIN_REST_S, MAX_REST_S)
    for x, r in zip(states, rests, strict=True):
        x["rframes"] = round(r * fps)
    # frame ranges
    f = 0
    for x in states:
        x["s"] = f
        x["settle_f"] = f + x["tframes"]
        f = x["settle_f"] + x["rframes"]
        x["e"] = f - 1
    nframes = f
    dur = nframes / fps

    # render slide pictures
    for x in states:
        x["img"], x["boxes"], x["hands"] = x["slide"].render(x["var"])
    # clip
    clip = None
    for x in states:
        if x["slide"].kind == "video" and x["change"] != "return":
            cx, cy, cw, chh = x["slide"].clip_rect
            cw -= cw % 2
            chh -= chh % 2
            clip = Clip(rng, cw, chh, fps)
            x["slide"].clip_obj = clip
            clip.t0 = x["s"] / fps
            clip.stop = min(clip.length, (x["e"] - x["s"]) / fps)
            x["slide"].clip_rect = (cx, cy, cw, chh)
            break
    caret_slide = None
    if "caret" in dis:
        for x in states:
            if x["slide"].kind == "code":
                caret_slide = x["slide"]
                break
    rec = dict(
        seed=seed,
        W=W,
        H=H,
        fps=fps,
        encode=encode,
        th=th,
        kind=kind,
        dis=dis,
        states=states,
        nframes=nframes,
        dur=dur,
        cam=cam,
        clip=clip,
        caret_slide=caret_slide,
    )
    # clock
    rec["clock"] = Clock(rng, W, H, s, clock_left) if "clock" in dis else None
    rec["band"] = rec["clock"].band if rec["clock"] is not None else 0
    # pointer
    rec["pointer"] = None
    if "pointer" in dis:
        retina = rng.random() < 0.35
        shapes = rng.random() < 0.6
        ripples = rng.random() < 0.4
        hides = rng.random() < 0.6

        def targets(t, R):
            fi = min(int(t * fps), nframes - 1)
            st = state_at(states, fi)
            if st["boxes"] and R.random() < 0.5:
                b = st["boxes"][R.integers(len(st["boxes"]))]
                return np.array([R.uniform(b[0], b[2]), R.uniform(b[1], b[3]) - st["offset"]])
            return None

        rec["pointer"] = Pointer(
            rng, W, H, dur, fps, 2 if retina else 1, shapes, ripples, hides, targets
        )
        rec["retina"] = retina
    return rec


def state_at(states, fi):
    """The state frame fi belongs to (its transition included)."""
    for x in states:
        if x["s"] <= fi <= x["e"]:
            return x
    return states[-1]
