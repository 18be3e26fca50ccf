"""Review of the screen's terminal check against how a terminal is really presented: Textual
draws on stderr and reads stdin, so those two are the ones that must be a terminal."""

from __future__ import annotations

import sys

import pytest

from console.cli import UsageError, _need_terminal


class _End:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def _ends(monkeypatch: pytest.MonkeyPatch, stdin: bool, stderr: bool) -> None:
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setattr(sys, "__stdin__", _End(stdin))
    monkeypatch.setattr(sys, "stdin", _End(stdin))
    monkeypatch.setattr(sys, "__stderr__", _End(stderr))


def test_stdout_redirected_leaves_the_screen_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    # Textual's LinuxDriver (textual/drivers/linux_driver.py): self._file = sys.__stderr__,
    # input from sys.__stdin__; "opsconsole demo > out.txt" in a terminal (tried in tmux)
    # draws the whole screen and leaves out.txt empty: no reason to refuse it
    _ends(monkeypatch, stdin=True, stderr=True)
    monkeypatch.setattr(sys, "stdout", _End(False))
    _need_terminal("demo", "x")


def test_stderr_a_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # "opsconsole demo 2> err.log" in a terminal: stdin and stdout are the terminal, yet
    # every escape code went into err.log (144 KB in 8 s in tmux) and the terminal stayed blank
    _ends(monkeypatch, stdin=True, stderr=False)
    monkeypatch.setattr(sys, "stdout", _End(True))
    with pytest.raises(UsageError, match="needs a terminal"):
        _need_terminal("demo", "x")


def test_stdin_at_end_of_file_is_still_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _ends(monkeypatch, stdin=False, stderr=True)
    with pytest.raises(UsageError, match="needs a terminal"):
        _need_terminal("replay", "x")
