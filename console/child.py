"""A child process of ours: a fresh interpreter running one of our modules, with a pipe to it.

Not multiprocessing: spawn would re-run the caller's ``__main__`` and fork would copy the
caller's threads' locks. The child gets one end of a socketpair as a file descriptor number
(its last argument), runs in its own session (Ctrl-C is the caller's; the child sees the pipe
close), and finds this package whatever the caller's working directory.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO


def start_child(
    module: str, *args: str, stderr: int | IO[bytes] | None = subprocess.DEVNULL
) -> tuple[subprocess.Popen[bytes], Connection]:
    """``python -m module *args FD``: the process and the caller's end of the pipe. Raises
    OSError when the interpreter cannot be started."""
    parent_end, child_end = socket.socketpair()
    package_root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    try:
        proc = subprocess.Popen(
            # -P: not the working directory first on sys.path (a `console` there would run).
            [sys.executable, "-P", "-m", module, *args, str(child_end.fileno())],
            pass_fds=(child_end.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
            start_new_session=True,
        )
    except OSError:
        parent_end.close()
        raise
    finally:
        child_end.close()
    return proc, Connection(parent_end.detach())
