"""A sink started while Ctrl-C reaches peepshow's process group is not killed by it: the batch
lets deliveries under way finish after Ctrl-C, so one starting at that moment must survive."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Runs in a session of its own (its process group is the one signalled, as a terminal would):
# a thread starts sinks through the Runner while another process sends SIGINT to the group.
SCRIPT = textwrap.dedent(
    """
    import json, os, signal, subprocess, sys, threading
    from peepshow_core.contract.vocab import SinkKind
    from peepshow_core.delivery.children import Runner, Target

    caught = []
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    runner, target, results = Runner(30), Target("log", SinkKind.cmd, "cat >/dev/null"), []

    def deliver():
        for index in range(int(sys.argv[1])):
            results.append(runner.run(index, target, {"run_id": str(index)}))

    group = os.getpgid(0)
    blaster = subprocess.Popen(
        [sys.executable, "-c", "import os, signal, time\\nwhile True:\\n"
         f"    os.killpg({group}, signal.SIGINT)\\n    time.sleep(0.0005)"],
        start_new_session=True,
    )
    worker = threading.Thread(target=deliver)
    worker.start()
    worker.join()
    blaster.kill()
    failed = [(d.exit_code, d.error) for d in results if not d.ok]
    print(json.dumps({"failed": failed, "ran": len(results), "signals": len(caught)}))
    """
)
SPAWNS = 300


def test_sinks_started_during_ctrl_c_are_not_killed_by_it() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(SPAWNS)],
        capture_output=True,
        text=True,
        timeout=300,
        start_new_session=True,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["signals"] > SPAWNS  # SIGINT really kept arriving while the sinks started
    assert report["ran"] == SPAWNS
    assert report["failed"] == []
