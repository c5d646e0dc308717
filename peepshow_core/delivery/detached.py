"""Start a child in a session of its own, so a Ctrl-C meant for peepshow never reaches it.

`start_new_session=True` alone leaves a window: the child calls setsid() only after it was
forked, still inside peepshow's process group. CPython forks with vfork() where it can, and
its vfork child blocks every signal, resets every handled signal to its default action and then
unblocks them, all before setsid(); a Ctrl-C (SIGINT to the whole foreground group) arriving in
that window kills the child before it ran (measured: about 1 spawn in 12 while SIGINT is sent
to the group every half millisecond). With fork() the child keeps peepshow's handler until
exec(), so such a signal is consumed harmlessly. The subprocess documentation names
`subprocess._USE_VFORK` as the switch; it is turned off only while a detached child starts.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Sequence
from typing import Any

_VFORK_SWITCH = "_USE_VFORK"  # subprocess docs: "Disabling use of vfork() or posix_spawn()"
_SWITCH = threading.Lock()  # one detached start at a time flips the module's vfork switch


def popen_detached(argv: Sequence[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """`subprocess.Popen(argv, start_new_session=True, **kwargs)`, started with fork()."""
    with _SWITCH:
        saved = getattr(subprocess, _VFORK_SWITCH, None)
        setattr(subprocess, _VFORK_SWITCH, False)
        try:
            return subprocess.Popen(argv, start_new_session=True, **kwargs)
        finally:
            setattr(subprocess, _VFORK_SWITCH, saved)
