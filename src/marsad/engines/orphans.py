"""Worker processes that die with their parent.

``kill -9`` or SIGTERM of ``marsad ingest --workers N`` gives its children no
chance to clean up: without help, the forkserver and the workers (hundreds of MB
each, models loaded) would live on, blocked on queues nobody writes to any more.

Workers ask Linux for a parent-death signal (``prctl(PR_SET_PDEATHSIG)``): their
parent is the forkserver, whose single thread forks them, so the signal comes
when the forkserver ends. The forkserver watches its own parent, the marsad
process, from a thread (:func:`watch_parent`): a parent-death signal would fire
when the *thread* that started it ends, and that may be a short-lived thread of
a server. Where ``prctl`` is missing, workers watch their parent the same way.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
# How often a watching thread looks at its parent, in seconds.
WATCH_EVERY = 0.5


def die_with_parent(root: int | None = None) -> None:
    """End this process when its parent process ends (a parent-death signal, else a watcher).

    ``root``, the process that asked for this one (through a forkserver), is checked
    once the request holds: if it ended before, this process ends now.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent or (root is not None and not alive(root)):
                    os._exit(1)  # the parent, or the root, ended before the request took effect
                return
        except (OSError, AttributeError):
            pass
    watch_parent(parent)


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a zombie counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def watch_parent(parent: int | None = None) -> None:
    """Start a daemon thread that ends this process once ``parent`` (default: the current parent) is gone."""
    expected = os.getppid() if parent is None else parent

    def watch() -> None:
        while os.getppid() == expected:
            time.sleep(WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="marsad-parent-watch", daemon=True).start()
