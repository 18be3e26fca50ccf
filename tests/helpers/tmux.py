"""Drive the real `opsconsole` in tmux as a person on a bastion would: keys in, screen out."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Tmux:
    def __init__(
        self,
        width: int = 120,
        height: int = 40,
        term: str = "xterm-256color",
        env: dict[str, str] | None = None,
    ) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed")
        self.socket = f"opsconsole-test-{uuid.uuid4().hex[:8]}"
        self.width, self.height, self.term = width, height, term
        self.env = env or {}

    def _tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        return out.stdout

    def start(self, args: list[str], cwd: Path = ROOT) -> None:
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in {"TERM": self.term, **self.env}.items())
        # COLUMNS/LINES inherited from the test runner would override tmux's real size.
        cmd = (
            f"cd {shlex.quote(str(cwd))} && env -u COLUMNS -u LINES {env} "
            f"{shlex.quote(sys.executable)} -m console "
        )
        cmd += " ".join(shlex.quote(a) for a in args)
        cmd += "; echo EXITED $?; sleep 30"
        self._tmux(
            "new-session", "-d", "-x", str(self.width), "-y", str(self.height), "-s", "t", cmd
        )

    def set_option(self, name: str, value: str) -> None:
        """A server option (``set-clipboard on``: OSC 52 from the app fills tmux's buffer)."""
        self._tmux("set-option", "-s", name, value)

    def buffer(self) -> str:
        """tmux's newest paste buffer (what an application copied with OSC 52)."""
        return self._tmux("show-buffer")

    def quit(self) -> None:
        """q, and y if the console asks because a gate is open; then the exit line."""
        self.keys("q")
        screen = self.wait_for(lambda s: "EXITED" in s or "Quit with a gate open?" in s, 20)
        if "EXITED" not in screen:
            self.keys("y")
        self.wait_for("EXITED 0", timeout=20)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "t", *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 30.0) -> str:
        check = (lambda s: predicate in s) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.25)
        raise AssertionError(f"timed out waiting; the screen was:\n{screen}")

    def close(self) -> None:
        self._tmux("kill-server")


def tmux_available() -> bool:
    return shutil.which("tmux") is not None and os.name == "posix"
