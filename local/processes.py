"""What the local stack's child processes share."""

from __future__ import annotations

import shutil
import subprocess


def dying_with_parent() -> list[str]:
    """A prefix for a child's command: the child gets SIGTERM when the thread that started it
    ends, so a stack killed outright (SIGKILL) takes its servers along instead of leaving them
    on their ports. util-linux's `setpriv` (there on every Debian and Ubuntu), not a
    `preexec_fn`, which may deadlock a child forked beside other threads; nothing where it is
    missing. Start children from a thread that lives as long as they should (the main one)."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--"] if setpriv else []


def stop_child(process: subprocess.Popen[bytes] | None) -> None:
    """Asks a child to stop, and makes it if it does not within 15 s."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
