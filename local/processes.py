"""What the local stack's child processes share."""

from __future__ import annotations

import ctypes
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """For `preexec_fn`: the child gets SIGTERM when the thread that started it ends, so a stack
    killed outright (SIGKILL) takes its servers along instead of leaving them on their ports.
    Start children from a thread that lives as long as they should (the main one)."""
    if sys.platform == "linux":
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
