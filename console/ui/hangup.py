"""Noticing that the terminal has gone when no SIGHUP says so.

An SSH link that drops hangs the terminal up, and the kernel sends SIGHUP to the session's
leader only. Run under a wrapper that leads the session (``make demo``, a shell script that
outlives its child), the console never hears of it: Textual's input thread then reads
end-of-file in a loop (a core spinning on a shared bastion) and its output thread dies on
the first write, after which any exit blocks on the output queue. A hung-up terminal
answers ``tcgetattr`` with an error, so a look once a second tells.
"""

from __future__ import annotations

import sys
import termios


def terminal_fd() -> int | None:
    """The file descriptor of the terminal the console draws on, or None (a pipe, a test)."""
    stream = sys.__stdin__
    if stream is None:
        return None
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return None
    return None if terminal_gone(fd) else fd  # (a pipe or a file has no terminal's attributes)


def terminal_gone(fd: int) -> bool:
    """Has the terminal on ``fd`` been hung up (or closed)?"""
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError):
        return True
    return False
