"""`peepshow batch` throughput (part of `make bench`): 12 short talks with speech, processed

- one after another, each by its own `peepshow TALK` process (the shell-loop baseline);
- by `peepshow batch` on the local engine (default jobs: one per core);
- by `peepshow batch --engine ray` on a Ray cluster started beforehand (a long-lived cluster,
  as in production) and, separately, with a local Ray started for the run.

Everything in the same invocation, on the same files, with fresh output folders and no sinks;
results are ratios of wall times. Worker memory is sampled (RSS of every worker, every 0.2 s).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from devtools.bench_videos import CACHE

TALKS = 12
SEED = 1515
MIN_S, MAX_S = 10.0, 30.0
SENTENCES = (
    "Welcome to this short talk about our quarterly results.",
    "The next slide shows how the new warehouse changed delivery times.",
    "We hired four engineers and two designers this spring.",
    "Questions about the budget go to the finance team by Friday.",
    "This chart compares the old pipeline with the new one.",
    "Thank you for listening, and see you at the next review.",
)
SAMPLE_S = 0.2


def talks() -> list[tuple[Path, float]]:
    """12 distinct 640x360 talks of 10-30 s (seeded lengths and sentence orders), each speaking
    throughout; rendered once into .bench-cache/batch-talks/."""
    from devtools.synthvideo import Talk, render_talk, slides_with_builds, speak

    folder = CACHE / "batch-talks"
    rng = np.random.default_rng(SEED)
    made = []
    for n in range(TALKS):
        seconds = float(np.round(rng.uniform(MIN_S, MAX_S), 1))
        order = rng.permutation(len(SENTENCES))
        path = folder / f"talk-{n + 1:02d}.mp4"
        made.append((path, seconds))
        if path.exists():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        text = " ".join(SENTENCES[i] for i in order) * 2
        wav = speak(f"Talk {n + 1}. {text}", folder / f"talk-{n + 1:02d}.wav")
        states = slides_with_builds(3, seconds / 3)
        for state in states:
            state.title = f"Talk {n + 1}: {state.title}"
        talk = Talk(states, duration_s=seconds, width=640, height=360, fps=15, audio_wav=wav)
        part = path.with_suffix(".part.mp4")
        render_talk(talk, part)
        part.replace(path)
    return made


class WorkerMemory:
    """Peak RSS (MB) of the processes that look like batch workers, sampled in a thread."""

    def __init__(self) -> None:
        self.peak: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(SAMPLE_S):
            for proc in psutil.process_iter(["cmdline", "memory_info"]):
                line = " ".join(proc.info["cmdline"] or [])
                worker = "spawn_main" in line or line.startswith("ray::BatchWorker")
                if worker and proc.info["memory_info"] is not None:
                    rss = proc.info["memory_info"].rss / 2**20
                    self.peak[proc.pid] = max(rss, self.peak.get(proc.pid, 0.0))


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PEEPSHOW_CONFIG_DIR": str(tmp / "config"),
        "PEEPSHOW_STATE_DIR": str(tmp / "state"),
        "PEEPSHOW_NO_SINKS": "1",
        # a fresh transcript cache per run: no arm may reuse another's transcripts
        "PEEPSHOW_CACHE_DIR": tempfile.mkdtemp(prefix="cache-", dir=tmp),
    }


def _peepshow() -> str:
    return str(Path(sys.executable).parent / "peepshow")


def run_sequential(files: list[Path], tmp: Path) -> dict[str, Any]:
    start = time.perf_counter()
    for path in files:
        subprocess.run(
            [_peepshow(), str(path), "--emit", "none", "--out", str(tmp / "seq")],
            check=True,
            env=_env(tmp),
            capture_output=True,
        )
    return {"time_s": time.perf_counter() - start}


def run_batch(folder: Path, tmp: Path, name: str, *extra: str) -> dict[str, Any]:
    out, lines = tmp / f"out-{name}", tmp / f"{name}.jsonl"
    cmd = [_peepshow(), "batch", str(folder), "--out", str(out), "--jsonl", str(lines), *extra]
    with WorkerMemory() as memory:
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=_env(tmp), capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"skipped": f"exit {proc.returncode}: {tail}"}
    payloads = [json.loads(line) for line in lines.read_text().splitlines()]
    words = sum(len((p["transcript"] or {}).get("text", "").split()) for p in payloads)
    return {
        "time_s": elapsed,
        "videos": len(payloads),
        "words": words,
        "worker_rss_mb": sorted(round(v) for v in memory.peak.values()),
        "summary": proc.stderr.strip().splitlines()[-1],
    }


CLUSTER = (
    "import sys, ray\n"
    "ray.init(include_dashboard=False, logging_level='ERROR')\n"
    "print(ray.get_runtime_context().gcs_address, flush=True)\n"
    "sys.stdin.read()\n"
    "ray.shutdown()\n"
)


def measure() -> dict[str, Any]:
    made = talks()
    media_s = sum(seconds for _path, seconds in made)
    with tempfile.TemporaryDirectory(prefix="peepshow-bench-batch-") as name:
        tmp = Path(name)
        folder = tmp / "talks"
        folder.mkdir()
        for path, _seconds in made:
            shutil.copy(path, folder / path.name)
        rows: dict[str, Any] = {}
        print("  sequential peepshow ...", file=sys.stderr, flush=True)
        rows["sequential"] = run_sequential(sorted(folder.glob("*.mp4")), tmp)
        print("  batch local ...", file=sys.stderr, flush=True)
        rows["batch-local"] = run_batch(folder, tmp, "local")
        rows.update(_ray_rows(folder, tmp))
    return {"talks": len(made), "media_s": media_s, "cpus": os.cpu_count(), "rows": rows}


def _ray_rows(folder: Path, tmp: Path) -> dict[str, Any]:
    try:
        import ray  # noqa: F401
    except ImportError:
        return {"batch-ray": {"skipped": "ray is not installed (pip install '.[ray]')"}}
    rows: dict[str, Any] = {}
    print("  batch ray (running cluster) ...", file=sys.stderr, flush=True)
    # Ray turns token authentication on for local clusters: the driver needs the same token.
    os.environ.setdefault("RAY_AUTH_MODE", "token")
    os.environ.setdefault("RAY_AUTH_TOKEN", secrets.token_hex(24))
    cluster = subprocess.Popen(
        [sys.executable, "-c", CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert cluster.stdout is not None and cluster.stdin is not None
    try:
        address = cluster.stdout.readline().strip()
        rows["batch-ray"] = run_batch(
            folder, tmp, "ray", "--engine", "ray", "--ray-address", address
        )
    finally:
        cluster.stdin.close()
        cluster.wait(60)
    print("  batch ray (local Ray started for the run) ...", file=sys.stderr, flush=True)
    rows["batch-ray-cold"] = run_batch(folder, tmp, "ray-cold", "--engine", "ray")
    return rows


def report(result: dict[str, Any]) -> list[str]:
    rows, media_h = result["rows"], result["media_s"] / 3600
    seq = rows["sequential"]["time_s"]
    local = rows.get("batch-local", {}).get("time_s")
    lines = [
        f"### `peepshow batch`: {result['talks']} talks, {result['media_s']:.0f} s of video, "
        f"{result['cpus']} CPUs",
        "",
        "| how | time s | videos/hour | hours of video/hour | per core | vs sequential | vs local "
        "| worker peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in rows.items():
        if "skipped" in row:
            lines.append(f"| {name} | skipped: {row['skipped']} ||||||| ")
            continue
        t = row["time_s"]
        hours = media_h / (t / 3600)
        lines.append(
            f"| {name} | {t:.1f} | {result['talks'] / (t / 3600):.0f} | {hours:.1f} "
            f"| {hours / result['cpus']:.1f} | {seq / t:.2f}x "
            f"| {(t / local if local else float('nan')):.2f}x "
            f"| {', '.join(str(v) for v in row.get('worker_rss_mb', [])) or '-'} |"
        )
    lines.append("")
    return lines
