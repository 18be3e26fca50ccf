"""`opsconsole serve`: the console in a browser, through textual-serve, for people without a
terminal. Each browser tab runs its own `opsconsole` process (the command given, or the demo).
"""

from __future__ import annotations

import shlex
import sys


def serve(*, host: str = "127.0.0.1", port: int = 8000, command: list[str] | None = None) -> int:
    from textual_serve.server import Server

    args = command or ["demo"]
    line = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "console", *args])
    print(f"serving '{' '.join(args)}' on http://{host}:{port} (ctrl+c to stop)", flush=True)
    Server(line, host=host, port=port, title="opsconsole").serve()
    return 0
